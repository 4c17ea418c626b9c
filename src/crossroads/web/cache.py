"""A response cache for GET requests, valid for as long as the store cannot change under it.

The server holds its DuckDB file open for its whole life: read-only, which keeps every writer
out (DuckDB's file lock), or writable, in which case the only writes are the server's own write
endpoints. So a GET answer stays right until the server itself writes: the cache forgets
everything when a request with another method succeeds. Entries are bounded in number and in
size (least recently used go first); answers larger than ``max_entry_bytes`` and error
answers are never kept. Each answer says ``x-cache: hit`` or ``miss``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ResponseCache", "CacheStats"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

READS = ("GET", "HEAD")


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    clears: int = 0
    entries: int = 0
    bytes: int = 0


@dataclass
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes = field(repr=False)


class ResponseCache:
    """ASGI middleware: answers a repeated GET from memory until the server writes."""

    def __init__(
        self,
        app: App,
        *,
        max_entries: int = 4096,
        max_bytes: int = 128_000_000,
        max_entry_bytes: int = 2_000_000,
        enabled: bool = True,
        stats: CacheStats | None = None,
    ) -> None:
        self.app = app
        self.max_entries, self.max_bytes, self.max_entry_bytes = max_entries, max_bytes, max_entry_bytes
        self.enabled = enabled
        self.stats = stats if stats is not None else CacheStats()
        self._entries: OrderedDict[tuple[str, bytes], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0  # a write moves it on; answers begun before a write are not kept

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation += 1
            self.stats.entries = self.stats.bytes = 0
            self.stats.clears += 1

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.enabled:
            await self.app(scope, receive, send)
            return
        if scope["method"] not in READS:
            await self._write(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        entry = self._get(key)
        if entry is not None:
            await self._replay(entry, scope["method"], send)
            return
        await self._record(key, scope, receive, send)

    async def _write(self, scope: Scope, receive: Receive, send: Send) -> None:
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status < 400:
            self.clear()

    def _get(self, key: tuple[str, bytes]) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.stats.misses += 1
                return None
            self._entries.move_to_end(key)
            self.stats.hits += 1
            return entry

    async def _replay(self, entry: _Entry, method: str, send: Send) -> None:
        headers = [*entry.headers, (b"x-cache", b"hit")]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else entry.body})

    async def _record(self, key: tuple[str, bytes], scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = scope["method"] == "GET"
        generation = self._generation

        async def tee(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = keep and message["status"] == 200
                message = {**message, "headers": [*message.get("headers", []), (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                keep = size <= self.max_entry_bytes
                chunks.append(body) if keep else chunks.clear()
                if keep and not message.get("more_body", False) and start is not None:
                    entry = _Entry(start["status"], list(start.get("headers", [])), b"".join(chunks))
                    self._put(key, entry, generation)
            await send(message)

        await self.app(scope, receive, tee)

    def _put(self, key: tuple[str, bytes], entry: _Entry, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self.stats.bytes -= len(old.body)
            self._entries[key] = entry
            self.stats.bytes += len(entry.body)
            while self._entries and (
                len(self._entries) > self.max_entries or self.stats.bytes > self.max_bytes
            ):
                _, dropped = self._entries.popitem(last=False)
                self.stats.bytes -= len(dropped.body)
            self.stats.entries = len(self._entries)
