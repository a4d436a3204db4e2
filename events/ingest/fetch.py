"""The one HTTP client feeds and article pages are fetched with: http(s) only, a timeout, a body
cap, a User-Agent naming ConflictMap, and no request to a private, loopback or link-local address.

Curators register the URLs, so a URL is untrusted input that the server itself requests (SSRF):
`http://127.0.0.1:5432/`, `http://169.254.169.254/` (cloud metadata) or a LAN host must not be
reachable through it. The address is checked twice: every address the name resolves to before
connecting (a clear refusal, no packet sent), and the address the socket actually connected to
(so a DNS answer that changes between the two, or a redirect to an internal host, is refused too).
`allow_private` lifts this for tests, whose servers listen on 127.0.0.1 (FEEDS_ALLOW_PRIVATE).
urllib3 is used directly: it is what requests wraps, it reads no proxy variables from the
environment, and its connection class can be given the connect-time check.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from events.ingest.errors import MAX_REPORT_BYTES

USER_AGENT = "ConflictMap/0.1 feed fetcher (self-hosted; docs/feeds.md)"
MAX_REDIRECTS = 5
CHUNK = 64 * 1024

REFUSED_SCHEME = "Refused: only http and https URLs are fetched, not {scheme!r}."
REFUSED_HOST = "Refused: the URL has no host name."
REFUSED_PRIVATE = (
    "Refused: {host} is a private, loopback or link-local address ({address}); feeds are "
    "fetched from the public internet only (FEEDS_ALLOW_PRIVATE, docs/feeds.md)."
)
TOO_LARGE = f"The response is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB: not read."
TIMED_OUT = "Timed out after {seconds:g} s."
HTTP_STATUS = "HTTP {status} from the server."
UNREACHABLE = "Could not connect: {reason}"


class FetchError(Exception):
    """A fetch that failed: `status` is the HTTP status when the server answered one."""

    def __init__(self, message: str, *, status: int | None = None, refused: bool = False):
        super().__init__(message)
        self.status = status
        self.refused = refused


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes


def address_refusal(host: str, address: str) -> str | None:
    """Why `address` may not be fetched from, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_global and not ip.is_multicast:
        return None
    return REFUSED_PRIVATE.format(host=host, address=ip)


class _GuardedConnection(HTTPConnection):
    """Checks the address the socket connected to, before a byte of the request is sent."""

    allow_private = False

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        if not self.allow_private:
            refusal = address_refusal(self.host, sock.getpeername()[0])
            if refusal:
                sock.close()
                raise FetchError(refusal, refused=True)
        return sock


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


def _pool_manager(*, allow_private: bool, timeout: float) -> urllib3.PoolManager:
    flag = {"allow_private": allow_private}
    http_conn = type("Conn", (_GuardedConnection,), flag)
    https_conn = type("Conns", (_GuardedHTTPSConnection,), flag)
    manager = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout, read=timeout),
        retries=urllib3.Retry(
            total=MAX_REDIRECTS, connect=0, read=0, status=0, other=0, redirect=MAX_REDIRECTS
        ),
        headers={"User-Agent": USER_AGENT},
    )
    manager.pool_classes_by_scheme = {
        "http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("Pools", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }
    return manager


def url_check(url: str, *, allow_private: bool) -> None:
    """Refuse (FetchError, refused=True) a URL that is not http(s) or whose host resolves to a
    non-public address. Resolving is the only I/O; the connect-time check is the one that binds."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(REFUSED_SCHEME.format(scheme=parts.scheme), refused=True)
    host = parts.hostname
    if not host:
        raise FetchError(REFUSED_HOST, refused=True)
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(UNREACHABLE.format(reason=exc)) from exc
    for info in infos:
        refusal = address_refusal(host, str(info[4][0]))
        if refusal:
            raise FetchError(refusal, refused=True)


def _read_capped(response: Any, *, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(TOO_LARGE)
    chunks, size = [], 0
    for chunk in response.stream(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(TOO_LARGE)
        # The read timeout bounds each wait; this bounds a server that drips a byte at a time.
        if time.monotonic() > deadline:
            raise FetchError(TIMED_OUT.format(seconds=timeout))
        chunks.append(chunk)
    return b"".join(chunks)


def _fetch_error(reason: BaseException, timeout: float) -> FetchError:
    if isinstance(reason, FetchError):  # refused at connect time, raised inside urllib3
        return reason
    # NewConnectionError is a ConnectTimeoutError subclass in urllib3: a refused connection is
    # "could not connect", not a timeout.
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return FetchError(UNREACHABLE.format(reason=reason))
    if isinstance(reason, urllib3.exceptions.TimeoutError | TimeoutError):
        return FetchError(TIMED_OUT.format(seconds=timeout))
    return FetchError(UNREACHABLE.format(reason=reason))


def http_get(
    url: str, *, timeout: float, allow_private: bool, max_bytes: int = MAX_REPORT_BYTES
) -> Fetched:
    """GET `url` (following up to 5 redirects, each checked): the body, or FetchError saying why
    not (refused, timed out, unreachable, an HTTP error status, too large)."""
    url_check(url, allow_private=allow_private)
    manager = _pool_manager(allow_private=allow_private, timeout=timeout)
    deadline = time.monotonic() + timeout * 4
    try:
        response = manager.request("GET", url, preload_content=False, redirect=True)
        try:
            if response.status >= 400:
                raise FetchError(HTTP_STATUS.format(status=response.status), status=response.status)
            body = _read_capped(response, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
        finally:
            response.release_conn()
    except urllib3.exceptions.MaxRetryError as exc:
        raise _fetch_error(exc.reason or exc, timeout) from None
    except (urllib3.exceptions.HTTPError, TimeoutError) as exc:
        raise _fetch_error(exc, timeout) from None
    finally:
        manager.clear()
    final_url = response.geturl() or url
    return Fetched(
        url=final_url,
        status=response.status,
        content_type=response.headers.get("Content-Type", ""),
        body=body,
    )
