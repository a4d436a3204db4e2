"""Corroboration's one table of its own: pairs of events a curator said are two events, not one.

The rule (events/domain/duplicates.py) proposes "same as event #N"; a curator who rejects the
suggestion records it here, so it is never proposed again for that pair. The other outcome, a
merge, needs no table: the merged event points at its survivor (Event.merged_into). Imported by
events/models.py, so Django finds the model where it finds the others.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import F, Q


class DistinctEvents(models.Model):
    """Two events a curator found to be different events (the lower id first)."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    other = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # never queried by
    )
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = "distinct events (not duplicates)"
        verbose_name_plural = "distinct events (not duplicates)"
        constraints = [
            # No index of its own for `event`: this one leads with it.
            models.UniqueConstraint(fields=["event", "other"], name="distinctevents_unique"),
            models.CheckConstraint(
                condition=Q(event__lt=F("other")),
                name="distinctevents_ordered",
                violation_error_message="A pair is stored lower id first, and is two events.",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.event_id} and #{self.other_id} are different events"
