"""The served stack for the proxy tests and benchmarks: nginx (deploy/nginx.py) in front of
gunicorn, as scripts/serve.sh runs them, as real processes on 127.0.0.1 with their own SpatiaLite
file and folders; clients that speak from a chosen loopback address (127.0.0.2, 127.0.0.3: all
of 127/8 is this machine), and slow clients that trickle a request header.

gunicorn listens on the proxy's unix socket, and on a loopback port too (`direct_port`) so a test
can reach it past nginx, as a local attacker could if it listened on TCP.
"""

from __future__ import annotations

import atexit
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from deploy.nginx import Proxy
from tests.support.client import Client
from tests.support.network import free_port
from tests.support.processes import PYTHON, ROOT
from tests.support.server import GunicornServer

CURATOR, CURATOR_PASSWORD = "curator", secrets.token_urlsafe(16)
ATTACKER, VISITOR = "127.0.0.2", "127.0.0.3"

PREPARE = f"""
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
get_user_model().objects.create_user({CURATOR!r}, password={CURATOR_PASSWORD!r}, is_staff=True)
"""


_prepared: list[Path] = []  # the folder PREPARE ran in once for the whole test run


def prepared_copy(tmp: Path) -> None:
    """A copy, in `tmp`, of a deployment PREPARE made once per test run (db.sqlite3 migrated,
    with CURATOR; static/ collected): each migration and collectstatic in a subprocess took
    8-10 s, for every server a test module starts."""
    if not _prepared:
        folder = Path(tempfile.mkdtemp(prefix="conflictmap-prepared-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        done = subprocess.run(
            [PYTHON, "-c", PREPARE],
            cwd=ROOT,
            env=served_env(folder),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        _prepared.append(folder)
    shutil.copy2(_prepared[0] / "db.sqlite3", tmp / "db.sqlite3")
    shutil.copytree(_prepared[0] / "static", tmp / "static", dirs_exist_ok=True)
    for path in [tmp / "static", *(tmp / "static").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # nginx's workers read them as nobody


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and its key), for nginx's HTTPS; clients trust it alone."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@dataclass
class Stack:
    """A running nginx -> gunicorn; `port` is nginx's, `direct_port` gunicorn's own."""

    tmp: Path
    port: int
    direct_port: int
    database: Path
    cert: Path | None = None
    gunicorn: GunicornServer | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def https(self) -> bool:
        return self.cert is not None

    def client(self, source: str = "127.0.0.1", *, direct: bool = False) -> Client:
        """A browser on `source`: to nginx (HTTPS when the stack has it), or past it."""
        if direct:
            return Client(self.direct_port, source)
        return Client(self.port, source, cert=self.cert)

    def logs(self) -> str:
        """The end of each process's log, for a failure's message."""
        logs = [(p.name, p.read_text()) for p in sorted(self.tmp.glob("*.log"))]
        if self.gunicorn:
            logs.insert(0, ("gunicorn", self.gunicorn.log.text))
        return "\n".join(f"{name}: {text[-3000:]}" for name, text in logs)

    def attempts(self) -> list[tuple[str, str]]:
        """django-axes' failed-login records: (username, address counted)."""
        import sqlite3

        with sqlite3.connect(self.database) as db:
            rows = db.execute("SELECT username, ip_address FROM axes_accessattempt ORDER BY id")
            return [(username, address or "") for username, address in rows]


def served_env(tmp: Path, **extra: str) -> dict[str, str]:
    """A deployment's environment, as serve.sh gives gunicorn behind nginx."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"spatialite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        STATIC_MANIFEST="1",
        BEHIND_PROXY="1",
        FORWARDED_ALLOW_IPS="127.0.0.1",
        WEB_WORKERS="2",
        WEB_THREADS="2",
        ACCESS_LOG="",
        CONTROL_SOCKET=str(tmp / "gunicorn.ctl"),
        DJANGO_SETTINGS_MODULE="conflictmap.settings",
    )
    env.update(extra)
    return env


def wait_until_answering(client: Client, processes: list[subprocess.Popen], logs) -> None:
    deadline = time.monotonic() + 90
    while True:
        for process in processes:
            assert process.poll() is None, logs()
        with suppress(OSError, http.client.HTTPException):
            if client.request("GET", "/api/openapi.json", timeout=5)[0].status == 200:
                return
        assert time.monotonic() < deadline, "no answer within 90 s:\n" + logs()
        time.sleep(0.2)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def served_stack(*, tls: bool = False, tcp: bool = False, **extra_env: str) -> Iterator[Stack]:
    """nginx on a free port in front of gunicorn, prepared: migrated, static files collected, a
    staff user CURATOR. Stopped, both, at the end. gunicorn listens on `direct_port`, and nginx
    reaches it on its unix socket (as serve.sh does) or, `tcp`, on that port (serve.sh's
    BIND=127.0.0.1:PORT): then nginx is a peer at 127.0.0.1, trusted as FORWARDED_ALLOW_IPS.

    Its folder is its own, open to all (not pytest's 0700 one): run as root, nginx's workers are
    `nobody`, and must reach the static files and the socket folder (itself theirs alone)."""
    tmp = Path(tempfile.mkdtemp(prefix="conflictmap-proxy-"))
    tmp.chmod(0o755)
    try:
        with _running(tmp, tls=tls, tcp=tcp, **extra_env) as stack:
            yield stack
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _running(tmp: Path, *, tls: bool, tcp: bool, **extra_env: str) -> Iterator[Stack]:
    stack = Stack(tmp=tmp, port=free_port(), direct_port=free_port(), database=tmp / "db.sqlite3")
    cert, key = self_signed_certificate(tmp) if tls else (None, None)
    stack.cert = cert
    unix_socket = tmp / "nginx/run/gunicorn.sock"
    proxy = Proxy(
        prefix=tmp / "nginx",
        listen=f"127.0.0.1:{stack.port}",
        upstream=f"127.0.0.1:{stack.direct_port}" if tcp else f"unix:{unix_socket}",
        static_root=tmp / "static",
        tls_cert=str(cert or ""),
        tls_key=str(key or ""),
    )
    proxy.write()
    env = served_env(tmp, HTTPS="1" if tls else "0", **extra_env)
    prepared_copy(tmp)
    with (
        GunicornServer(
            env,
            port=stack.direct_port,
            unix_socket=None if tcp else unix_socket,
            ready="/api/openapi.json",
        ) as gunicorn,
        (tmp / "nginx.log").open("w") as log,
    ):
        nginx = subprocess.Popen(
            proxy.command(), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        stack.gunicorn, stack.processes = gunicorn, [gunicorn.proc, nginx]
        try:
            wait_until_answering(stack.client(), stack.processes, stack.logs)
            yield stack
        finally:
            stop([nginx])


class SlowClients:
    """`count` connections that each send a request line, then one header line every
    `interval` seconds and never the blank line that ends the header (slowloris). One the server
    closes is opened again at once, so `count` are always pressing."""

    def __init__(self, port: int, *, count: int, interval: float = 5.0, source: str = ATTACKER):
        self.port, self.count, self.interval, self.source = port, count, interval, source
        self.opened = self.closed_by_server = self.refused = 0
        self._stop, self._all_in = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def _open(self) -> socket.socket | None:
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.bind((self.source, 0))
            sock.connect(("127.0.0.1", self.port))
            sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n".encode())
        except OSError:
            sock.close()
            self.refused += 1
            return None
        self.opened += 1
        return sock

    def _trickle(self, sock: socket.socket | None, n: int) -> socket.socket | None:
        """One more header line; a closed connection is replaced by a new one."""
        if sock is not None:
            try:
                sock.setblocking(False)
                closed = sock.recv(1024) == b""  # EOF, or an answer (a 408): either way, done
            except BlockingIOError:
                closed = False
            except OSError:
                closed = True
            if not closed:
                with suppress(OSError):
                    sock.setblocking(True)
                    sock.sendall(f"X-Slow-{n}: {'x' * 16}\r\n".encode())
                    return sock
            sock.close()
            self.closed_by_server += 1
        return self._open()

    def _run(self) -> None:
        socks = [self._open() for _ in range(self.count)]
        self._all_in.set()
        n = 0
        while not self._stop.wait(self.interval):
            n += 1
            socks = [self._trickle(sock, n) for sock in socks]
        for sock in socks:
            if sock is not None:
                sock.close()

    def __enter__(self) -> SlowClients:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        # All connected, and a moment for the server to take them up, before anyone else asks.
        self._all_in.wait(timeout=60)
        time.sleep(1)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(timeout=60)


def timed_requests(client: Client, seconds: float, *, every: float = 0.25, timeout: float = 10):
    """GET /api/openapi.json every `every` seconds for `seconds`: (status or exception name,
    seconds taken) for each."""
    results: list[tuple[int | str, float]] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.monotonic()
        try:
            status: int | str = client.request("GET", "/api/openapi.json", timeout=timeout)[
                0
            ].status
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        results.append((status, time.monotonic() - start))
        time.sleep(max(0.0, every - (time.monotonic() - start)))
    return results
