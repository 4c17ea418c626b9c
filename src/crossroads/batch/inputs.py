"""Batch inputs: JSONL and Parquet files, local or at any URI pyarrow's filesystems open
(``s3://``, ``gs://``, ``hdfs://``, ``file://``), cut into chunks of about the same text size.

A :class:`Chunk` names a part of one file: a byte range of whole JSONL lines, or a row range
of a Parquet file. Planning reads only what it must (the line ends of JSONL files, the metadata
of Parquet files), so the plan of a million articles is a few thousand small records; whoever
processes a chunk reads its articles itself. Articles are named, as by ``crossroads ingest``,
``file:line`` (JSONL) or ``file:row`` (Parquet).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import ConfigError, IngestError
from ..ingest import read_line, read_record
from ..records import Article

__all__ = ["INPUT_SUFFIXES", "InputFile", "Chunk", "filesystem", "list_inputs", "plan_chunks", "read_chunk"]

log = logging.getLogger(__name__)

INPUT_SUFFIXES = (".jsonl", ".parquet")
FIELDS = ("id", "url", "title", "source", "published", "text")
Item = Article | IngestError


def filesystem(location: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem holding ``location`` and the path within it (local paths made absolute)."""
    if "://" not in location:
        return pafs.LocalFileSystem(), str(Path(location).resolve())
    try:
        return pafs.FileSystem.from_uri(location)
    except (pa.ArrowException, ValueError, OSError) as exc:
        raise ConfigError(f"cannot open {location}: {exc}") from exc


@dataclass(frozen=True)
class InputFile:
    """One input file: ``root`` is the URI its filesystem comes from ('' for local files),
    ``path`` its path in that filesystem, ``name`` how article origins name it."""

    root: str
    path: str
    name: str
    kind: str

    def open_fs(self) -> pafs.FileSystem:
        return pafs.LocalFileSystem() if not self.root else filesystem(self.root)[0]


@dataclass(frozen=True)
class Chunk:
    """Rows ``start``..``stop`` of a Parquet file, or bytes ``start``..``stop`` of a JSONL file
    whose first line is line number ``first``. ``key`` names the chunk's output files."""

    key: str
    root: str
    path: str
    name: str
    kind: str
    start: int
    stop: int
    first: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Chunk:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


def list_inputs(location: str) -> list[InputFile]:
    """The JSONL and Parquet files at ``location``: a file, or a folder searched recursively."""
    fs, path = filesystem(location)
    root = location if "://" in location else ""
    try:
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.NotFound:
            raise ConfigError(f"input {location} does not exist")
        if info.type == pafs.FileType.File:
            return [InputFile(root, path, location, _kind(location))]
        found = fs.get_file_info(pafs.FileSelector(path, recursive=True))
    except OSError as exc:
        raise ConfigError(f"cannot list input {location}: {exc}") from exc
    files = []
    for entry in sorted(found, key=lambda e: e.path):
        relative = entry.path[len(path) :].lstrip("/")
        if entry.type != pafs.FileType.File or any(p.startswith((".", "_")) for p in relative.split("/")):
            continue
        if Path(entry.path).suffix.lower() in INPUT_SUFFIXES:
            name = f"{location.rstrip('/')}/{relative}"
            files.append(InputFile(root, entry.path, name, Path(entry.path).suffix.lower()))
    if not files:
        raise ConfigError(f"input {location} holds no {' or '.join(INPUT_SUFFIXES)} files")
    return files


def _kind(location: str) -> str:
    kind = Path(location.split("?")[0]).suffix.lower()
    if kind not in INPUT_SUFFIXES:
        raise ConfigError(
            f"input {location}: unsupported file type {kind or '(none)'}; use "
            + " or ".join(INPUT_SUFFIXES)
            + " (a folder of them is fine)"
        )
    return kind


