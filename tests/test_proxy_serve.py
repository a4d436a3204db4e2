"""`make serve` (scripts/serve.sh): nginx in front of gunicorn, from deploy/nginx.py's config,
both started and both stopped together; the config itself checked by nginx."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from deploy.nginx import Proxy
from tests.support.client import Client
from tests.support.network import free_port
from tests.support.processes import ROOT
from tests.support.proxy import self_signed_certificate, served_env, stop, wait_until_answering

pytestmark = pytest.mark.spatialite_stack


def nginx_test(proxy: Proxy) -> subprocess.CompletedProcess:
    proxy.write()
    return subprocess.run([*proxy.command()[:-2], "-t"], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("tls", [False, True])
def test_nginx_accepts_the_config_it_is_given(tmp_path, tls):
    cert, key = self_signed_certificate(tmp_path) if tls else ("", "")
    proxy = Proxy(
        prefix=tmp_path / "nginx",
        listen=f"127.0.0.1:{free_port()}",
        upstream=f"unix:{tmp_path}/nginx/run/gunicorn.sock",
        static_root=tmp_path / "static",
        tls_cert=str(cert),
        tls_key=str(key),
    )
    result = nginx_test(proxy)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    config = proxy.config()
    assert ("ssl_certificate" in config) is tls
    assert "@" not in re.sub(r"#.*", "", config)  # every value filled in
    assert (tmp_path / "nginx" / "run").stat().st_mode & 0o777 == 0o700


def test_a_value_that_would_break_the_config_is_refused(tmp_path):
    proxy = Proxy(
        prefix=tmp_path,
        listen="127.0.0.1:8000; include /etc/passwd",
        upstream="127.0.0.1:9000",
        static_root=tmp_path,
    )
    with pytest.raises(ValueError, match="cannot go in its config"):
        proxy.config()


def test_serve_refuses_https_without_a_certificate():
    env = {**os.environ, "HTTPS": "1", "TLS_CERT": "", "TLS_KEY": ""}
    result = subprocess.run(
        ["scripts/serve.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "set TLS_CERT and TLS_KEY" in result.stderr


def gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_serve_runs_nginx_in_front_of_gunicorn_and_stops_both():
    tmp = Path(tempfile.mkdtemp(prefix="conflictmap-serve-"))
    tmp.chmod(0o755)  # run as root, nginx's workers (nobody) read the static files in it
    port = free_port()
    env = served_env(tmp, PORT=str(port), NGINX_DIR=str(tmp / "nginx"), HTTPS="0")
    del env["BEHIND_PROXY"], env["DJANGO_SETTINGS_MODULE"]  # serve.sh's to set
    log = tmp / "serve.log"
    with log.open("w") as out:
        serve = subprocess.Popen(
            ["scripts/serve.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        client = Client(port, "127.0.0.1")
        wait_until_answering(client, [serve], log.read_text)
        started = re.search(r"\(nginx (\d+) -> gunicorn (\d+) on unix:(\S+)\)", log.read_text())
        assert started, log.read_text()
        nginx_pid, gunicorn_pid, socket = int(started[1]), int(started[2]), Path(started[3])
        assert socket.is_socket() and socket.parent == tmp / "nginx" / "run"

        page, html = client.request("GET", "/")
        assert page.status == 200 and page.headers["Server"] == "nginx"
        css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html.decode())
        assert css, "the page names no hashed stylesheet"
        static, _ = client.request("GET", css[1], headers={"Accept-Encoding": "gzip"})
        assert static.status == 200 and static.headers["Content-Encoding"] == "gzip"
        assert "immutable" in static.headers["Cache-Control"]
        # nginx's own: through Django (WhiteNoise) it would carry SecurityMiddleware's headers.
        assert "Referrer-Policy" not in static.headers

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=60) == 143
        assert gone(nginx_pid) and gone(gunicorn_pid), log.read_text()
        assert not socket.exists()
    finally:
        stop([serve])
