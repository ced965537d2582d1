"""Report pages drawn once per version of the data, and answered with 304 when the
browser already has the page.

A page is keyed by who reads it (the asks and the links depend on the reader), its query
string, the data version (outcomes.data_version: it changes with every submission) and
the half-hour: the page carries the reader's form token, which must stay valid. The key's
digest is the page's ETag. Pages are kept in this worker's memory, the least recently
used dropped first once they pass ``MAX_BYTES``; only complete pages are kept.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from flask import Response, current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from outcomes import data_version
from web.database import get_session

MAX_BYTES = 64 * 1024 * 1024
TOKEN_LIFE = 30 * 60  # seconds a cached page's form token may have been issued before


class PageCache:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: str) -> None:
        size = len(page)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped)


pages = PageCache()


def page_etag() -> str:
    """The ETag of the page this request asks for, as of the data's current version."""
    generate_csrf()  # so that the session holds the reader's token secret
    parts = (
        # Who reads, with what they may read: a change of role or places is a new page.
        str(current_user.get_id()),
        str(getattr(current_user, "role", "")),
        ",".join(sorted(str(p.id) for p in getattr(current_user, "places", []))),
        str(session.get("csrf_token", "")),
        request.full_path,
        str(data_version.current(get_session())),
        str(int(time.time() // TOKEN_LIFE)),
        str(current_app.config.get("DISCLOSURE_THRESHOLD")),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def applies() -> bool:
    """Whether this request's page may come from, or go to, the cache: not with a message
    waiting to be shown once (the page would keep it, or lose it)."""
    return bool(request.args) and not session.get("_flashes")


def respond(etag: str, page: str) -> Response:
    response = Response(page, mimetype="text/html")
    response.set_etag(etag)
    # No copy is kept (signed-in pages are no-store, for shared computers): the ETag serves
    # readers and tools that ask again with If-None-Match, and the server's own cache
    # draws the page once per data version.
    response.headers["Cache-Control"] = "no-store"
    return response


def not_modified(etag: str) -> Response | None:
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = "no-store"
        return response
    return None