def plan_chunks(files: list[InputFile], *, chunk_bytes: int) -> Iterator[Chunk]:
    """Cut every file into chunks of about ``chunk_bytes`` of text, in input order."""
    for number, file in enumerate(files):
        plan = _jsonl_ranges if file.kind == ".jsonl" else _parquet_ranges
        try:
            for part, (start, stop, first) in enumerate(plan(file, chunk_bytes)):
                yield Chunk(
                    f"{number:05d}-{part:06d}", file.root, file.path, file.name, file.kind, start, stop, first
                )
        except (OSError, pa.ArrowException) as exc:
            raise ConfigError(f"cannot read input {file.name}: {exc}") from exc


def _jsonl_ranges(file: InputFile, chunk_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(first byte, end byte, first line number) of runs of whole lines."""
    start = offset = 0
    first = line = 1
    with file.open_fs().open_input_stream(file.path, compression=None) as raw:
        for data in io.BufferedReader(raw, buffer_size=1 << 20):
            offset += len(data)
            line += 1
            if offset - start >= chunk_bytes:
                yield start, offset, first
                start, first = offset, line
    if offset > start:
        yield start, offset, first


def _parquet_ranges(file: InputFile, chunk_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(first row, end row, first row number) with about ``chunk_bytes`` of text each, from the
    row groups' sizes in the file's metadata."""
    with file.open_fs().open_input_file(file.path) as handle:
        meta = pq.ParquetFile(handle).metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    if "text" not in names:
        raise ConfigError(f"Parquet input {file.name} has no 'text' column (columns: {', '.join(names)})")
    text = names.index("text")
    offset = 0
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        size = meta.row_group(group).column(text).total_uncompressed_size
        step = max(1, int(rows * chunk_bytes / max(size, 1)))
        for start in range(0, rows, step):
            stop = min(rows, start + step)
            yield offset + start, offset + stop, offset + start + 1
        offset += rows


def read_chunk(chunk: Chunk, *, max_bytes: int) -> Iterator[Item]:
    """The chunk's articles, or an IngestError for each row that cannot be one."""
    try:
        if chunk.kind == ".jsonl":
            yield from _read_jsonl(chunk, max_bytes)
        else:
            yield from _read_parquet(chunk, max_bytes)
    except (OSError, pa.ArrowException) as exc:
        yield IngestError(f"{chunk.name}:{chunk.first}", f"cannot read chunk {chunk.key}: {exc}")


def _fs(chunk: Chunk) -> pafs.FileSystem:
    return InputFile(chunk.root, chunk.path, chunk.name, chunk.kind).open_fs()


def _read_jsonl(chunk: Chunk, max_bytes: int) -> Iterator[Item]:
    with _fs(chunk).open_input_file(chunk.path) as handle:
        handle.seek(chunk.start)
        data = handle.read(chunk.stop - chunk.start)
    for number, line in enumerate(data.split(b"\n"), start=chunk.first):
        if not line.strip():
            continue
        origin = f"{chunk.name}:{number}"
        try:
            yield read_line(line, origin=origin, max_bytes=max_bytes)
        except IngestError as err:
            yield err


def _read_parquet(chunk: Chunk, max_bytes: int) -> Iterator[Item]:
    with _fs(chunk).open_input_file(chunk.path) as handle:
        parquet = pq.ParquetFile(handle)
        columns = [c for c in FIELDS if c in parquet.schema_arrow.names]
        groups, skip, offset = [], 0, 0
        for group in range(parquet.metadata.num_row_groups):
            rows = parquet.metadata.row_group(group).num_rows
            if offset < chunk.stop and offset + rows > chunk.start:
                if not groups:
                    skip = chunk.start - offset
                groups.append(group)
            offset += rows
        table = parquet.read_row_groups(groups, columns=columns).slice(skip, chunk.stop - chunk.start)
    for number, row in enumerate(table.to_pylist(), start=chunk.first):
        origin = f"{chunk.name}:{number}"
        try:
            yield read_record(row, origin=origin, max_bytes=max_bytes)
        except IngestError as err:
            yield err
