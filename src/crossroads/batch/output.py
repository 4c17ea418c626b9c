"""A batch result on disk: one Parquet dataset per record type, one part file per chunk.

    OUTPUT/articles/part-00000-000000.parquet
    OUTPUT/events/part-00000-000000.parquet
    OUTPUT/figures/...   OUTPUT/claims/...   OUTPUT/errors/...

A chunk's parts share its key. Each part is written under a hidden name and then renamed, and
the articles part is written last, so a chunk whose articles part exists is complete. Readers
(pyarrow, DuckDB, Spark, ``crossroads load``) read each folder as one dataset.
"""

from __future__ import annotations

import logging

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import ConfigError
from .inputs import filesystem
from .tables import KINDS, SCHEMAS

__all__ = ["prepare_output", "write_parts", "part_keys", "read_part", "read_kind"]

log = logging.getLogger(__name__)

PREFIX, SUFFIX = "part-", ".parquet"


def prepare_output(output: str, *, overwrite: bool) -> None:
    """Make sure ``output`` holds no earlier result (``overwrite`` deletes one)."""
    fs, base = filesystem(output)
    try:
        present = [k for k in KINDS if fs.get_file_info(f"{base}/{k}").type != pafs.FileType.NotFound]
        if present and not overwrite:
            raise ConfigError(
                f"{output} already holds a batch result ({', '.join(present)}); "
                "choose another folder or pass --overwrite"
            )
        for kind in present:
            fs.delete_dir(f"{base}/{kind}")
        fs.create_dir(base, recursive=True)
    except OSError as exc:
        raise ConfigError(f"cannot prepare output folder {output}: {exc}") from exc


def write_parts(tables: dict[str, pa.Table], output: str, key: str) -> None:
    """Write each non-empty table as ``OUTPUT/<kind>/part-<key>.parquet``, articles last."""
    fs, base = filesystem(output)
    for kind in sorted(tables, key=lambda k: k == "articles"):
        if not tables[kind].num_rows:
            continue
        folder = f"{base}/{kind}"
        hidden = f"{folder}/.{PREFIX}{key}{SUFFIX}"
        try:
            fs.create_dir(folder, recursive=True)
            pq.write_table(tables[kind], hidden, filesystem=fs)
            fs.move(hidden, f"{folder}/{PREFIX}{key}{SUFFIX}")
        except (OSError, pa.ArrowException) as exc:
            raise ConfigError(f"cannot write {folder}/{PREFIX}{key}{SUFFIX}: {exc}") from exc


def part_keys(output: str) -> list[str]:
    """The keys of the complete chunks (those with an articles part), in input order."""
    fs, base = filesystem(output)
    folder = f"{base}/articles"
    try:
        if fs.get_file_info(folder).type != pafs.FileType.Directory:
            if fs.get_file_info(f"{base}/errors").type == pafs.FileType.Directory:
                return []
            raise ConfigError(f"{output} is not a batch result: it has no articles/ folder")
        entries = fs.get_file_info(pafs.FileSelector(folder))
    except OSError as exc:
        raise ConfigError(f"cannot read batch result {output}: {exc}") from exc
    names = sorted(e.base_name for e in entries if e.type == pafs.FileType.File)
    return [n[len(PREFIX) : -len(SUFFIX)] for n in names if n.startswith(PREFIX) and n.endswith(SUFFIX)]


def read_part(output: str, kind: str, key: str) -> pa.Table:
    """One chunk's table of a kind (empty when the chunk has none)."""
    fs, base = filesystem(output)
    path = f"{base}/{kind}/{PREFIX}{key}{SUFFIX}"
    if fs.get_file_info(path).type != pafs.FileType.File:
        return SCHEMAS[kind].empty_table()
    return pq.read_table(path, filesystem=fs, schema=SCHEMAS[kind])


def read_kind(output: str, kind: str) -> pa.Table:
    """A whole folder of the result as one table (for tests and small results)."""
    fs, base = filesystem(output)
    folder = f"{base}/{kind}"
    if fs.get_file_info(folder).type != pafs.FileType.Directory:
        return SCHEMAS[kind].empty_table()
    return pq.read_table(folder, filesystem=fs, schema=SCHEMAS[kind])
