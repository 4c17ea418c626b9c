"""DuckDB store with numbered migrations, behind verb-named methods.

An article and its records are written in one transaction: after a crash (even SIGKILL) the
store holds either the article with all of its records or nothing of it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from ..records import Article, Claim, Event, EventFilter, Extraction, Figure, Span, record_rows
from .snapshot import CanonicalSnapshot

__all__ = ["Store", "open_store", "migrations"]

log = logging.getLogger(__name__)

MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """The numbered migrations shipped with the package, in order: (number, name, sql)."""
    found = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    return sorted(found)


def open_store(path: str | Path | None = ":memory:", *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``path``; ``:memory:`` for tests.
    ``read_only`` opens an existing store for reading (several processes may read at once)."""
    target = ":memory:" if path in (None, ":memory:") else str(path)
    if target != ":memory:":
        parent = Path(target).parent
        if not parent.exists():
            raise StoreError(f"cannot create store {target}: folder {parent} does not exist")
        if read_only and not Path(target).exists():
            raise StoreError(f"store {target} does not exist; build it first (e.g. `make demo`)")
    if read_only and target != ":memory:":
        try:
            con = duckdb.connect(target, read_only=True)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {target} for reading: {exc}") from exc
        store = Store(con, target)
        if store.schema_version() < migrations()[-1][0]:
            raise StoreError(f"store {target} has an older schema; open it once for writing to migrate it")
        return store
    try:
        con = duckdb.connect(target)
    except duckdb.Error as exc:
        raise StoreError(
            f"cannot open store {target}: {exc}. Is another crossroads "
            "process writing to it, or is it not a DuckDB file?"
        ) from exc
    store = Store(con, target)
    store.migrate()
    return store


def _spans(raw: str) -> tuple[Span, ...]:
    return tuple(Span(**s) for s in json.loads(raw))


