"""The two-person rule's verifications and the API's data version: tables of their own, imported
at the end of events/models.py, so Django finds them with the others."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models

# --- The two-person rule (settings.VERIFY_REQUIRES; events/services/events.py) ---


class Verification(models.Model):
    """One curator's "verify" of an event: it is published once VERIFY_REQUIRES different
    curators have one (their count is what `event_update` decides the status from)."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="verifications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="verification_one_per_curator")
        ]

    def __str__(self) -> str:
        return f"{self.user} verified event #{self.event_id} at {self.at:%Y-%m-%d %H:%M}"


class DataVersion(models.Model):
    """One row: a counter of changes to what the API serves, bumped by database triggers.

    The API's ETag and Last-Modified come from it (events/db/dataversion.py keeps it,
    events/api/httpcache.py reads it).
    """

    version = models.PositiveBigIntegerField(default=1)
    changed = models.DateTimeField()

    def __str__(self) -> str:
        return f"data version {self.version} ({self.changed:%Y-%m-%d %H:%M:%S})"
