"""Export the whole store: one file per table, as Parquet, CSV or JSON Lines.

Events use PLOVER's field names (``event_type``, ``event_mode``, ``source_actor``,
``target_actor``, ``event_date``, ``contexts``); each per-article event names its canonical
event, and evidence (article, offsets, sentence) comes with every record.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .errors import ConfigError
from .store import Store

__all__ = ["export_store", "TABLES"]

TABLES = ("articles", "events", "canonical_events", "figures", "claims")


def _frame(store: Store, table: str) -> pd.DataFrame:
    columns, rows = store.export_rows(table)
    frame = pd.DataFrame([list(r) for r in rows], columns=columns)
    for column in ("evidence", "stance"):
        if column in frame:
            frame[column] = [json.loads(v) if isinstance(v, str) else v for v in frame[column]]
    return frame


def export_store(store: Store, out: str | Path, fmt: str) -> list[tuple[Path, int]]:
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create export folder {out}: {exc.strerror}") from exc
    written = []
    for table in TABLES:
        frame = _frame(store, table)
        path = out / f"{table}.{'jsonl' if fmt == 'jsonl' else fmt}"
        if fmt == "parquet":
            frame.to_parquet(path, index=False)
        elif fmt == "csv":
            flat = frame.copy()
            for column in flat.columns:
                if flat[column].map(lambda v: isinstance(v, (list, dict))).any():
                    flat[column] = flat[column].map(lambda v: json.dumps(v, ensure_ascii=False, default=str))
            flat.to_csv(path, index=False)
        elif fmt == "jsonl":
            frame.to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
        else:
            raise ConfigError(f"export format {fmt!r}: use parquet, csv or jsonl")
        written.append((path, len(frame)))
    return written
