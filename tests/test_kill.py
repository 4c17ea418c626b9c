"""SIGKILL in the middle of a batch leaves a consistent store that a rerun completes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest

from crossroads.demo import corpus_path
from crossroads.extract import extract_article
from crossroads.store import open_store


@pytest.mark.slow
def test_sigkill_mid_batch(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    files = sorted(corpus_path().glob("*.json"))[:30]
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        (folder / f.name).write_text(
            json.dumps({k: data[k] for k in ("id", "url", "published", "text")}), encoding="utf-8"
        )
    db = tmp_path / "s.duckdb"
    command = [sys.executable, "-m", "crossroads", "--db", str(db), "-v", "ingest", str(folder)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    stored = 0
    deadline = time.time() + 300
    while stored < 5 and time.time() < deadline:
        line = proc.stderr.readline().decode()
        if not line and proc.poll() is not None:
            break
        stored += " stored " in line
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert stored >= 5, "the batch ended before it could be killed"

    with open_store(db) as store:
        articles = list(store.iter_articles())
        assert 5 <= len(articles) < len(files)
        for article in articles:
            expected = extract_article(article)
            assert len(store.list_events(article_id=article.id)) == len(expected.events)
            assert len(store.list_figures(article_id=article.id)) == len(expected.figures)
            assert len(store.list_claims(article_id=article.id)) == len(expected.claims)

    rerun = subprocess.run(command, capture_output=True)
    assert rerun.returncode == 0, rerun.stderr
    with open_store(db) as store:
        assert store.count("articles") == len(files)
        urls = [a.url for a in store.iter_articles()]
        assert len(set(urls)) == len(urls)
