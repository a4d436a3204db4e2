"""Who the client is, and the admin login lockout (django-axes): the proxy's headers believed
from the proxy only, the address a failed login is counted against, the backend and its page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from ipaddress import ip_address, ip_network
from typing import TYPE_CHECKING, Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

# What a proxy tells us about the client (nginx sets the first two), as Django names them.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


def is_our_proxy(address: str) -> bool:
    """Whether an address is one of the proxy's, as FORWARDED_ALLOW_IPS lists them ("*" names
    no address: it trusts every peer, see is_trusted_proxy)."""
    try:
        peer = ip_address(address)
    except ValueError:
        return False
    networks = (n for n in settings.FORWARDED_ALLOW_IPS if n != "*")
    return any(peer in ip_network(network, strict=False) for network in networks)


def is_trusted_proxy(address: str) -> bool:
    """Whether a peer may tell us the client's address and scheme (settings FORWARDED_ALLOW_IPS,
    only with BEHIND_PROXY=1). A unix-socket peer has no address (gunicorn gives ""): only
    processes allowed to open the socket file reach it, the proxy, as gunicorn also holds."""
    trusted = settings.FORWARDED_ALLOW_IPS
    if not trusted:
        return False
    return address == "" or "*" in trusted or is_our_proxy(address)


class ForwardedHeadersMiddleware:
    """Drops the forwarding headers of every request the trusted proxy did not pass on.

    Django's SECURE_PROXY_SSL_HEADER believes X-Forwarded-Proto from anyone, and gunicorn passes
    the header through from peers it does not trust (it only declines to act on it); a client
    reaching gunicorn directly could claim HTTPS, or a fresh address per login. Placed first, so
    nothing after it sees them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for name in FORWARDED_HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)


def forwarded_client(meta: Mapping[str, str]) -> str | None:
    """The client's address in the proxy's X-Forwarded-For: the nearest hop that is not a proxy
    of ours. nginx here sends only the address it saw; a proxy that appends ($proxy_add_...)
    leaves the client's own claims on the left, and they are never reached."""
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        try:
            ip_address(hop)
        except ValueError:
            return None
        if not is_our_proxy(hop):
            return hop
    return None


def client_address(request: HttpRequest) -> str:
    """The address a login is counted against (settings AXES_CLIENT_IP_CALLABLE): the client's,
    as the trusted proxy saw it; from any other peer, the peer's own (its headers ignored)."""
    peer = request.META.get("REMOTE_ADDR", "")
    if is_trusted_proxy(peer):
        return forwarded_client(request.META) or peer
    return peer


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request.

    Logins over HTTP (the admin's login form) always pass their request: they are counted and
    locked out. authenticate() without one (the test client's login(), a shell) has no client
    address to count against; axes would refuse it outright, here it goes on to the next backend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> AbstractBaseUser | None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The lockout page: 429, in the admin's look, saying what happened and for how long."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "admin/lockout.html", context, status=429)
