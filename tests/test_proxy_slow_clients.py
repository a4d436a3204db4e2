"""Slow clients (issue 12): connections that trickle a request header, a line every 5 s, never
finishing it. gunicorn gives each one a thread for as long as it trickles, so a few more of them
than it has threads (5 workers x 4 in production; 2 x 2 here) and no one else is answered. nginx
in front holds them for nearly nothing, cuts each after its header timeout (10 s), and passes
gunicorn whole requests only. bench/bench_slow_clients.py measures the latencies; here, only
what is answered.
"""

from __future__ import annotations

import pytest

from tests.support.proxy import VISITOR, SlowClients, served_stack, timed_requests

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack():
    with served_stack() as s:
        yield s


def test_200_slow_clients_for_30_s_do_not_keep_anyone_else_waiting(stack):
    with SlowClients(stack.port, count=200) as slow:
        answers = timed_requests(stack.client(VISITOR), 30, every=0.25, timeout=10)
    assert len(answers) >= 40
    assert {status for status, _ in answers} == {200}, answers
    assert slow.refused == 0 and slow.opened >= 200  # they were all in, all along
    assert slow.closed_by_server >= 200  # and nginx cut each one that trickled too long


def test_gunicorn_alone_is_starved_by_a_few_slow_clients(stack):
    """The same clients, 25 of them, straight at gunicorn's own port: what the site was
    before nginx. At least half the requests get no answer within 3 s (a few slip through
    now and then); once the clients go, all are answered."""
    visitor = stack.client(VISITOR, direct=True)
    with SlowClients(stack.direct_port, count=25):
        answers = timed_requests(visitor, 10, every=1, timeout=3)
    unanswered = [status for status, _ in answers if status != 200]
    assert len(unanswered) >= len(answers) / 2, answers
    assert {status for status, _ in timed_requests(visitor, 2, every=0.5)} == {200}
