"""Shared fixtures; see tests/README.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crossroads.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CROSSROADS_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def store():
    """An empty in-memory store."""
    s = open_store(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the repository; tests using it skip, with a reason, when it is absent."""
    if not (SHARED / "gold" / "FORMAT.md").is_file():
        pytest.skip(f"{SHARED} is absent: the shared data (seeds, gold) is not beside the repository")
    return SHARED


def run_cli(
    *args: str, db: Path | None = None, input: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the real console entry point in a subprocess."""
    command = [sys.executable, "-m", "crossroads"]
    if db is not None:
        command += ["--db", str(db)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(command + list(args), input=input, capture_output=True, env=full_env, timeout=600)


@pytest.fixture
def cli():
    return run_cli


def _canonical(id: str, source: str, target: str, **fields) -> dict:
    row = {
        "id": id,
        "type": "AGREE",
        "source_actors": [source],
        "target_actors": [target],
        "date": "2024-05-01",
        "date_precision": "day",
        "location": None,
        "contexts": [],
        "status": "occurred",
        "sources": 1,
        "mentions": 1,
        "first_reported": None,
        "last_reported": None,
        "confidence": 0.8,
    }
    return {**row, **fields}


@pytest.fixture(scope="session")
def canonical():
    """``canonical(id, source, target, **fields)``: one row of ``canonical_events`` for
    ``Store.bulk_insert``, with plain defaults (an occurred AGREE on 2024-05-01, one source)."""
    return _canonical


@pytest.fixture
def news_site():
    """A news site on 127.0.0.1 (tests/newssite.py) that logs every request in ``.hits``."""
    from newssite import NewsSite

    site = NewsSite().start()
    yield site
    site.stop()
