"""Who the client is, behind the proxy (issue 12): real nginx in front of real gunicorn, as
scripts/serve.sh runs them, on loopback; clients speak from their own addresses (127.0.0.2 the
attacker, 127.0.0.3 a curator elsewhere), straight to gunicorn's port or through nginx (HTTPS,
a certificate made here). The address django-axes counted is read from the stack's database.

Before: with BEHIND_PROXY=1 Django believed X-Forwarded-Proto from any peer, and django-axes
counted every login as the proxy's address, so five wrong passwords for a user from anywhere
locked that user out for everyone.
"""

from __future__ import annotations

import pytest

from tests.support.proxy import ATTACKER, CURATOR, CURATOR_PASSWORD, VISITOR, served_stack

pytestmark = [pytest.mark.slow, pytest.mark.spatialite_stack]


@pytest.fixture(scope="module")
def stack():
    """HTTPS=1 with nginx terminating TLS, as a deployment runs; nginx reaches gunicorn on
    loopback TCP, a peer trusted for its address (FORWARDED_ALLOW_IPS=127.0.0.1)."""
    with served_stack(tls=True, tcp=True, LOGIN_FAILURE_LIMIT="5") as s:
        yield s


@pytest.fixture(scope="module")
def plain_stack():
    """HTTPS=0: a client past the proxy gets as far as the login form (with HTTPS=1 it is only
    ever redirected, see above). nginx on gunicorn's unix socket, as serve.sh runs them."""
    with served_stack(tls=False, LOGIN_FAILURE_LIMIT="5") as s:
        yield s


def test_a_client_past_the_proxy_cannot_claim_https(stack):
    response, _ = stack.client(ATTACKER, direct=True).request(
        "GET", "/", headers={"X-Forwarded-Proto": "https"}
    )
    assert response.status == 301  # seen as the plain HTTP it is: sent to HTTPS
    assert response.headers["Location"] == f"https://127.0.0.1:{stack.direct_port}/"
    assert "Strict-Transport-Security" not in response.headers


def test_the_proxy_is_believed_when_it_says_https(stack):
    """The other side: the same header from a trusted address (FORWARDED_ALLOW_IPS) counts."""
    response, _ = stack.client("127.0.0.1", direct=True).request(
        "GET", "/", headers={"X-Forwarded-Proto": "https"}
    )
    assert response.status == 200
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_through_nginx_https_is_seen_and_plain_http_is_sent_to_it(stack):
    response, _ = stack.client(VISITOR).request("GET", "/")
    assert response.status == 200 and response.headers["Server"] == "nginx"
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    # Plain HTTP to the HTTPS port, claiming HTTPS: nginx's scheme, not the claim.
    plain = type(stack.client(VISITOR))(stack.port, VISITOR)
    response, _ = plain.request("GET", "/admin/", headers={"X-Forwarded-Proto": "https"})
    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{stack.port}/admin/"


def test_a_client_past_the_proxy_is_counted_at_its_own_address(plain_stack):
    attacker = plain_stack.client(ATTACKER, direct=True)
    for claimed in ("203.0.113.9", "203.0.113.10"):
        assert attacker.login("nobody-a", "wrong", **{"X-Forwarded-For": claimed}) == 200
    assert plain_stack.attempts() == [("nobody-a", ATTACKER)]
    # The proxy's own address is believed when it names the client.
    proxy = plain_stack.client("127.0.0.1", direct=True)
    assert proxy.login("nobody-a", "wrong", **{"X-Forwarded-For": "203.0.113.11"}) == 200
    assert ("nobody-a", "203.0.113.11") in plain_stack.attempts()


def test_through_nginx_the_client_address_is_counted_whatever_it_claims(stack):
    visitor = stack.client(VISITOR)
    assert visitor.login("nobody-b", "wrong", **{"X-Forwarded-For": "198.51.100.7"}) == 200
    assert ("nobody-b", VISITOR) in stack.attempts()


def test_an_attacker_cannot_lock_a_curator_out_from_another_address(stack):
    attacker = stack.client(ATTACKER)
    statuses = [attacker.login(CURATOR, f"guess-{n}") for n in range(6)]
    assert statuses == [200] * 4 + [429] * 2  # the fifth failure locks (username, address)
    assert attacker.login(CURATOR, CURATOR_PASSWORD) == 429  # the attacker's pair stays locked
    # The curator, from elsewhere, logs in as ever.
    curator = stack.client(VISITOR)
    assert curator.login(CURATOR, CURATOR_PASSWORD) == 302
    response, _ = curator.request("GET", "/admin/")
    assert response.status == 200
    assert [a for a in stack.attempts() if a[0] == CURATOR] == [(CURATOR, ATTACKER)]
