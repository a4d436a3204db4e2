"""Reads for the two-person rule (settings.VERIFY_REQUIRES): who has verified an event, how many
more curators it needs, and the drafts waiting for another curator's verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from events.models import Event, EventQuerySet, Verification


def verify_requires() -> int:
    """How many different curators must verify an event before it is public (1 or 2)."""
    return int(settings.VERIFY_REQUIRES)


@dataclass(frozen=True)
class VerificationState:
    """Who has verified an event (name, when; oldest first) and how many more it needs."""

    verifiers: list[tuple[str, dt.datetime]]
    required: int
    published: bool

    @property
    def needed(self) -> int:
        """Verifications still missing before it is public (0 once it is)."""
        return 0 if self.published else max(self.required - len(self.verifiers), 0)

    def text(self) -> str:
        """ "Verified by: A (2017-01-18 10:00); needs 1 more", as the admin shows it."""
        who = "; ".join(f"{name} ({at:%Y-%m-%d %H:%M})" for name, at in self.verifiers)
        if not who and self.published:  # imports and the seeds publish with no curator
            return "Published with no curator's verification recorded (imported or seeded)"
        said = f"Verified by: {who}" if who else "Not verified yet"
        if self.needed:
            return f"{said}; needs {self.needed} more"
        return said


def event_verification_state(*, event: Event) -> VerificationState:
    """The state of `event`'s verifications, as stored."""
    rows = Verification.objects.filter(event_id=event.pk).select_related("user")
    return VerificationState(
        verifiers=[(row.user.get_username(), row.at) for row in rows] if event.pk else [],
        required=verify_requires(),
        published=event.status == Event.Status.VERIFIED,
    )


def events_awaiting_verification(events: EventQuerySet) -> EventQuerySet:
    """Drafts some curator has verified that still need another curator's verification."""
    return events.filter(
        status=Event.Status.DRAFT,
        pk__in=Verification.objects.values("event_id"),
    )
