"""Whom the forwarding headers are believed from (conflictmap/security.py): the proxy's addresses
(FORWARDED_ALLOW_IPS, with BEHIND_PROXY=1) and a unix-socket peer; from anyone else they are
dropped before Django reads them. tests/test_proxy_client_address.py shows the same with real
nginx and gunicorn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from conflictmap.security import ForwardedHeadersMiddleware, client_address, is_trusted_proxy
from conflictmap.settings import proxy_addresses

FORWARDED = {
    "HTTP_X_FORWARDED_FOR": "203.0.113.9",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_HOST": "evil.example",
    "HTTP_FORWARDED": "for=203.0.113.9;proto=https",
}


@pytest.fixture
def behind_proxy(settings):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1", "10.1.0.0/16", "::1"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def seen(peer: str, **meta: str):
    """The request as the view sees it, after the middleware."""
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **{**FORWARDED, **meta})
    ForwardedHeadersMiddleware(lambda r: HttpResponse())(request)
    return request


@pytest.mark.parametrize("peer", ["127.0.0.2", "10.2.0.1", "192.0.2.1", "::2", "not-an-address"])
def test_an_untrusted_peer_s_forwarding_headers_are_dropped(behind_proxy, peer):
    request = seen(peer)
    assert not any(name in request.META for name in FORWARDED)
    assert not request.is_secure()
    assert client_address(request) == peer


@pytest.mark.parametrize("peer", ["127.0.0.1", "10.1.200.3", "::1", ""])
def test_the_proxy_is_believed(behind_proxy, peer):
    request = seen(peer)  # "" is a unix-socket peer: only the proxy can open that socket
    assert request.is_secure()
    assert client_address(request) == "203.0.113.9"


def test_nothing_is_believed_when_not_behind_a_proxy(settings):
    settings.FORWARDED_ALLOW_IPS = []  # BEHIND_PROXY=0
    for peer in ("127.0.0.1", ""):
        request = seen(peer)
        assert "HTTP_X_FORWARDED_FOR" not in request.META
        assert client_address(request) == peer
        assert not is_trusted_proxy(peer)


@pytest.mark.parametrize(
    ("chain", "client"),
    [
        ("198.51.100.4", "198.51.100.4"),
        # A proxy that appends: the client's own claims are on the left, never reached.
        ("1.2.3.4, 198.51.100.4", "198.51.100.4"),
        # Our own proxies in the chain are skipped.
        ("198.51.100.4, 10.1.0.7", "198.51.100.4"),
        ("2001:db8::5", "2001:db8::5"),
        # Nothing usable: the peer's address, as if there were no header.
        ("", "127.0.0.1"),
        ("garbage", "127.0.0.1"),
        ("10.1.0.7", "127.0.0.1"),
    ],
)
def test_the_client_is_the_nearest_hop_that_is_not_our_proxy(behind_proxy, chain, client):
    assert client_address(seen("127.0.0.1", HTTP_X_FORWARDED_FOR=chain)) == client


def test_any_peer_may_be_trusted_on_purpose(settings):
    settings.FORWARDED_ALLOW_IPS = ["*"]
    assert client_address(seen("192.0.2.50")) == "203.0.113.9"


def test_a_proxy_list_that_is_not_addresses_stops_the_start():
    assert proxy_addresses(["127.0.0.1", "10.0.0.0/8", "*"]) == ["127.0.0.1", "10.0.0.0/8", "*"]
    with pytest.raises(ImproperlyConfigured, match="'localhost' is not an address"):
        proxy_addresses(["127.0.0.1", "localhost"])
