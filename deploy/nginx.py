"""The nginx in front of gunicorn: its config (deploy/nginx.conf.template filled in), its
folders, and the command that runs it in the foreground. One place for scripts/serve.sh, the
tests and bench/bench_load.py.

    python deploy/nginx.py --prefix .cache/nginx --listen 127.0.0.1:8000 \\
        --upstream unix:.cache/nginx/run/gunicorn.sock --static-root staticfiles

writes PREFIX/nginx.conf and prints the nginx command, one word a line (serve.sh runs it).
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
# Run as root, nginx's workers drop to this user (and the socket folder is theirs, see folders()).
WORKER_USER, WORKER_GROUP = "nobody", "nogroup"
TLS = """\
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:tls:10m;
        # Plain HTTP to the HTTPS port: sent to https:// rather than nginx's 400 page.
        error_page 497 =301 https://$http_host$request_uri;
"""


@dataclass(frozen=True)
class Proxy:
    """One nginx: where it lives, what it listens on, where it sends requests."""

    prefix: Path  # its own folder: the config, pid, temp files, gunicorn's socket (run/)
    listen: str  # host:port it serves, e.g. 127.0.0.1:8000 or [::1]:8000
    upstream: str  # gunicorn: unix:/path/to.sock or 127.0.0.1:9000
    static_root: Path  # collectstatic's output, served at /static/
    timeout: int = 60  # seconds gunicorn may stay silent on a request (its WEB_TIMEOUT)
    access_log: str = ""  # "-": standard output; "": none; else a file
    tls_cert: str = ""  # both set: HTTPS on `listen`
    tls_key: str = ""

    @property
    def socket(self) -> Path:
        """Where gunicorn's unix socket goes when the proxy has its own (see folders())."""
        return self.prefix / "run" / "gunicorn.sock"

    @property
    def config_path(self) -> Path:
        return self.prefix / "nginx.conf"

    def config(self) -> str:
        tls = bool(self.tls_cert and self.tls_key)
        values = {
            "USER": f"user {WORKER_USER} {WORKER_GROUP};" if os.geteuid() == 0 else "",
            "PREFIX": str(self.prefix),
            "LISTEN": self.listen,
            "LISTEN_TLS": " ssl" if tls else "",
            "TLS": TLS.format(cert=self.tls_cert, key=self.tls_key) if tls else "",
            "UPSTREAM": self.upstream,
            "STATIC_ROOT": str(self.static_root),
            "TIMEOUT": str(self.timeout),
            "ACCESS_LOG": {"-": "/dev/stdout", "": "off"}.get(self.access_log, self.access_log),
        }
        for name in ("PREFIX", "LISTEN", "UPSTREAM", "STATIC_ROOT", "ACCESS_LOG"):
            if not values[name] or re.search(r"[\s;{}'\"#$]", values[name]):
                raise ValueError(f"nginx {name.lower()}: {values[name]!r} cannot go in its config")
        return re.sub(r"@([A-Z_]+)@", lambda m: values[m[1]], TEMPLATE.read_text())

    def folders(self) -> None:
        """The prefix and its parts. run/ (pid, gunicorn's socket) is the workers' alone (0700):
        the socket file itself is open to all, so this folder is what keeps other local users
        from reaching gunicorn past nginx and claiming any address."""
        for part in ("run", "tmp"):
            (self.prefix / part).mkdir(parents=True, exist_ok=True)
        run = self.prefix / "run"
        run.chmod(0o700)
        if os.geteuid() == 0:
            worker = pwd.getpwnam(WORKER_USER)
            os.chown(run, worker.pw_uid, worker.pw_gid)

    def write(self) -> Path:
        self.folders()
        self.config_path.write_text(self.config())
        return self.config_path

    def command(self) -> list[str]:
        """nginx in the foreground (stopped with SIGTERM/SIGQUIT like any child)."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        return [
            nginx,
            "-p",
            f"{self.prefix}/",
            "-c",
            str(self.config_path),
            "-e",
            "stderr",
            "-g",
            "daemon off;",
        ]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prefix", type=Path, required=True)
    p.add_argument("--listen", required=True)
    p.add_argument("--upstream", required=True)
    p.add_argument("--static-root", type=Path, required=True)
    p.add_argument("--timeout", type=int, default=60)
    p.add_argument("--access-log", default="")
    p.add_argument("--tls-cert", default="")
    p.add_argument("--tls-key", default="")
    args = p.parse_args()
    proxy = Proxy(
        prefix=args.prefix.resolve(),
        listen=args.listen,
        upstream=args.upstream,
        static_root=args.static_root.resolve(),
        timeout=args.timeout,
        access_log=args.access_log,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )
    proxy.write()
    print("\n".join(proxy.command()))


if __name__ == "__main__":
    main()
