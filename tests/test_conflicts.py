from __future__ import annotations

import datetime as dt
import json

import pytest

from crossroads.analysis import find_conflicts
from crossroads.analysis.conflicts import period_span
from crossroads.demo import corpus_path
from crossroads.ingest import make_article
from crossroads.records import Extraction, Figure, Span
from crossroads.runner import ingest_paths


def _store_figure(store, value, period, *, url, indicator="trade_turnover", unit="USD"):
    art = make_article(f"Trade note {url}", origin=url, url=url, published=dt.date(2024, 2, 1))
    span = Span(art.id, 0, 5, "Trade", art.text)
    fig = Figure(
        subject=("CHN", "KAZ"), indicator=indicator, value=value, unit=unit, period=period, evidence=(span,)
    )
    store.save_extraction(Extraction(article=art, extractor_version="t", figures=(fig,)))


@pytest.mark.parametrize(
    ("period", "span"),
    [
        ("2023", ("2023-01", "2023-12")),
        ("2023-01/2023-08", ("2023-01", "2023-08")),
        (None, None),
    ],
)
def test_period_span(period, span):
    assert period_span(period) == span


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ((41e9, "2023"), (31.5e9, "2023"), True),  # China's customs vs Kazakh statistics
        ((41e9, "2023"), (40e9, "2023"), False),  # within 5%
        ((41e9, "2023"), (31.5e9, "2022"), False),  # different years
        ((41e9, "2023"), (31.5e9, None), False),  # unknown period
        ((21.7e9, "2023-01/2023-09"), (31.5e9, "2023"), False),  # a part of the year is smaller: fine
        ((35e9, "2023-01/2023-09"), (31.5e9, "2023"), True),  # a part cannot exceed the whole
    ],
)
def test_conflict_rules(store, a, b, conflict):
    _store_figure(store, *a, url="https://e.org/a")
    _store_figure(store, *b, url="https://e.org/b")
    assert bool(find_conflicts(store)) is conflict


def test_same_article_never_conflicts_with_itself(store):
    _store_figure(store, 41e9, "2023", url="https://e.org/a")
    assert find_conflicts(store) == []


@pytest.mark.slow
def test_demo_articles_with_different_values_for_one_flow(store, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("demo-040.json", "demo-041.json"):
        data = json.loads((corpus_path() / name).read_text(encoding="utf-8"))
        (folder / name).write_text(json.dumps(data), encoding="utf-8")
    ingest_paths(store, [folder], max_bytes=10**7)
    pairs = find_conflicts(store, actor="KAZ", indicator="trade_turnover")
    found = {(c.subject, c.a[1].period, tuple(sorted((c.a[1].value, c.b[1].value)))) for c in pairs}
    assert (("CHN", "KAZ"), "2023", (31.5e9, 41e9)) in found
    pair = next(c for c in pairs if {c.a[1].value, c.b[1].value} == {31.5e9, 41e9})
    sources = {c["source"] for c in (pair.to_dict()["a"], pair.to_dict()["b"])}
    assert len(sources) == 2  # side by side, each with its own source