class Store:
    """A connection to one store. Use :func:`open_store` to get one."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> Store:
        """Another handle on the same database, for another thread (close it before the store)."""
        return Store(self.con.cursor(), self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply the migrations not yet applied, each in its own transaction."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "number INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        done = {row[0] for row in self.con.execute("SELECT number FROM schema_migrations").fetchall()}
        applied = []
        for number, name, sql in migrations():
            if number in done:
                continue
            try:
                self.con.execute("BEGIN TRANSACTION")
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [number, name, dt.datetime.now()],
                )
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {number:04d}_{name} failed on {self.path}: {exc}") from exc
            log.info("applied migration %04d_%s", number, name)
            applied.append(number)
        return applied

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(number) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- articles -----------------------------------------------------------------------

    def find_duplicate(self, article: Article) -> str | None:
        """The id of a stored article that ``article`` duplicates: same URL, or same text when
        the new article has no URL."""
        if article.url:
            row = self.con.execute(
                "SELECT id FROM articles WHERE id = ? OR url = ? LIMIT 1", [article.id, article.url]
            ).fetchone()
        else:
            row = self.con.execute(
                "SELECT id FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
                [article.id, article.content_hash],
            ).fetchone()
        return row[0] if row else None

    def has_article(self, article: Article) -> bool:
        return self.find_duplicate(article) is not None

    def save_extraction(self, extraction: Extraction, *, replace: bool = False) -> bool:
        """Store an article with its records in one transaction.

        Returns False (and writes nothing) when the article is already stored, unless
        ``replace`` is set: then that article's records are replaced by these.
        """
        article = extraction.article
        try:
            self.con.execute("BEGIN TRANSACTION")
            existing = self.find_duplicate(article)
            if existing and not replace:
                self.con.execute("ROLLBACK")
                return False
            if existing:
                self._delete_records(existing)
                self.con.execute(
                    "UPDATE articles SET extractor_version = ?, extracted_at = ? WHERE id = ?",
                    [extraction.extractor_version, dt.datetime.now(), existing],
                )
                article_id = existing
            else:
                self._insert_article(article, extraction.extractor_version)
                article_id = article.id
            self._insert_records(article_id, extraction)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"could not store article {article.origin or article.id}: {exc}") from exc
        return True

    @contextmanager
    def _transaction(self, failure: str) -> Iterator[None]:
        """Run the body in one transaction; on a DuckDB error roll back and raise StoreError."""
        try:
            self.con.execute("BEGIN TRANSACTION")
            yield
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{failure}: {exc}") from exc

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass

    def _insert_article(self, article: Article, version: str) -> None:
        now = dt.datetime.now()
        self.con.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                article.id,
                article.url,
                article.content_hash,
                article.external_id,
                article.source,
                article.title,
                article.published,
                article.origin,
                article.text,
                now,
                version,
                now,
            ],
        )

    def _delete_records(self, article_id: str) -> None:
        self.con.execute(
            "DELETE FROM event_links WHERE event_id IN (SELECT id FROM events WHERE article_id = ?)",
            [article_id],
        )
        for table in ("events", "figures", "claims"):
            self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])

    def _insert_records(self, article_id: str, x: Extraction) -> None:
        for table, rows in record_rows(x, article_id).items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                self.con.executemany(
                    f"INSERT INTO {table} VALUES ({marks})", [list(row.values()) for row in rows]
                )

    def get_article(self, article_id: str) -> Article | None:
        row = self.con.execute(
            "SELECT id, text, content_hash, url, source, title, published, origin, external_id "
            "FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        return _article(row) if row else None

    def iter_articles(self) -> Iterator[Article]:
        rows = self.con.execute(
            "SELECT id, text, content_hash, url, source, title, published, origin, external_id "
            "FROM articles ORDER BY published NULLS LAST, id"
        ).fetchall()
        for row in rows:
            yield _article(row)

    def article_versions(self) -> dict[str, str | None]:
        return dict(self.con.execute("SELECT id, extractor_version FROM articles").fetchall())

    # -- records ------------------------------------------------------------------------

    def list_events(
        self, *, article_id: str | None = None, type: str | None = None, actor: str | None = None
    ) -> list[Event]:
        sql = (
            "SELECT type, mode, source_actors, target_actors, date, date_precision, "
            "date_method, location, contexts, status, confidence, trigger, evidence, forum "
            "FROM events WHERE 1=1"
        )
        params: list[Any] = []
        if article_id:
            sql += " AND article_id = ?"
            params.append(article_id)
        if type:
            sql += " AND type = ?"
            params.append(type.upper())
        if actor:
            sql += " AND (list_contains(source_actors, ?) OR list_contains(target_actors, ?))"
            params += [actor.upper(), actor.upper()]
        sql += " ORDER BY date NULLS LAST, article_id, seq"
        return [_event(r) for r in self.con.execute(sql, params).fetchall()]

    def list_figures(self, *, article_id: str | None = None) -> list[Figure]:
        sql = "SELECT subject, indicator, value, unit, period, qualifier, confidence, evidence FROM figures"
        params: list[Any] = []
        if article_id:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        sql += " ORDER BY article_id, seq"
        return [_figure(r) for r in self.con.execute(sql, params).fetchall()]

    def list_figure_sources(
        self, *, actor: str | None = None, indicator: str | None = None
    ) -> list[tuple[str, Figure, Article]]:
        """Figures with their ids and the articles that state them (text left out)."""
        sql = (
            "SELECT f.id, f.subject, f.indicator, f.value, f.unit, f.period, f.qualifier, f.confidence, "
            "f.evidence, a.id, a.url, a.source, a.title, a.published, a.origin, a.external_id, "
            "a.content_hash "
            "FROM figures f JOIN articles a ON a.id = f.article_id WHERE 1=1"
        )
        params: list[Any] = []
        if actor:
            sql += " AND list_contains(f.subject, ?)"
            params.append(actor.upper())
        if indicator:
            sql += " AND (f.indicator = ? OR f.indicator = 'other:' || ?)"
            params += [indicator, indicator]
        sql += " ORDER BY f.indicator, f.period, a.published, f.id"
        found = []
        for r in self.con.execute(sql, params).fetchall():
            figure = _figure(r[1:9])
            article = Article(
                id=r[9],
                text="",
                url=r[10],
                source=r[11],
                title=r[12],
                published=r[13],
                origin=r[14],
                external_id=r[15],
                content_hash=r[16],
            )
            found.append((r[0], figure, article))
        return found

    def list_claims(self, *, article_id: str | None = None) -> list[Claim]:
        sql = (
            "SELECT speaker, speaker_actor, speaker_role, about, stance, statement, date, "
            "confidence, evidence FROM claims"
        )
        params: list[Any] = []
        if article_id:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        sql += " ORDER BY article_id, seq"
        return [
            Claim(
                speaker=r[0],
                speaker_actor=r[1],
                speaker_role=r[2],
                about=tuple(r[3]),
                stance=tuple(json.loads(r[4]).items()),
                statement=r[5],
                date=r[6],
                confidence=r[7],
                evidence=_spans(r[8]),
            )
            for r in self.con.execute(sql, params).fetchall()
        ]

    # -- fusion ---------------------------------------------------------------------------

    def list_event_mentions(
        self, *, types: Sequence[str] | None = None
    ) -> list[tuple[str, str, Any, str, Event]]:
        """(event id, article id, article published date, article content hash, event)."""
        sql = (
            "SELECT e.id, e.article_id, a.published, a.content_hash, e.type, e.mode, e.source_actors, "
            "e.target_actors, e.date, e.date_precision, e.date_method, e.location, e.contexts, e.status, "
            "e.confidence, e.trigger, e.evidence, e.forum "
            "FROM events e JOIN articles a ON a.id = e.article_id"
        )
        params: list[Any] = []
        if types:
            sql += " WHERE list_contains(?, e.type)"
            params.append(list(types))
        sql += " ORDER BY e.id"
        return [(r[0], r[1], r[2], r[3], _event(r[4:])) for r in self.con.execute(sql, params).fetchall()]

    def canonical_links(self) -> dict[str, tuple[str, ...]]:
        """The canonical events each per-article event stands behind (several for a trip)."""
        links: dict[str, tuple[str, ...]] = {}
        for event_id, canonical_id in self.con.execute(
            "SELECT event_id, canonical_id FROM event_links ORDER BY ALL"
        ).fetchall():
            links[event_id] = (*links.get(event_id, ()), canonical_id)
        return links

    def replace_canonical(
        self,
        rows: list[dict[str, Any]],
        links: Sequence[tuple[str, str]],
        *,
        remove: Sequence[str] | None = None,
    ) -> None:
        """Replace canonical events in one transaction: those in ``remove`` (all when None) go,
        with their links; ``rows`` and ``links`` ((event id, canonical id) pairs) come in."""
        with self._transaction("could not store canonical events"):
            if remove is None:
                self.con.execute("DELETE FROM event_links")
                self.con.execute("DELETE FROM canonical_events")
            elif remove:
                self.con.execute(
                    "DELETE FROM event_links WHERE list_contains(?, canonical_id)", [list(remove)]
                )
                self.con.execute("DELETE FROM canonical_events WHERE list_contains(?, id)", [list(remove)])
            if links:
                self.con.execute(
                    "DELETE FROM event_links WHERE list_contains(?, event_id)",
                    [sorted({e for e, _ in links})],
                )
            if rows:
                self.con.executemany(
                    "INSERT INTO canonical_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        [
                            r["id"],
                            r["type"],
                            r["source_actors"],
                            r["target_actors"],
                            r["date"],
                            r["date_precision"],
                            r["location"],
                            r["contexts"],
                            r["status"],
                            r["sources"],
                            r["mentions"],
                            r["first_reported"],
                            r["last_reported"],
                            r["confidence"],
                            r.get("forum"),
                        ]
                        for r in rows
                    ],
                )
            if links:
                self.con.executemany("INSERT INTO event_links VALUES (?, ?)", [list(x) for x in links])

    def list_canonical(
        self, *, limit: int | None = None, offset: int = 0, newest_first: bool = False, **filters: Any
    ) -> list[dict[str, Any]]:
        """Canonical events, filtered as :meth:`_canonical_query` describes, oldest first (undated
        last) or newest first (undated last too)."""
        sql, params = self._canonical_query("*", **filters)
        sql += " ORDER BY date DESC NULLS LAST, id DESC" if newest_first else " ORDER BY date NULLS LAST, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        if offset:
            sql += " OFFSET ?"
            params.append(offset)
        cursor = self.con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def snapshot(self) -> CanonicalSnapshot:
        """The canonical events in memory, for many fast queries on data that will not change."""
        cursor = self.con.cursor()  # its own cursor: this connection may hold an unfinished result
        try:
            table = cursor.sql("SELECT * FROM canonical_events ORDER BY date NULLS LAST, id").to_arrow_table()
        finally:
            cursor.close()
        return CanonicalSnapshot(table)

    def _canonical_query(self, what: str, **filters: Any) -> tuple[str, list[Any]]:
        """SQL for the canonical events that pass :class:`EventFilter` ``filters``."""
        f = EventFilter(**filters)
        sql = f"SELECT {what} FROM canonical_events WHERE sources >= ?"
        params: list[Any] = [f.min_sources]
        for code in f.codes:
            sql += " AND (list_contains(source_actors, ?) OR list_contains(target_actors, ?))"
            params += [code, code]
        if f.type:
            sql += " AND type = ?"
            params.append(f.type)
        if f.forum:
            sql += " AND forum = ?"
            params.append(f.forum)
        if f.context:
            sql += " AND list_contains(contexts, ?)"
            params.append(f.context)
        if f.since:
            sql += " AND date >= ?"
            params.append(f.since)
        if f.until:
            sql += " AND date IS NOT NULL AND substr(date, 1, length(?)) <= ?"
            params += [f.until, f.until]
        if f.status:
            sql += " AND status = ?"
            params.append(f.status)
        return sql, params

    def list_mentions_of(self, canonical_id: str) -> list[tuple[str, str, Event]]:
        """(event id, article id, event) of every per-article record behind a canonical event."""
        rows = self.con.execute(
            "SELECT e.id, e.article_id, e.type, e.mode, e.source_actors, e.target_actors, e.date, "
            "e.date_precision, e.date_method, e.location, e.contexts, e.status, e.confidence, e.trigger, "
            "e.evidence, e.forum FROM event_links l JOIN events e ON e.id = l.event_id "
            "WHERE l.canonical_id = ? "
            "ORDER BY e.article_id, e.seq",
            [canonical_id],
        ).fetchall()
        return [(r[0], r[1], _event(r[2:])) for r in rows]

    # -- reference figures ----------------------------------------------------------------

    REFERENCE_COLUMNS = (
        "id",
        "reporter",
        "partner",
        "indicator",
        "detail",
        "period",
        "value",
        "unit",
        "qualifier",
        "statistics_of",
        "source_url",
    )

    def add_reference_rows(self, rows: Sequence[dict[str, Any]], *, origin: str) -> int:
        """Insert (or replace, by id) user-loaded reference rows in one transaction."""
        now = dt.datetime.now()
        data = [[r.get(c) for c in self.REFERENCE_COLUMNS] + [origin, now] for r in rows]
        with self._transaction(f"could not store reference rows from {origin}"):
            if data:
                self.con.executemany("DELETE FROM reference_figures WHERE id = ?", [[d[0]] for d in data])
                self.con.executemany(
                    "INSERT INTO reference_figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", data
                )
        return len(data)

    def list_reference_rows(self) -> list[dict[str, Any]]:
        cursor = self.con.execute(
            f"SELECT {', '.join(self.REFERENCE_COLUMNS)}, loaded_from FROM reference_figures ORDER BY id"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- export ---------------------------------------------------------------------------

    EXPORTS = {
        "articles": "SELECT id, url, external_id, source, title, published, origin, extractor_version, text "
        "FROM articles ORDER BY id",
        "events": "SELECT e.id AS event_id, e.type AS event_type, e.mode AS event_mode, e.contexts, "
        "e.source_actors AS source_actor, e.target_actors AS target_actor, e.date AS event_date, "
        "e.date_precision, e.date_method, e.location, e.status, e.forum, e.confidence, e.article_id, "
        "l.canonical_ids[1] AS canonical_id, l.canonical_ids, e.evidence FROM events e LEFT JOIN "
        "(SELECT event_id, list(canonical_id ORDER BY canonical_id) AS canonical_ids FROM event_links "
        "GROUP BY event_id) l ON l.event_id = e.id ORDER BY e.article_id, e.seq",
        "canonical_events": "SELECT id AS event_id, type AS event_type, contexts, "
        "source_actors AS source_actor, target_actors AS target_actor, date AS event_date, date_precision, "
        "location, status, forum, "
        "sources, mentions, first_reported, last_reported, confidence FROM canonical_events "
        "ORDER BY id",
        "figures": "SELECT id AS figure_id, article_id, subject, indicator, value, unit, period, qualifier, "
        "confidence, evidence FROM figures ORDER BY article_id, seq",
        "claims": "SELECT id AS claim_id, article_id, speaker, speaker_actor, speaker_role, about, stance, "
        "statement, date, confidence, evidence FROM claims ORDER BY article_id, seq",
    }

    def export_rows(self, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        if table not in self.EXPORTS:
            raise StoreError(f"unknown export table {table!r}; one of {', '.join(self.EXPORTS)}")
        cursor = self.con.execute(self.EXPORTS[table])
        return [d[0] for d in cursor.description], cursor.fetchall()

    # -- bulk loading (benchmarks, batch results) ---------------------------------------------

    BULK_TABLES = ("articles", "events", "canonical_events", "event_links", "figures", "claims")

    def bulk_insert(self, table: str, frame: Any) -> int:
        """Append a pandas DataFrame whose columns are named as the table's (one it lacks is NULL),
        in one transaction."""
        if table not in self.BULK_TABLES:
            raise StoreError(f"cannot bulk-load {table!r}; one of {', '.join(self.BULK_TABLES)}")
        with self._transaction(f"bulk load into {table} failed"):
            self.con.register("_bulk", frame)
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _bulk")
            self.con.unregister("_bulk")
        return len(frame)

    BATCH_COLUMNS = {
        "articles": (
            "id, url, content_hash, external_id, source, title, published, origin, text, "
            "ingested_at, extractor_version, extracted_at"
        ),
        "events": (
            "id, article_id, seq, type, mode, source_actors, target_actors, date, date_precision, "
            "date_method, location, contexts, status, confidence, trigger, evidence, forum"
        ),
        "figures": (
            "id, article_id, seq, subject, indicator, value, unit, period, qualifier, confidence, evidence"
        ),
        "claims": (
            "id, article_id, seq, speaker, speaker_actor, speaker_role, about, stance, statement, date, "
            "confidence, evidence"
        ),
    }

    def find_stored(self, keys: Any) -> list[tuple[str, str | None, str]]:
        """(id, url, content hash) of stored articles sharing an id, a URL or a content hash with
        a row of ``keys`` (a table with columns id, url, content_hash)."""
        self.con.register("_keys", keys)
        try:
            rows = self.con.execute(
                "SELECT id, url, content_hash FROM articles WHERE id IN (SELECT id FROM _keys) "
                "UNION SELECT id, url, content_hash FROM articles WHERE url IN (SELECT url FROM _keys) "
                "UNION SELECT id, url, content_hash FROM articles "
                "WHERE content_hash IN (SELECT content_hash FROM _keys)"
            ).fetchall()
        finally:
            self.con.unregister("_keys")
        return rows

    def insert_batch(self, tables: dict[str, Any], *, failure: str) -> None:
        """Insert articles with their events, figures and claims in one transaction.

        ``tables`` maps ``articles`` and any of ``events``, ``figures``, ``claims`` to Arrow
        tables (or DataFrames) with the batch result's columns; articles get the time as their
        ingestion and extraction time."""
        now = dt.datetime.now()
        with self._transaction(failure):
            for table in ("articles", "events", "figures", "claims"):
                if table not in tables or not len(tables[table]):
                    continue
                columns = self.BATCH_COLUMNS[table]
                data = tables[table]  # an Arrow table or a DataFrame
                given = set(data.column_names if hasattr(data, "column_names") else data.columns)
                # the time of loading, and NULL for a column that results of an older version lack
                select = ", ".join(
                    "?" if c in ("ingested_at", "extracted_at") else c if c in given else f"NULL AS {c}"
                    for c in columns.split(", ")
                )
                self.con.register("_batch", data)
                self.con.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {select} FROM _batch",
                    [now, now] if table == "articles" else [],
                )
                self.con.unregister("_batch")

    # -- browsing -------------------------------------------------------------------------

    def list_articles(
        self, *, q: str | None = None, source: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """Articles without their text (newest first); ``q`` searches title and text, case-blind."""
        where, params = " WHERE 1=1", []
        if q:
            where += " AND (title ILIKE ? OR text ILIKE ?)"
            params += [f"%{q}%", f"%{q}%"]
        if source:
            where += " AND source = ?"
            params.append(source)
        total = int(self.con.execute("SELECT count(*) FROM articles" + where, params).fetchone()[0])
        cursor = self.con.execute(
            "SELECT id, url, external_id, source, title, published, extractor_version, length(text) AS chars "
            "FROM articles" + where + " ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        names = [d[0] for d in cursor.description]
        return total, [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def search_articles(self, q: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose text holds every word of ``q``, most occurrences first, with a snippet."""
        words = [w for w in q.split() if w][:8]
        if not words:
            return []
        conditions = " AND ".join("text ILIKE ?" for _ in words)
        score = " + ".join(
            "(length(lower(text)) - length(replace(lower(text), ?, ''))) / length(?)" for _ in words
        )
        params: list[Any] = []
        for w in words:
            params += [w.lower(), w.lower()]
        rows = self.con.execute(
            f"SELECT id, title, source, published, text, {score} AS hits FROM articles WHERE {conditions} "
            "ORDER BY hits DESC, published DESC NULLS LAST LIMIT ?",
            params + [f"%{w}%" for w in words] + [limit],
        ).fetchall()
        found = []
        for art_id, title, source, published, text, hits in rows:
            at = max(text.lower().find(words[0].lower()), 0)
            found.append(
                {
                    "id": art_id,
                    "title": title,
                    "source": source,
                    "published": published,
                    "hits": int(hits),
                    "snippet": text[max(0, at - 80) : at + 160],
                }
            )
        return found

    def get_canonical(self, canonical_id: str) -> dict[str, Any] | None:
        cursor = self.con.execute("SELECT * FROM canonical_events WHERE id = ?", [canonical_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def list_claim_rows(
        self, *, actor: str | None = None, speaker: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        where, params = " WHERE 1=1", []
        if actor:
            where += " AND (list_contains(about, ?) OR speaker_actor = ?)"
            params += [actor.upper(), actor.upper()]
        if speaker:
            where += " AND speaker ILIKE ?"
            params.append(f"%{speaker}%")
        total = int(self.con.execute("SELECT count(*) FROM claims" + where, params).fetchone()[0])
        cursor = self.con.execute(
            "SELECT id, article_id, speaker, speaker_actor, speaker_role, about, stance, statement, date, "
            "evidence FROM claims" + where + " ORDER BY article_id, seq LIMIT ? OFFSET ?",
            params + [limit, offset],
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for r in rows:
            r["stance"], r["evidence"] = json.loads(r["stance"]), json.loads(r["evidence"])
        return total, rows

    def count_canonical(self, **filters: Any) -> int:
        return int(self.con.execute(*self._canonical_query("count(*)", **filters)).fetchone()[0])

    # -- collection -----------------------------------------------------------------------

    FETCH_COLUMNS = (
        "url",
        "source",
        "etag",
        "last_modified",
        "status",
        "outcome",
        "error",
        "body",
        "fetched_at",
    )

    def get_fetch_state(self, url: str) -> dict[str, Any] | None:
        """What ``url`` answered when last fetched (validators, status, outcome), or None."""
        row = self.con.execute(
            f"SELECT {', '.join(self.FETCH_COLUMNS)} FROM fetch_state WHERE url = ?", [url]
        ).fetchone()
        return dict(zip(self.FETCH_COLUMNS, row, strict=True)) if row else None

    def save_fetch_state(
        self,
        url: str,
        *,
        outcome: str,
        source: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        status: int | None = None,
        error: str | None = None,
        body: str | None = None,
    ) -> None:
        """Record (replacing) what fetching ``url`` gave: ``outcome`` is e.g. stored or failed."""
        values = [url, source, etag, last_modified, status, outcome, error, body, dt.datetime.now()]
        with self._transaction(f"could not record the fetch of {url}"):
            self.con.execute("INSERT OR REPLACE INTO fetch_state VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)

    def collected_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of ``urls`` that are stored articles' URLs, or were fetched into a stored article."""
        if not urls:
            return set()
        rows = self.con.execute(
            "SELECT u FROM (SELECT unnest(?::VARCHAR[]) AS u) "
            "WHERE u IN (SELECT url FROM articles WHERE url IS NOT NULL) "
            "OR u IN (SELECT url FROM fetch_state WHERE outcome IN ('stored', 'duplicate'))",
            [list(urls)],
        ).fetchall()
        return {r[0] for r in rows}

    HEALTH_COLUMNS = (
        "name",
        "url",
        "runs",
        "last_run",
        "last_success",
        "last_error",
        "last_error_at",
        "last_gained",
        "articles_gained",
    )

    def record_source_run(
        self,
        name: str,
        *,
        url: str | None,
        gained: int,
        ok: bool,
        error: str | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Add one run of source ``name`` to its health: whether it was read (``ok``), the
        articles gained, and its error (or its articles' errors) if any."""
        at = at or dt.datetime.now()
        with self._transaction(f"could not record the health of source {name}"):
            old = self.con.execute(
                "SELECT runs, last_success, last_error, last_error_at, articles_gained "
                "FROM source_health WHERE name = ?",
                [name],
            ).fetchone()
            runs, success, last_error, error_at, total = old or (0, None, None, None, 0)
            row = [
                name,
                url,
                runs + 1,
                at,
                at if ok else success,
                error or last_error,
                at if error else error_at,
                gained,
                total + gained,
            ]
            self.con.execute("INSERT OR REPLACE INTO source_health VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    def list_source_health(self) -> list[dict[str, Any]]:
        cursor = self.con.execute(f"SELECT {', '.join(self.HEALTH_COLUMNS)} FROM source_health ORDER BY name")
        return [dict(zip(self.HEALTH_COLUMNS, row, strict=True)) for row in cursor.fetchall()]

    # -- counts for summaries -----------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in ("articles", "events", "canonical_events", "figures", "claims"):
            raise StoreError(f"unknown table {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def count_events_by_type(self) -> dict[str, int]:
        rows = self.con.execute(
            "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"
        ).fetchall()
        return {t: int(n) for t, n in rows}

    def count_dyads(self, states: Sequence[str]) -> list[tuple[str, str, int]]:
        """Real-world events (canonical: each counted once however many articles report it) per
        (Central Asian state, counterpart)."""
        rows = self.con.execute(
            """
            WITH sides AS (
                SELECT id, unnest(list_concat(source_actors, target_actors)) AS actor,
                       source_actors, target_actors FROM canonical_events WHERE status = 'occurred'
            ), pairs AS (
                SELECT DISTINCT s.id, s.actor AS state, o.actor AS power
                FROM sides s JOIN sides o ON s.id = o.id
                WHERE list_contains(?, s.actor) AND NOT list_contains(?, o.actor)
                  AND ((list_contains(s.source_actors, s.actor) AND list_contains(o.target_actors, o.actor))
                    OR (list_contains(s.target_actors, s.actor) AND list_contains(o.source_actors, o.actor)))
            )
            SELECT state, power, count(*) AS n FROM pairs GROUP BY state, power
            ORDER BY state, n DESC, power
            """,
            [list(states), list(states)],
        ).fetchall()
        return [(s, p, int(n)) for s, p, n in rows]


def _figure(r: Sequence[Any]) -> Figure:
    """subject, indicator, value, unit, period, qualifier, confidence, evidence."""
    return Figure(
        subject=tuple(r[0]),
        indicator=r[1],
        value=r[2],
        unit=r[3],
        period=r[4],
        qualifier=r[5],
        confidence=r[6],
        evidence=_spans(r[7]),
    )


def _event(r: Sequence[Any]) -> Event:
    return Event(
        type=r[0],
        mode=r[1],
        source_actors=tuple(r[2]),
        target_actors=tuple(r[3]),
        date=r[4],
        date_precision=r[5],
        date_method=r[6],
        location=r[7],
        contexts=tuple(r[8]),
        status=r[9],
        confidence=r[10],
        trigger=r[11],
        evidence=_spans(r[12]),
        forum=r[13],
    )


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0],
        text=row[1],
        content_hash=row[2],
        url=row[3],
        source=row[4],
        title=row[5],
        published=row[6],
        origin=row[7],
        external_id=row[8],
    )
