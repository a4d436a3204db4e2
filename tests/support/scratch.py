"""Throwaway databases other processes can open, beside the one DATABASE_URL names.

pytest-django's test database is inside this process's transaction (or, on SpatiaLite, in its
memory), where a server or an import started by a test cannot see it. These are named after
DATABASE_URL with a `_faults` suffix: on PostGIS, databases created from template1 (which has
postgis) or from one another; on SpatiaLite, files in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import dj_database_url
import psycopg

from tests.support.processes import PYTHON, ROOT

SNAPSHOT = """
import json
from django.apps import apps
from events.models import Actor, ActorAlias, Event, EventActor, Place, PlaceLookup, Source
counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
rows = {
    m._meta.label: [list(r) for r in m._base_manager.order_by("pk").values_list()]
    for m in (Event, EventActor, Actor, ActorAlias, Place, PlaceLookup, Source)
}
print("SNAPSHOT " + json.dumps({"counts": counts, "rows": rows}, default=str))
"""


class ScratchDatabases:
    """Throwaway databases beside the one DATABASE_URL names (`<name>_faults...`)."""

    def __init__(self, tmp: Path):
        url = os.environ.get("DATABASE_URL") or f"spatialite:///{ROOT / 'db.sqlite3'}"
        self.config = dj_database_url.parse(url)
        self.postgis = self.config["ENGINE"].endswith("postgis")
        self.base = f"{self.config['NAME'] if self.postgis else 'conflictmap'}_faults"
        self.tmp = tmp
        self.made: list[str] = []

    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        """PostGIS: a maintenance connection (to the `postgres` database unless named)."""
        c = self.config
        return psycopg.connect(
            dbname=dbname,
            host=c["HOST"] or "127.0.0.1",
            port=c["PORT"] or 5432,
            user=c["USER"] or "postgres",
            password=c["PASSWORD"] or None,
            autocommit=True,
        )

    def url(self, name: str) -> str:
        if not self.postgis:
            return f"spatialite:///{self.file(name)}"
        c = self.config
        password = f":{c['PASSWORD']}" if c["PASSWORD"] else ""
        host = c["HOST"] or "127.0.0.1"
        return f"postgis://{c['USER'] or 'postgres'}{password}@{host}:{c['PORT'] or 5432}/{name}"

    def file(self, name: str) -> Path:
        return self.tmp / f"{name}.sqlite3"

    def create(self, name: str, template: str = "template1") -> str:
        """An empty database (PostGIS: from `template`); for SpatiaLite, a copy of the file."""
        self.drop(name)
        if self.postgis:
            with self.admin() as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        elif template != "template1":
            shutil.copyfile(self.file(template), self.file(name))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        if self.postgis:
            with self.admin() as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.file(name)}{suffix}").unlink(missing_ok=True)

    def drop_all(self) -> None:
        for name in reversed(self.made):
            self.drop(name)

    def env(self, name: str, **extra: str) -> dict[str, str]:
        env = dict(
            os.environ, DATABASE_URL=self.url(name), DJANGO_SETTINGS_MODULE="conflictmap.settings"
        )
        env.update(extra)
        return env

    def manage(self, name: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(name),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, (
            f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        )
        return result

    def snapshot(self, name: str) -> dict:
        """Every table's row count, and every row of the domain tables, as another process reads
        them (on SpatiaLite, opening the file is also what rolls a hot journal back)."""
        result = self.manage(name, "shell", "-c", SNAPSHOT)
        line = next(ln for ln in result.stdout.splitlines() if ln.startswith("SNAPSHOT "))
        return json.loads(line.removeprefix("SNAPSHOT "))
