"""API tokens (docs/api-compat.md#tokens): a secret a client sends instead of a session, so a
script acts as the token's user under the publication and dataset rules. Only the secret's
SHA-256 is stored: the secret itself is shown once, when issued (events/services/api_tokens.py).

A plain hash, not a password hasher: the secret is 256 random bits, so there is nothing for a
slow hash to protect against, and every API request looks its token up by the hash's index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for.")
    # The secret's first characters, to tell tokens apart in the admin without the secret.
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True, help_text="Refused from this time on.")

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked is None
