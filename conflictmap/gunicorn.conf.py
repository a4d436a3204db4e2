"""gunicorn settings, for scripts/serve.sh and the load test (bench/bench_load.py).

    .venv/bin/gunicorn -c conflictmap/gunicorn.conf.py conflictmap.wsgi

Environment: HOST (127.0.0.1), PORT (8000), WEB_WORKERS (2 per core + 1), WEB_THREADS (4),
WEB_TIMEOUT (60 s), ACCESS_LOG ("-": stdout; empty: none), FORWARDED_ALLOW_IPS (the proxy's
addresses when BEHIND_PROXY=1; default 127.0.0.1,::1), CONTROL_SOCKET (one per HOST and PORT).

Why gthread workers: a request here is part Python (filter parsing, GeoJSON encoding, templates)
and part waiting on the database. Processes give the Python parts every core; a few threads per
process overlap the database waits and keep idle keep-alive connections from tying up a process,
as they would with sync workers. Two processes per core plus one keeps a core busy while another
process waits; more threads than four only queue on the GIL. workers x threads (20 on 2 cores)
is also the most database connections the server opens, far under PostgreSQL's 100.
"""

import multiprocessing
import os
import tempfile

host = os.environ.get("HOST") or "127.0.0.1"
port = os.environ.get("PORT") or "8000"
bind = f"{host}:{port}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("WEB_THREADS") or 4)
# Connections waiting for a worker queue in the kernel (a burst of clients is held, not refused).
backlog = 2048
# A worker silent this long is restarted: far above any request we serve (a 100k-event GeoJSON
# download streams in ~3 s), low enough to recover from a stuck one.
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Load the app once, then fork: less memory, faster restarts, and one SECRET_KEY for all workers
# when none is set (settings draw a random one per process, which would break sessions across
# workers).
preload_app = True
# Workers are replaced now and then, so no slow leak can grow for ever.
max_requests = 5000
max_requests_jitter = 500
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
# Whose X-Forwarded-Proto gunicorn believes (it makes the request https for Django too): nobody's
# unless BEHIND_PROXY=1, then the proxy's (FORWARDED_ALLOW_IPS, default this machine). gunicorn's
# own default would trust any local client, whatever BEHIND_PROXY says.
behind_proxy = os.environ.get("BEHIND_PROXY", "").lower() in {"1", "true", "yes", "on"}
proxies = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
forwarded_allow_ips = proxies if behind_proxy else ""
# gunicorn's control socket (for `gunicornc`) is one path per user by default: a second instance
# on this machine (another port, a test server, the load test) would take it over from the first.
# One per bound address instead; CONTROL_SOCKET names another path.
control_socket = os.environ.get("CONTROL_SOCKET") or os.path.join(
    os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir(),
    f"conflictmap-gunicorn-{host}-{port}.ctl",
)
