"""The REST API: a thin FastAPI shell over the library's queries.

Every error, from a bad parameter to an unknown route, has one JSON shape::

    {"error": {"status": 404, "code": "not_found", "message": "..."}}

The server is read-only unless it was started with a write token (``CROSSROADS_TOKEN``); then
``POST /api/ingest`` accepts requests that carry it as a bearer token.
Page sizes are bounded (``limit`` ≤ 200) and so is the cost of a query.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import math
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..analysis.conflicts import find_conflicts
from ..analysis.index import compute_index, explain
from ..errors import ConfigError, CrossroadsError, StoreError
from ..extract.knowledge import load_knowledge
from ..store import CanonicalSnapshot, Store, open_store
from .cache import CacheStats, ResponseCache

__all__ = ["create_app", "ApiError", "MAX_LIMIT", "sources_with_health"]

log = logging.getLogger(__name__)

MAX_LIMIT = 200
MAX_BODY = 20_000_000


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status)


CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_parameter",
    500: "internal_error",
    503: "unavailable",
}


def _clean(value: Any) -> Any:
    """JSON-safe values: NaN becomes null, numpy scalars become Python numbers."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            return _clean(value.item())
        except (ValueError, AttributeError):
            return value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "tolist"):
        return _clean(value.tolist())
    return value


def _plain(value: Any) -> Any:
    """JSON-ready values, quickly for the types rows hold; others go through :func:`_clean`."""
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if kind in (list, tuple):
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind in (dt.date, dt.datetime):
        return value.isoformat()
    return jsonable_encoder(_clean(value))


def _page(total: int, items: list[Any], limit: int, offset: int) -> JSONResponse:
    return JSONResponse({"total": total, "limit": limit, "offset": offset, "items": _plain(items)})


class Stores:
    """The server's connection to its store.

    Read-only (no write token): one DuckDB connection, a cursor per thread, so requests run
    side by side. Writable: one connection under a lock, so writes never interleave. Either
    way the data cannot change except through this server (DuckDB's file lock keeps other
    writers out), so the index, the costliest computation, is kept until the server writes.
    """

    def __init__(self, db: str | Path, *, writable: bool) -> None:
        self.db = str(db)
        self.writable = writable
        self.lock = threading.Lock()
        self.store: Store | None = None
        self._local = threading.local()
        self._cursors: list[Store] = []
        self._index: dict[str, pd.DataFrame] = {}
        self._index_lock = threading.RLock()
        self._warmup: threading.Thread | None = None
        self._events: CanonicalSnapshot | None = None

    def _base(self) -> Store:
        if self.store is None:
            self.store = open_store(self.db, read_only=not self.writable)
        return self.store

    @contextmanager
    def use(self) -> Iterator[Store]:
        if self.writable:
            with self.lock:
                yield self._base()
            return
        cursor = getattr(self._local, "store", None)
        if cursor is None:
            with self.lock:
                cursor = self._base().cursor()
                self._cursors.append(cursor)
            self._local.store = cursor
        yield cursor

    def index(self, *, by: str = "year", state: str | None = None, power: str | None = None) -> pd.DataFrame:
        """:func:`compute_index`, computed once per period length and remembered until the server
        writes; a state's or a power's rows are cut from it (treat the frame as read-only)."""
        with self._index_lock:  # one computation at a time: a second asker waits for the first
            frame = self._index.get(by)
            if frame is None:
                with self.use() as store:
                    frame = self._index[by] = compute_index(store, by=by)
        if frame.empty:
            return frame
        if state:
            frame = frame[frame.state == state.upper()]
        if power:
            frame = frame[frame.power == power.upper()]
        return frame.reset_index(drop=True) if state or power else frame

    def warm(self) -> None:
        """Compute the yearly index in the background so the first dashboard visit is quick."""

        def run() -> None:
            try:
                self.events()
                self.index()
            except Exception as exc:  # e.g. no store yet: the requests will say so
                log.info("index not precomputed: %s", exc)

        self._warmup = threading.Thread(target=run, name="crossroads-index-warmup", daemon=True)
        self._warmup.start()

    def events(self) -> CanonicalSnapshot:
        """The canonical events in memory (store/snapshot.py), kept until the server writes."""
        with self._index_lock:
            if self._events is None:
                with self.use() as store:
                    self._events = store.snapshot()
            return self._events

    def changed(self) -> None:
        """The server wrote to the store: forget what was computed from the old data."""
        with self._index_lock:
            self._index.clear()
            self._events = None

    def close(self) -> None:
        if self._warmup is not None:
            self._warmup.join()
        for cursor in self._cursors:
            cursor.close()
        self._cursors.clear()
        if self.store is not None:
            self.store.close()
            self.store = None


