import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


def server_url(host: str, port: str, scheme: str = "http") -> str:
    """The address a browser opens for a server listening on host:port (an IPv6 host in
    brackets, as a URL needs)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}/"


class Command(BaseCommand):
    help = (
        "Create a local 'admin' superuser with a generated password, printed once, if none exists; "
        "print where to log in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--url",
            help=(
                "The server's address as the script that starts it computes it "
                "(scripts/run.sh, serve.sh pass it); default http://HOST:PORT/ from the "
                "environment (127.0.0.1, 8000)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"] or server_url(
            os.environ.get("HOST") or "127.0.0.1", os.environ.get("PORT") or "8000"
        )
        if not url.startswith(("http://", "https://")):
            raise CommandError(f"--url must be an http:// or https:// address, got {url!r}")
        login = url.rstrip("/") + "/admin/"
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: a superuser already exists; log in at {login}. Forgot the password? "
                f".venv/bin/python manage.py changepassword {options['username']}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created: user {options['username']!r}, password {password!r} "
                "(shown once; change it with manage.py changepassword). "
                f"Log in at {login}"
            )
        )
