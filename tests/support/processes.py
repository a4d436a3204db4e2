"""Other processes a test starts: manage.py, gunicorn, Python, from the project's root."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


class OutputReader:
    """Reads a process's output pipe in a thread, so the process never blocks on a full pipe;
    `text` is what it wrote so far."""

    def __init__(self, stream: BinaryIO):
        self.text = ""
        self.stream = stream
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """After the process ended: the rest of its output, then the pipe closed."""
        self.thread.join(timeout=10)
        self.stream.close()

    def _read(self) -> None:
        for chunk in iter(lambda: self.stream.read1(4096), b""):
            self.text += chunk.decode("utf-8", "replace")


def job_worker_start(env: dict[str, str], *, interval: float) -> subprocess.Popen:
    """A django-tasks `db_worker` on the database `env` names, polling every `interval` s."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", str(interval)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
