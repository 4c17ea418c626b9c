from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from crossroads.errors import StoreError
from crossroads.ingest import make_article
from crossroads.records import Event, Extraction, Figure, Span
from crossroads.store import open_store
from crossroads.store.db import migrations


def _extraction(text="Kazakhstan and China signed a deal.", url=None, version="v1", n_events=2):
    art = make_article(text, origin="t.txt", url=url, published=dt.date(2023, 5, 1))
    span = Span(art.id, 0, len(art.text), art.text, art.text)
    events = tuple(
        Event(
            type="AGREE",
            source_actors=("CHN",),
            target_actors=("KAZ",),
            evidence=(span,),
            date=f"2023-05-0{i + 1}",
        )
        for i in range(n_events)
    )
    figures = (
        Figure(subject=("CHN", "KAZ"), indicator="trade_turnover", value=1e9, unit="USD", evidence=(span,)),
    )
    return Extraction(article=art, extractor_version=version, events=events, figures=figures)


def test_migrations_numbered_and_applied_once(tmp_path):
    numbers = [n for n, _, _ in migrations()]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    path = tmp_path / "s.duckdb"
    with open_store(path) as s:
        assert s.schema_version() == numbers[-1]
    with open_store(path) as s:
        assert s.migrate() == []


def test_save_then_duplicate(store):
    x = _extraction()
    assert store.save_extraction(x) is True
    assert store.save_extraction(x) is False
    assert store.count("articles") == 1 and store.count("events") == 2 and store.count("figures") == 1


def test_url_identity_beats_text(store):
    store.save_extraction(_extraction(url="https://e.org/1"))
    # same URL, different text: the same article
    assert store.save_extraction(_extraction("Other text about Uzbekistan.", url="https://e.org/1")) is False
    # same text, another URL: a reprint, stored
    assert store.save_extraction(_extraction(url="https://e.org/2")) is True


def test_replace_records_records_version(store):
    store.save_extraction(_extraction(n_events=2))
    store.save_extraction(_extraction(n_events=1, version="v2"), replace=True)
    assert store.count("events") == 1 and store.count("articles") == 1
    assert set(store.article_versions().values()) == {"v2"}


def test_failed_write_leaves_nothing(store, monkeypatch):
    x = _extraction()
    original = store._insert_records

    def broken(article_id, extraction):
        original(article_id, extraction)
        raise duckdb.ConstraintException("simulated failure after the records were written")

    monkeypatch.setattr(store, "_insert_records", broken)
    with pytest.raises(StoreError, match="could not store article t.txt"):
        store.save_extraction(x)
    assert store.count("articles") == 0 and store.count("events") == 0 and store.count("figures") == 0


def test_failed_replace_keeps_old_records(store, monkeypatch):
    store.save_extraction(_extraction(n_events=2))

    def broken(article_id, extraction):
        raise duckdb.ConstraintException("simulated")

    monkeypatch.setattr(store, "_insert_records", broken)
    with pytest.raises(StoreError):
        store.save_extraction(_extraction(n_events=1, version="v2"), replace=True)
    assert store.count("events") == 2
    assert set(store.article_versions().values()) == {"v1"}


def test_records_round_trip(store):
    x = _extraction()
    store.save_extraction(x)
    events = store.list_events(actor="kaz")
    assert [e.date for e in events] == ["2023-05-01", "2023-05-02"]
    assert events[0].evidence[0].sentence == x.article.text
    assert store.list_figures()[0].value == 1e9


def test_missing_folder_is_clear(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "s.duckdb")


def test_not_a_database(tmp_path):
    path = tmp_path / "s.duckdb"
    path.write_text("this is not a database")
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(path)
