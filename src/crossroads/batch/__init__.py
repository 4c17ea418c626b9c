"""Batch processing of large corpora: the same extraction on one machine or on Ray.

``run_batch`` reads JSONL or Parquet articles (local or at a URI), extracts them with the
engine-agnostic :func:`extract_batch` on the local engine or on Ray workers, and writes Parquet
datasets of articles, events, figures, claims and errors; ``load_output`` brings such a result
into the store and fuses it. See docs/batch.md.
"""

from .engine import ENGINES, BatchReport, ChunkResult, process_chunk, run_batch, run_local
from .inputs import Chunk, list_inputs, plan_chunks, read_chunk
from .load import LoadReport, load_output
from .output import read_kind
from .tables import KINDS, SCHEMAS, BatchRecords, extract_batch

__all__ = [
    "ENGINES",
    "KINDS",
    "SCHEMAS",
    "BatchRecords",
    "BatchReport",
    "Chunk",
    "ChunkResult",
    "LoadReport",
    "extract_batch",
    "list_inputs",
    "load_output",
    "plan_chunks",
    "process_chunk",
    "read_chunk",
    "read_kind",
    "run_batch",
    "run_local",
]
