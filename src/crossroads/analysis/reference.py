"""Reference statistics: official trade and energy figures, bundled and user-loaded.

The bundled table (``crossroads/data/reference/figures.csv``) is built from the project's
sourced reference facts; users add newer rows with ``crossroads reference load FILE.csv`` (same
columns; values in base units). Rows are facts with a source URL and say whose statistics they
are (``statistics_of``). Where partner statistics disagree, both rows are kept; the index uses
the Central Asian state's own statistics when it has them and says so in its decomposition.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..store import Store

__all__ = ["ReferenceRow", "bundled_rows", "reference_rows", "read_reference_csv", "load_reference_csv"]

REQUIRED = ("reporter", "partner", "indicator", "period", "value", "unit")


@dataclass(frozen=True)
class ReferenceRow:
    id: str
    reporter: str
    partner: str
    indicator: str
    period: str
    value: float
    unit: str
    detail: str | None = None
    qualifier: str | None = None
    statistics_of: str | None = None
    source_url: str | None = None
    origin: str = "bundled"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _row(raw: dict[str, Any], origin: str, where: str) -> ReferenceRow:
    missing = [k for k in REQUIRED if not str(raw.get(k) or "").strip()]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}; columns needed: {', '.join(REQUIRED)}")
    try:
        value = float(raw["value"])
    except ValueError as exc:
        raise ConfigError(
            f"{where}: value {raw['value']!r} is not a number (use base units, e.g. 27000000000)"
        ) from exc
    key = "|".join(
        str(raw.get(k, "")) for k in ("reporter", "partner", "indicator", "period", "statistics_of")
    )
    return ReferenceRow(
        id=str(raw.get("id") or "u" + hashlib.sha256(key.encode()).hexdigest()[:12]),
        reporter=raw["reporter"].strip().upper(),
        partner=raw["partner"].strip().upper(),
        indicator=raw["indicator"].strip(),
        period=str(raw["period"]).strip(),
        value=value,
        unit=raw["unit"].strip(),
        detail=raw.get("detail") or None,
        qualifier=raw.get("qualifier") or None,
        statistics_of=(raw.get("statistics_of") or raw["reporter"]).strip().upper(),
        source_url=raw.get("source_url") or None,
        origin=origin,
    )


def _parse(text: str, origin: str) -> list[ReferenceRow]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    return [_row(raw, origin, f"{origin}:{n}") for n, raw in enumerate(reader, start=2)]


@functools.lru_cache(maxsize=1)
def bundled_rows() -> tuple[ReferenceRow, ...]:
    text = resources.files("crossroads").joinpath("data", "reference", "figures.csv").read_text("utf-8")
    return tuple(_parse(text, "bundled"))


def read_reference_csv(path: str | Path) -> list[ReferenceRow]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"reference file {path}: cannot read ({exc})") from exc
    return _parse(text, str(path))


def load_reference_csv(store: Store, path: str | Path) -> int:
    """Validate every row first, then store them all in one transaction."""
    rows = read_reference_csv(path)
    return store.add_reference_rows([r.to_dict() for r in rows], origin=str(path))


def reference_rows(store: Store | None = None) -> list[ReferenceRow]:
    """Bundled rows, with user-loaded rows added (a user row with the same id replaces one)."""
    rows = {r.id: r for r in bundled_rows()}
    if store is not None:
        for raw in store.list_reference_rows():
            rows[raw["id"]] = _row(
                {**raw, "value": raw["value"]}, raw.get("loaded_from") or "user", raw["id"]
            )
    return sorted(rows.values(), key=lambda r: (r.reporter, r.partner, r.indicator, r.period, r.id))
