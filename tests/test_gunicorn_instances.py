"""Two gunicorn instances on one machine each keep their own control socket (issue 12): gunicorn's
default is one path per user, so a second instance (another port, a test server, the load test)
took the first one's over, and `gunicornc` then steered the wrong server."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.processes import GUNICORN
from tests.support.server import GunicornServer

GUNICORNC = str(Path(GUNICORN).with_name("gunicornc"))
pytestmark = pytest.mark.slow


def workers_seen(socket: Path) -> int:
    """How many workers the instance behind this control socket says it has."""
    done = subprocess.run(
        [GUNICORNC, "-s", str(socket), "-c", "show workers", "-j"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)
    return len(answer["workers"])


def test_two_instances_have_a_control_socket_each(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "instances-test-key-" + "x" * 40,
        "DATABASE_URL": f"spatialite:///{tmp_path / 'db.sqlite3'}",
        "ACCESS_LOG": "",
        "WEB_THREADS": "1",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    with (
        GunicornServer(env | {"WEB_WORKERS": "1"}) as one,
        GunicornServer(env | {"WEB_WORKERS": "2"}) as two,
    ):
        sockets = {
            one: tmp_path / f"conflictmap-gunicorn-127.0.0.1-{one.port}.ctl",
            two: tmp_path / f"conflictmap-gunicorn-127.0.0.1-{two.port}.ctl",
        }
        for path in sockets.values():  # gunicorn opens it once its workers are up
            deadline = time.monotonic() + 20
            while not path.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert path.exists(), sorted(tmp_path.iterdir())
        assert workers_seen(sockets[one]) == 1
        assert workers_seen(sockets[two]) == 2
