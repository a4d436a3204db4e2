"""Slow clients (issue 12): a visitor's latency while 200 connections trickle a request header,
with nginx in front of gunicorn (scripts/serve.sh) and against gunicorn alone (the site before).

    .venv/bin/python bench/bench_slow_clients.py [--slow 200] [--seconds 30] [--workers 5]

Starts the served stack of the tests (tests/support/proxy.py: nginx from deploy/nginx.py,
gunicorn with conflictmap/gunicorn.conf.py, its own SpatiaLite file, 127.0.0.1 only) with the
production worker counts, then three runs of a visitor (127.0.0.3) asking GET /api/openapi.json
every 0.25 s, 10 s timeout: through nginx alone; through nginx while --slow connections from
127.0.0.2 send a header line every 5 s and never finish; straight at gunicorn with the same
slow clients. Prints answered/asked and p50/p95/max, an unanswered request counting as the 10 s
it waited (so a p95 of 10 s means more than 5% got no answer at all).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.proxy import VISITOR, SlowClients, served_stack, timed_requests

TIMEOUT = 10.0


def summary(label: str, answers: list[tuple[int | str, float]], slow: SlowClients | None) -> str:
    waits = sorted(t if status == 200 else TIMEOUT for status, t in answers)
    ok = sum(1 for status, _ in answers if status == 200)
    p95 = waits[max(0, round(0.95 * len(waits)) - 1)]
    held = f"slow: {slow.opened} opened, {slow.closed_by_server} cut" if slow else "no slow clients"
    return (
        f"{label:38s} {ok:4d}/{len(answers):<4d} {statistics.median(waits) * 1000:9.1f} "
        f"{p95 * 1000:9.1f} {waits[-1] * 1000:9.1f}   {held}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--slow", type=int, default=200, help="slow connections")
    p.add_argument("--seconds", type=float, default=30, help="per run")
    p.add_argument("--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1)
    p.add_argument("--threads", type=int, default=4)
    args = p.parse_args()
    workers = {"WEB_WORKERS": str(args.workers), "WEB_THREADS": str(args.threads)}
    rows = []
    with served_stack(**workers) as stack:
        visitor = stack.client(VISITOR)
        runs = [
            ("nginx -> gunicorn, no slow clients", stack.port, visitor, 0),
            (f"nginx -> gunicorn, {args.slow} slow", stack.port, visitor, args.slow),
            (f"gunicorn alone, {args.slow} slow", stack.direct_port, None, args.slow),
        ]
        for label, port, client, count in runs:
            client = client or stack.client(VISITOR, direct=True)
            print(f">> {label} ({args.seconds:.0f} s)", flush=True)
            if not count:
                rows.append(summary(label, timed_requests(client, args.seconds), None))
                continue
            with SlowClients(port, count=count) as slow:
                answers = timed_requests(client, args.seconds, every=0.25, timeout=TIMEOUT)
            rows.append(summary(label, answers, slow))
    print(
        f"\ngunicorn gthread {args.workers} workers x {args.threads} threads, "
        f"{os.cpu_count()} cores; visitor every 0.25 s, {TIMEOUT:.0f} s timeout"
    )
    print(f"{'run':38s} {'answered':>9s} {'p50 ms':>9s} {'p95 ms':>9s} {'max ms':>9s}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
