"""HTTP GET with the limits a fetcher of other people's pages owes them and us.

One `Fetcher` per run: timeouts to connect and for each wait for data, a cap on the whole
download, the size limit of files (`Settings.max_file_bytes`) counted on the decompressed body
as it streams in, redirects followed by hand (so each hop is checked and a loop is named), only
http and https, an honest User-Agent, gzip and deflate, and a pause between two requests to the
same host. Every failure is a `FetchFailed` with one plain reason.
"""
from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    HTTPError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    SSLError,
    TimeoutError,
)

from core.errors import FetchFailed
from core.fetch.urls import check_public_host, check_url, is_public, private_refusal
from core.read.decode import ENCODING_UPGRADES, normal_codec
from core.read.limits import human_size
from core.settings import Settings

log = logging.getLogger(__name__)

USER_AGENT = "ai-fund-news-tracker/0.1 (an open-source news tracker for AI-themed funds; urllib3)"
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    media_type: str  # "text/html", lower case, no parameters; "" when the server sent none
    charset: str | None  # a Python codec name, when the server declared one
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


def _status_reason(status: int) -> str:
    """Plain words for an HTTP error status."""
    words = {400: "bad request", 401: "access denied", 403: "access denied", 404: "not found", 410: "gone",
             429: "too many requests", 451: "unavailable for legal reasons"}
    if status in words:
        return f"{words[status]} (HTTP {status})"
    if status >= 500:
        return f"server error (HTTP {status})"
    return f"unexpected answer (HTTP {status})"


def content_type(header: str) -> tuple[str, str | None]:
    """'text/html; charset=GB2312' -> ('text/html', 'gb18030')."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            codec = normal_codec(value.strip().strip("\"'"))
            charset = ENCODING_UPGRADES.get(codec, codec) if codec else None
    return media.strip().lower(), charset


class _PublicOnly:
    """Mixed into urllib3's connections: refuse a socket whose peer is not a public address.

    Checking the host name before the request is not enough: DNS can answer differently a moment
    later. This checks the address actually connected to."""

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        peer = str(sock.getpeername()[0])
        if not is_public(peer):
            sock.close()
            host = getattr(self, "host", "")
            raise FetchFailed(host, private_refusal(host, peer))
        return sock


class _PublicHTTPConnection(_PublicOnly, HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class Fetcher:
    """Fetches one URL at a time with the limits of `settings`; `allow_private` lets it reach
    loopback and private-network hosts (the command line does, the dashboard does not).

    `sleep` and `clock` are injectable so the pacing can be tested without waiting.
    """

    def __init__(self, settings: Settings, allow_private: bool | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.allow_private = settings.fetch_allow_private if allow_private is None else allow_private
        self.sleep = sleep
        self.clock = clock
        self._last_request: dict[str, float] = {}
        self.requests: list[str] = []  # every URL asked for, in order (what tests and reports count)
        self._pool = urllib3.PoolManager(num_pools=20)
        if not self.allow_private:
            self._pool.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.clear()

    def _pace(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        wait = self._last_request.get(host, -1e9) + self.settings.fetch_host_interval_s - self.clock()
        if wait > 0:
            self.sleep(wait)
        self._last_request[host] = self.clock()

    def get(self, url: str, accept: str = "*/*", etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """The body of `url` after at most `fetch_max_redirects` redirects; raises FetchFailed.

        With `etag` or `last_modified` the request is conditional: an unchanged resource comes
        back with status 304 and an empty body.
        """
        asked = check_url(url)
        current, seen = asked, {asked}
        for _ in range(self.settings.fetch_max_redirects + 1):
            # Per-request headers replace the pool's defaults in urllib3, so all of them go here.
            headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response = self._request(asked, current, headers)
            if response.status not in _REDIRECTS:
                return self._read(asked, current, response)
            location = response.headers.get("Location", "")
            response.close()  # not drained: a redirect's body is of no use, and may be endless
            if not location:
                raise FetchFailed(asked, f"redirect without a target (HTTP {response.status})")
            target = urljoin(current, location.strip())
            try:
                check_url(target)
            except FetchFailed as exc:
                raise FetchFailed(asked, f"redirected to a URL we do not fetch: {exc.reason}") from None
            if target in seen:
                raise FetchFailed(asked, "redirect loop")
            seen.add(target)
            current = target
        raise FetchFailed(asked, f"too many redirects (more than {self.settings.fetch_max_redirects})")

    def _request(self, asked: str, url: str, headers: dict[str, str]) -> urllib3.BaseHTTPResponse:
        if not self.allow_private:
            try:
                check_public_host(url)
            except FetchFailed as exc:
                raise FetchFailed(asked, exc.reason) from None
        self._pace(url)
        self.requests.append(url)
        timeout = urllib3.Timeout(connect=self.settings.fetch_timeout_s, read=self.settings.fetch_timeout_s)
        try:
            return self._pool.request("GET", url, headers=headers, preload_content=False, redirect=False,
                                      retries=False, timeout=timeout)
        except FetchFailed as exc:  # from _PublicOnly, which knows the host but not the URL
            raise FetchFailed(asked, exc.reason) from None
        except HTTPError as exc:
            raise self._failure(asked, exc) from None

    def _failure(self, asked: str, exc: Exception) -> FetchFailed:
        if isinstance(exc, NameResolutionError):
            return FetchFailed(asked, f"host not found ({urlsplit(asked).hostname})")
        if isinstance(exc, NewConnectionError):  # before TimeoutError: urllib3 makes it a subclass of it
            return FetchFailed(asked, "cannot connect (connection refused)")
        if isinstance(exc, TimeoutError):
            return FetchFailed(asked, f"timed out (no answer within {self.settings.fetch_timeout_s:g} s)")
        if isinstance(exc, SSLError):
            return FetchFailed(asked, "secure connection failed (TLS certificate or protocol error)")
        if isinstance(exc, ProtocolError):
            return FetchFailed(asked, "the connection broke off")
        log.warning("fetching %s failed: %r", asked, exc)
        return FetchFailed(asked, f"could not fetch ({type(exc).__name__})")

    def _read(self, asked: str, url: str, response: urllib3.BaseHTTPResponse) -> Fetched:
        limit = self.settings.max_file_bytes
        media, charset = content_type(response.headers.get("Content-Type", ""))
        etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        complete = False
        try:
            if response.status == 304:
                return Fetched(asked, url, 304, media, charset, b"", etag, modified)
            if response.status != 200:
                raise FetchFailed(asked, _status_reason(response.status))
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchFailed(asked, f"too large ({human_size(int(declared))}, over the {human_size(limit)} limit)")
            deadline = self.clock() + self.settings.fetch_total_s
            body = bytearray()
            for chunk in response.stream(_CHUNK, decode_content=True):
                body += chunk
                if len(body) > limit:
                    raise FetchFailed(asked, f"too large (over the {human_size(limit)} limit)")
                if self.clock() > deadline:
                    raise FetchFailed(asked, f"timed out (the download took over {self.settings.fetch_total_s:g} s)")
            complete = True
        except HTTPError as exc:
            raise self._failure(asked, exc) from None
        finally:
            # A connection is reused only after a whole body; any other is closed, not drained.
            if complete:
                response.release_conn()
            else:
                response.close()
        return Fetched(asked, url, 200, media, charset, bytes(body), etag, modified)