def sources_with_health(store: Store, sources_path: str | Path | None) -> list[dict[str, Any]]:
    """The configured sources and their health; a broken sources file is the server's fault."""
    from ..collect import source_status
    from ..ingest.sources import load_sources

    try:
        configured = load_sources(sources_path)
    except ConfigError as exc:
        raise ApiError(500, "internal_error", f"the server's sources file cannot be used: {exc}") from exc
    return source_status(store, configured)


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    sources_path: str | Path | None = None,
    cache: bool = True,
    warm: bool = True,
) -> FastAPI:
    """The API over the store at ``db``; writes are allowed only with ``token``;
    ``sources_path`` is a sources file read after the shipped one (for ``/api/sources``). GET
    answers are cached until the server writes (``cache=False`` turns that off; see
    web/cache.py), and the index is computed in the background at start-up unless ``warm=False``."""
    stores = Stores(db, writable=bool(token))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:
            stores.warm()
        yield
        stores.close()

    app = FastAPI(
        docs_url=None,  # Swagger UI comes from a CDN; /docs is our own page (web/pages.py), offline
        redoc_url=None,
        lifespan=lifespan,
        title="Crossroads API",
        version=__version__,
        description="Events, figures and claims on great-power competition over Central Asia, with evidence.",
    )
    app.state.stores = stores
    app.state.sources_path = sources_path
    app.state.cache = CacheStats()
    app.add_middleware(ResponseCache, enabled=cache, stats=app.state.cache)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.url.path}"
        return _error(exc.status_code, CODES.get(exc.status_code, "error"), message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
        return _error(422, "invalid_parameter", "; ".join(parts) or "invalid request")

    @app.exception_handler(CrossroadsError)
    async def library_error(request: Request, exc: CrossroadsError) -> JSONResponse:
        status = 503 if isinstance(exc, StoreError) else 400
        return _error(status, CODES[status], str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _error(
            500, "internal_error", f"{type(exc).__name__}: the server could not answer this request"
        )

    def require_token(authorization: str | None = Header(default=None)) -> None:
        if not token:
            raise ApiError(
                403, "forbidden", "this server is read-only; start it with CROSSROADS_TOKEN to allow writes"
            )
        if authorization != f"Bearer {token}":
            raise ApiError(401, "unauthorized", "send the write token as 'Authorization: Bearer TOKEN'")

    def limit_q() -> Any:
        return Query(50, ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")

    def offset_q() -> Any:
        return Query(0, ge=0, le=1_000_000)

    def code_q() -> Any:  # a fresh Query per parameter: FastAPI binds each to one name
        return Query(
            None, min_length=2, max_length=5, pattern="^[A-Za-z]+$", description="actor code, e.g. KAZ"
        )

    @app.get("/api", summary="What this API offers")
    def root() -> dict[str, Any]:
        return {
            "name": "crossroads",
            "version": __version__,
            "writable": bool(token),
            "docs": "/docs",
            "endpoints": sorted(p for p in app.openapi()["paths"] if p.startswith("/api")),
        }

    @app.get("/api/summary", summary="Counts and the most active outside power per state")
    def summary() -> dict[str, Any]:
        from ..analysis import summarize

        with stores.use() as store:
            return summarize(store).to_dict()

    @app.get("/api/articles", summary="Articles (without text), newest first")
    def articles(
        q: str | None = Query(None, max_length=200),
        source: str | None = Query(None, max_length=200),
        limit: int = limit_q(),
        offset: int = offset_q(),
    ) -> dict[str, Any]:
        with stores.use() as store:
            total, items = store.list_articles(q=q, source=source, limit=limit, offset=offset)
        return _page(total, items, limit, offset)

    @app.get("/api/articles/{article_id}", summary="One article with its text and records")
    def article(article_id: str) -> dict[str, Any]:
        with stores.use() as store:
            found = store.get_article(article_id)
            if found is None:
                raise ApiError(404, "not_found", f"no article {article_id!r}")
            data = found.to_dict()
            data["events"] = [e.to_dict() for e in store.list_events(article_id=article_id)]
            data["figures"] = [f.to_dict() for f in store.list_figures(article_id=article_id)]
            data["claims"] = [c.to_dict() for c in store.list_claims(article_id=article_id)]
        return jsonable_encoder(data)

    @app.get("/api/events", summary="Canonical events with their number of independent sources")
    def events(
        actor: str | None = code_q(),
        counterpart: str | None = code_q(),
        type: str | None = Query(None, max_length=12, pattern="^[A-Za-z]+$"),
        context: str | None = Query(None, max_length=30),
        since: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        until: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        status: str | None = Query(None, pattern="^(occurred|planned)$"),
        forum: str | None = code_q(),
        min_sources: int = Query(1, ge=1, le=1000),
        limit: int = limit_q(),
        offset: int = offset_q(),
    ) -> dict[str, Any]:
        filters = dict(
            actor=actor,
            counterpart=counterpart,
            type=type,
            context=context,
            since=since,
            until=until,
            status=status,
            forum=forum,
            min_sources=min_sources,
        )
        snapshot = stores.events()
        total = snapshot.count(**filters)
        items = snapshot.list(**filters, limit=limit, offset=offset)
        return _page(total, items, limit, offset)

    @app.get("/api/events/{event_id}", summary="One canonical event with every report behind it")
    def event(event_id: str) -> dict[str, Any]:
        with stores.use() as store:
            found = store.get_canonical(event_id)
            if found is None:
                raise ApiError(404, "not_found", f"no canonical event {event_id!r}")
            mentions = []
            for eid, aid, e in store.list_mentions_of(event_id):
                art = store.get_article(aid)
                mentions.append(
                    {
                        "event_id": eid,
                        "article_id": aid,
                        "source": art.source if art else None,
                        "title": art.title if art else None,
                        "url": art.url if art else None,
                        "published": art.published if art else None,
                        **e.to_dict(),
                    }
                )
        return jsonable_encoder(_clean({**found, "mentions": mentions}))

    @app.get("/api/figures", summary="Figures, or pairs of conflicting figures")
    def figures(
        actor: str | None = code_q(),
        indicator: str | None = Query(None, max_length=60),
        conflicts: bool = False,
        limit: int = limit_q(),
        offset: int = offset_q(),
    ) -> dict[str, Any]:
        with stores.use() as store:
            if conflicts:
                found = [c.to_dict() for c in find_conflicts(store, actor=actor, indicator=indicator)]
                return _page(len(found), found[offset : offset + limit], limit, offset)
            rows = store.list_figure_sources(actor=actor, indicator=indicator)
        items = [
            {
                "figure_id": i,
                **f.to_dict(),
                "article_id": a.id,
                "source": a.source,
                "url": a.url,
                "published": a.published,
            }
            for i, f, a in rows
        ]
        return _page(len(items), items[offset : offset + limit], limit, offset)

    @app.get("/api/claims", summary="Who said what")
    def claims(
        actor: str | None = code_q(),
        speaker: str | None = Query(None, max_length=100),
        limit: int = limit_q(),
        offset: int = offset_q(),
    ) -> dict[str, Any]:
        with stores.use() as store:
            total, items = store.list_claim_rows(actor=actor, speaker=speaker, limit=limit, offset=offset)
        return _page(total, items, limit, offset)

    @app.get("/api/actors/{code}", summary="An actor's profile: names, office-holders, recent events")
    def actor(code: str, limit: int = Query(20, ge=1, le=MAX_LIMIT)) -> dict[str, Any]:
        kb = load_knowledge()
        code = code.upper()
        if code not in kb.names:
            raise ApiError(404, "not_found", f"no actor {code!r} in the knowledge base")
        aliases = sorted({p for p, entries in kb.phrases.items() for e in entries if code in e.codes})
        holders = sorted(
            (
                {"name": t.person, "office": t.office, "start": t.start, "end": t.end}
                for terms in kb.terms.values()
                for t in terms
                if t.code == code
            ),
            key=lambda h: (str(h["start"]), h["name"]),
            reverse=True,
        )
        recent = stores.events().list(actor=code, newest_first=True, limit=limit)
        return jsonable_encoder(
            {
                "code": code,
                "name": kb.names[code],
                "aliases": aliases,
                "office_holders": holders,
                "recent_events": recent,
            }
        )

    @app.get("/api/index", summary="The engagement and influence index")
    def index(
        by: str = Query("year", pattern="^(year|quarter|month)$"),
        state: str | None = code_q(),
        power: str | None = code_q(),
        period: str | None = Query(None, max_length=10),
        limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT),
        offset: int = offset_q(),
    ) -> dict[str, Any]:
        frame = stores.index(by=by, state=state, power=power)
        if not frame.empty and period:
            frame = frame[frame.period == period]
        items = [{k: v for k, v in r.items() if not k.startswith("_")} for r in frame.to_dict("records")]
        return _page(len(items), items[offset : offset + limit], limit, offset)

    @app.get("/api/index/explain", summary="The events and figures behind one index row")
    def index_explain(
        state: str = Query(..., min_length=3, max_length=3),
        power: str = Query(..., min_length=2, max_length=5),
        period: str = Query(..., max_length=10),
        by: str = Query("year", pattern="^(year|quarter|month)$"),
    ) -> dict[str, Any]:
        frame = stores.index(by=by, state=state)
        with stores.use() as store:
            try:
                detail = explain(store, frame, period=period, state=state, power=power)
            except ConfigError as exc:
                raise ApiError(404, "not_found", str(exc)) from exc
        return jsonable_encoder(_clean(detail))

    @app.get("/api/search", summary="Full-text search over articles")
    def search(q: str = Query(..., min_length=2, max_length=200), limit: int = Query(20, ge=1, le=MAX_LIMIT)):
        with stores.use() as store:
            items = store.search_articles(q, limit=limit)
        return _page(len(items), items, limit, 0)

    @app.get("/api/sources", summary="The collection sources with their health")
    def sources() -> dict[str, Any]:
        with stores.use() as store:
            rows = sources_with_health(store, sources_path)
        return {"total": len(rows), "items": jsonable_encoder(_clean(rows))}

    @app.get("/api/export/{table}", summary="A table as CSV, JSON or Parquet")
    def export(table: str, format: str = Query("json", pattern="^(csv|json|parquet)$")) -> Response:
        with stores.use() as store:
            try:
                columns, rows = store.export_rows(table)
            except StoreError as exc:
                raise ApiError(404, "not_found", str(exc)) from exc
        frame = pd.DataFrame([list(r) for r in rows], columns=columns)
        if format == "csv":
            return Response(frame.to_csv(index=False), media_type="text/csv")
        if format == "parquet":
            buffer = io.BytesIO()
            for column in frame.columns:
                if frame[column].map(lambda v: isinstance(v, (list, dict))).any():
                    frame[column] = frame[column].map(lambda v: json.dumps(v, default=str))
            frame.to_parquet(buffer, index=False)
            return Response(buffer.getvalue(), media_type="application/vnd.apache.parquet")
        return Response(frame.to_json(orient="records", date_format="iso"), media_type="application/json")

    @app.post(
        "/api/ingest",
        summary="Store an article (needs the write token)",
        dependencies=[Depends(require_token)],
    )
    async def ingest(request: Request) -> dict[str, Any]:
        from ..analysis.fusion import fuse
        from ..extract import extract_article
        from ..ingest import read_bytes
        from ..runner import IngestReport, _ingest_one

        body = await request.body()
        if len(body) > MAX_BODY:
            raise ApiError(413, "too_large", f"body of {len(body)} bytes exceeds {MAX_BODY}")
        report = IngestReport()
        with stores.use() as store:
            for item in read_bytes(body, origin="<request>", kind="auto", max_bytes=MAX_BODY):
                if isinstance(item, CrossroadsError):
                    raise ApiError(400, "bad_request", str(item))
                _ingest_one(store, item, extract_article, report)
            if report.article_ids:
                fuse(store, article_ids=report.article_ids)
        stores.changed()
        return {"stored": report.stored, "duplicates": report.duplicates, "article_ids": report.article_ids}

    from .pages import router

    app.include_router(router)
    return app
