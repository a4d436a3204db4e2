import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Create a local 'admin' superuser with a generated password, printed once, if none exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Admin: a superuser already exists. Forgot the password? "
                f".venv/bin/python manage.py changepassword {options['username']}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created: user {options['username']!r}, password {password!r} "
                "(shown once; change it with manage.py changepassword). "
                f"Log in at http://{os.environ.get('HOST', '127.0.0.1')}:"
                f"{os.environ.get('PORT', '8000')}/admin/"
            )
        )
