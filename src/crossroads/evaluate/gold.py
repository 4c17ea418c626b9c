"""Read a folder of gold files (one JSON per article, FORMAT.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..ingest.read import make_article, parse_date
from ..records import Article

__all__ = ["GoldDoc", "load_gold"]


@dataclass(frozen=True)
class GoldDoc:
    path: Path
    article: Article
    events: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    claims: list[dict[str, Any]] | None  # None: the set is not labelled for claims


def _load_one(path: Path) -> GoldDoc:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"gold file {path}: cannot read it as JSON ({exc})") from exc
    if not isinstance(data, dict) or not data.get("id"):
        raise GoldError(f"gold file {path}: expected an object with an 'id'")
    text = data.get("text")
    if text is None and data.get("text_file"):
        target = path.parent.parent / data["text_file"]
        try:
            text = target.read_text(encoding="utf-8")
        except OSError as exc:
            raise GoldError(f"gold file {path}: text_file {target} cannot be read ({exc})") from exc
    if not isinstance(text, str):
        raise GoldError(f"gold file {path}: no 'text' and no readable 'text_file'")
    published = parse_date(data.get("published"), str(path))
    if text.strip():
        article = make_article(
            text,
            origin=str(path),
            url=data.get("url"),
            source=data.get("source"),
            title=data.get("title"),
            published=published,
            external_id=data["id"],
        )
        # Gold evidence refers to the raw text; keep it byte-identical for offsets.
        article = Article(**{**article.__dict__, "text": text})
    else:
        # A record whose text is missing still counts: nothing can be extracted from it.
        article = Article(
            id=f"gold:{data['id']}",
            text="",
            content_hash="",
            origin=str(path),
            published=published,
            external_id=data["id"],
        )
    for key in ("events", "figures"):
        if not isinstance(data.get(key, []), list):
            raise GoldError(f"gold file {path}: '{key}' must be a list")
    return GoldDoc(
        path,
        article,
        data.get("events", []),
        data.get("figures", []),
        data.get("claims") if isinstance(data.get("claims"), list) else None,
    )


def load_gold(folder: str | Path) -> list[GoldDoc]:
    """Every ``*.json`` gold file in ``folder`` (not recursive), sorted by name."""
    root = Path(folder)
    if not root.is_dir():
        raise GoldError(f"gold folder {root} does not exist or is not a folder")
    files = sorted(root.glob("*.json"))
    if not files:
        raise GoldError(f"gold folder {root} holds no *.json gold files")
    return [_load_one(p) for p in files]
