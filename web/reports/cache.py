"""Report bodies drawn once per version of the data for every worker, and answered with 304
when the reader's browser already has the page.

What is kept is the report's body (its charts, tables and words), never the page around
it: the layout carries the reader's own parts (the form token of signing out, their name,
messages shown once), drawn afresh for every request. A body is keyed by everything that
decides it: the reader's access as outcomes.accounts.access decides it (role and places:
the asks and the links depend on them), the report's parameters once the form has read
them, every argument of the address (the page repeats them in its links), the data
version (outcomes.data_version: it changes with every submission), the disclosure
threshold, the database and the code that draws it (a new release draws afresh). So
readers with the same access share a body, and a reader with other access never sees it.
Each body is kept with a keyed digest (HMAC with the app's secret key) and shown only if
it matches: a body that anyone who can write to the store put there is drawn again,
never shown as the page.

Bodies are kept in Redis when one is configured (``REPORT_CACHE_URL``, by default the
Redis that counts rate limits), where every worker finds them and a short lock lets one
worker draw while the others wait for it; otherwise in this process, bounded. Either way
a body lives at most ``BODY_LIFE``: the data version retires old bodies, the time frees
their room. A store that fails is a miss, never an error page.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import logging
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Protocol

import redis
from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from outcomes import data_version
from outcomes.accounts.access import Actor, access_key
from outcomes.config import PER_PROCESS_STORE
from outcomes.reports.spec import ReportSpec
from web.database import get_session

log = logging.getLogger("outcomes.reports.cache")

BODY_LIFE = 60 * 60  # seconds a body is kept, whatever the data version
MAX_BODY = 8 * 1024 * 1024  # bytes, compressed: a larger body is drawn every time
MEMORY_BYTES = 32 * 1024 * 1024  # what the in-process store may hold, compressed
DRAW_LOCK = 30  # seconds: no drawing outlives gunicorn's worker timeout
WAIT_STEP = 0.1  # seconds between two looks for a body another worker is drawing
WAIT_MARGIN = 5.0  # seconds of the request's deadline kept for drawing it oneself
TOKEN_LIFE = 30 * 60  # seconds a page's form token may have been issued before
EXTENSION = "outcomes.report_cache"


class BodyStore(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, body: bytes) -> None: ...
    def claim(self, key: str) -> bool:
        """Whether this worker draws ``key``: False while another is drawing it."""
        ...

    def release(self, key: str) -> None: ...


class MemoryStore:
    """Bodies in this process, the least recently used dropped first past ``max_bytes``."""

    def __init__(self, max_bytes: int = MEMORY_BYTES) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            kept = self._bodies.get(key)
            if kept is None:
                return None
            if kept[0] < time.monotonic():
                self._drop(key)
                return None
            self._bodies.move_to_end(key)
            return kept[1]

    def put(self, key: str, body: bytes) -> None:
        with self._lock:
            if key in self._bodies:
                self._drop(key)
            self._bodies[key] = (time.monotonic() + BODY_LIFE, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._bodies)))

    def _drop(self, key: str) -> None:
        self._bytes -= len(self._bodies.pop(key)[1])

    def claim(self, key: str) -> bool:
        return True  # one process: its other threads may draw the same body, rarely

    def release(self, key: str) -> None:
        pass


class RedisStore:
    """Bodies in Redis, each with its time to live; a lock key says who is drawing one."""

    def __init__(self, url: str, prefix: str = "outcomes:report:") -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        found = self.client.get(self.prefix + key)
        return found if isinstance(found, bytes) else None

    def put(self, key: str, body: bytes) -> None:
        self.client.set(self.prefix + key, body, ex=BODY_LIFE)

    def claim(self, key: str) -> bool:
        return bool(self.client.set(f"{self.prefix}{key}:drawing", 1, nx=True, ex=DRAW_LOCK))

    def release(self, key: str) -> None:
        self.client.delete(f"{self.prefix}{key}:drawing")


def init_app(app: Flask) -> None:
    url: str = app.config.get("REPORT_CACHE_URL") or PER_PROCESS_STORE
    store: BodyStore = MemoryStore() if url.startswith(PER_PROCESS_STORE) else RedisStore(url)
    app.extensions[EXTENSION] = store


def store() -> BodyStore:
    found: BodyStore = current_app.extensions[EXTENSION]
    return found


def applies() -> bool:
    """Whether this request's report may come from, or go to, the cache: not the form
    alone, and not with a message waiting to be shown once."""
    return bool(request.args) and not session.get("_flashes")


def ordered_arguments() -> list[tuple[str, str]]:
    """The address's arguments in one order, as the key holds them and the page repeats
    them in its links: by name, and a name's values in the order given (a date is its
    day, month and year, in that order: sorting them too would make another date)."""
    return sorted(request.args.items(multi=True), key=itemgetter(0))


def arguments() -> str:
    """The arguments as the key holds them: the same report asked with its arguments in
    another order is the same body."""
    return json.dumps(ordered_arguments(), separators=(",", ":"))


def body_key(reader: Actor, spec: ReportSpec) -> str:
    """The key of the body ``reader`` is shown for ``spec`` as the data now stands."""
    parts = {
        "reader": access_key(reader),
        "report": spec.as_dict(),
        "arguments": arguments(),
        "data": data_version.current(get_session()),
        "threshold": current_app.config.get("DISCLOSURE_THRESHOLD"),
        "database": current_app.config.get("DATABASE_URL"),
        "release": release(),
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def release() -> str:
    """A digest of the code that draws report bodies (the report modules and every
    template), read once per process: a body drawn by an earlier release is not shown."""
    root = Path(__file__).parents[2]
    files = [
        *(root / "outcomes" / "reports").glob("*.py"),
        *(root / "web" / "reports").glob("*.py"),
        *(root / "web" / "templates").rglob("*.html"),
    ]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def page_etag(key: str) -> str:
    """The page's ETag: its body's key, with this session's form token (the page holds it)."""
    generate_csrf()  # so that the session holds the reader's token secret
    parts = (key, str(session.get("csrf_token", "")), str(int(time.time() // TOKEN_LIFE)))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def drawn(key: str, draw: Callable[[], str | None]) -> str | None:
    """The body kept under ``key``, else what ``draw`` returns, kept for the next reader
    (None, for parameters the report refused, is not kept). While another worker draws
    the same body, wait for it rather than draw it twice, as long as the deadline allows."""
    kept = _get(key)
    if kept is not None:
        return kept
    claimed = _claim(key)
    if not claimed:
        kept, claimed = _wait_for(key)
        if kept is not None:
            return kept
        if not claimed:
            log.info("Drawing a report body another worker is still drawing")
    try:
        started = time.monotonic()
        body = draw()
        if body is not None:
            _put(key, body)
            log.info("Report body drawn in %.1f s", time.monotonic() - started)
        return body
    finally:
        if claimed:
            _release(key)


def _wait_for(key: str) -> tuple[str | None, bool]:
    """The body another worker drew, or None and whether this worker may now draw it."""
    until = _deadline() - WAIT_MARGIN
    while time.monotonic() < until:
        time.sleep(WAIT_STEP)
        kept = _get(key)
        if kept is not None:
            return kept, False
        if _claim(key):  # the other worker finished without keeping it, or failed
            return None, True
    return None, False


def _deadline() -> float:
    found = g.get("deadline")
    if found:
        return float(found[0])
    return time.monotonic() + float(current_app.config.get("STATEMENT_TIMEOUT") or DRAW_LOCK)


def _get(key: str) -> str | None:
    try:
        found = store().get(key)
    except redis.RedisError as error:
        log.warning("Report cache unavailable, drawing instead: %s", error)
        return None
    if found is None:
        return None
    mac, packed = found[: hashlib.sha256().digest_size], found[hashlib.sha256().digest_size :]
    if not hmac.compare_digest(mac, _mac(key, packed)):
        log.warning("A report body in the cache does not carry this app's digest: drawn again")
        return None
    return zlib.decompress(packed).decode()


def _mac(key: str, packed: bytes) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, key.encode() + b"\0" + packed, hashlib.sha256).digest()


def _put(key: str, body: str) -> None:
    packed = zlib.compress(body.encode(), 1)
    if len(packed) > MAX_BODY:
        return
    try:
        store().put(key, _mac(key, packed) + packed)
    except redis.RedisError as error:
        log.warning("Report cache unavailable, body not kept: %s", error)


def _claim(key: str) -> bool:
    try:
        return store().claim(key)
    except redis.RedisError:
        return True


def _release(key: str) -> None:
    with contextlib.suppress(redis.RedisError):
        store().release(key)


def respond(etag: str, page: str) -> Response:
    response = Response(page, mimetype="text/html")
    response.set_etag(etag)
    # No copy is kept (signed-in pages are no-store, for shared computers): the ETag serves
    # readers and tools that ask again with If-None-Match, and the server's own cache
    # draws the body once per data version.
    response.headers["Cache-Control"] = "no-store"
    return response


def not_modified(etag: str) -> Response | None:
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-store"
        return response
    return None
