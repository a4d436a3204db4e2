"""The app served by gunicorn, as scripts/serve.sh starts it (conflictmap/gunicorn.conf.py), in
a subprocess on 127.0.0.1 at a free port: for tests of production serving and of faults a
running server must survive."""

from __future__ import annotations

import http.client
import subprocess
import time
from dataclasses import dataclass

from tests.support.network import free_port
from tests.support.processes import GUNICORN, ROOT, OutputReader

START_SECONDS = 60


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class GunicornServer:
    """gunicorn with the environment `env` (HOST and PORT are the server's own); `log` is what
    it wrote (its error log, and its access log unless ACCESS_LOG is empty). Ready once it
    answers `ready` with any status; a context manager that stops it."""

    def __init__(self, env: dict[str, str], *, ready: str = "/static/css/app.css"):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", "conflictmap/gunicorn.conf.py", "conflictmap.wsgi"],
            cwd=ROOT,
            env=env | {"HOST": "127.0.0.1", "PORT": str(self.port)},
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
                self.get(path)
                return
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn never answered:\n{self.log.text}"
                time.sleep(0.2)

    def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body=None
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
