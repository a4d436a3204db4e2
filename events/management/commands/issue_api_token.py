"""manage.py issue_api_token <username> [--name ...]: a new API token; prints its secret once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.services.api_tokens import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user and print its secret (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {options['username']!r}.") from exc
        token, secret = api_token_issue(user=user, name=options["name"])
        self.stderr.write(f"Token {token.prefix}… for {user}; the secret is shown only once:")
        self.stdout.write(secret)
