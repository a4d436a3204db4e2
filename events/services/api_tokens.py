"""API tokens: issue one (its secret returned once), revoke one, and find the user a secret
stands for. The only writer of `ApiToken` (events/models_tokens.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.utils import timezone

from events.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Recognisable in logs and secret scanners; 43 URL-safe characters of randomness after it.
SECRET_PREFIX = "cm_"
MAX_SECRET = 200  # longer is no token of ours: refused before hashing
# last_used is written at most this often per token: a client paging through thousands of
# pages would otherwise write a row per request.
TOUCH_EVERY = dt.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, and its secret: shown this once, never stored."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:10], digest=_digest(secret)
    )
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    """Refuse the token from now on (kept, so the admin still lists who had it)."""
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])


def api_token_user(*, secret: str) -> User | None:
    """The active user of an active token with this secret; None for any other secret."""
    if not secret or len(secret) > MAX_SECRET:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
