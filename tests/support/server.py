"""The app served by gunicorn, as scripts/serve.sh starts it (conflictmap/gunicorn.conf.py), in
a subprocess on 127.0.0.1 at a free port: for tests of production serving, of the proxy in
front of it, and of faults a running server must survive."""

from __future__ import annotations

import http.client
import subprocess
import time
from pathlib import Path

from tests.support.client import Client
from tests.support.network import free_port
from tests.support.processes import GUNICORN, ROOT, OutputReader

START_SECONDS = 60


class GunicornServer:
    """gunicorn with the environment `env`, on 127.0.0.1:`port` (a free one unless given) and
    on `unix_socket` too if given (as serve.sh binds it behind nginx). `log` is what it wrote
    (its error log, and its access log unless ACCESS_LOG is empty). Ready once it answers
    `ready` with any status; a context manager that stops it."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        port: int | None = None,
        unix_socket: Path | None = None,
        ready: str = "/static/css/app.css",
    ):
        self.port = port or free_port()
        own = {"HOST": "127.0.0.1", "PORT": str(self.port)}
        if unix_socket:
            own["BIND"] = f"unix:{unix_socket},127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", "conflictmap/gunicorn.conf.py", "conflictmap.wsgi"],
            cwd=ROOT,
            env=env | own,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.log = OutputReader(self.proc.stdout)
        try:
            self._wait_ready(ready)
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> GunicornServer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert self.proc.poll() is None, f"gunicorn exited:\n{self.log.text}"
            try:
                Client(self.port).get(path)
                return
            except (OSError, http.client.HTTPException):
                assert time.monotonic() < deadline, f"gunicorn never answered:\n{self.log.text}"
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
