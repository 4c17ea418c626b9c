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


@pytest.fixture
def news_site():
    """A news site on 127.0.0.1 (tests/newssite.py) that logs every request in ``.hits``."""
    from newssite import NewsSite

    site = NewsSite().start()
    yield site
    site.stop()
