"""The two-person rule (settings.VERIFY_REQUIRES), applied by `event_update` on every change of
an event's status: a curator's "verify" is recorded as their Verification, and the event becomes
verified (public) only once that many different curators have one. The status stays the rule
of publication (`EventQuerySet.visible_to`): an event short of verifications stays a draft."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from events.models import Event, Verification
from events.selectors.verifications import VerificationState, verify_requires

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def event_verification_decide(*, event: Event, before: Event | None, user: User | None) -> bool:
    """Before `event` is saved with its new status: who verified and when, and whether it may
    be verified yet. True when `user`'s verification is to be recorded once it is saved.

    - A transition to verified counts `user`'s verification with the ones recorded; short of
      VERIFY_REQUIRES different curators, the event stays (or becomes) a draft awaiting more.
    - An edit of a verified event keeps who verified it.
    - Any transition away from verified, and a rejection, clear every verification.
    """
    was_verified = before is not None and before.status == Event.Status.VERIFIED
    if event.status != Event.Status.VERIFIED:
        event.verified_by = None
        event.verified_at = None
        if event.pk and (was_verified or event.status == Event.Status.REJECTED):
            Verification.objects.filter(event_id=event.pk).delete()
        return False
    if was_verified:
        return False
    curators = set(
        Verification.objects.filter(event_id=event.pk).values_list("user_id", flat=True)
        if event.pk
        else []
    )
    if user is not None:
        curators.add(user.pk)
    required = verify_requires()
    if required <= 1 or len(curators) >= required:
        event.verified_by = user
        event.verified_at = timezone.now()
    else:
        # Not yet: a draft awaiting another curator (a rejected event verified once is one too).
        event.status = Event.Status.DRAFT
        event.verified_by = None
        event.verified_at = None
    return user is not None


def event_verification_record(*, event: Event, user: User) -> None:
    """`user`'s verification of the saved `event` (once per curator: a second is no new one)."""
    Verification.objects.get_or_create(
        event=event, user=user, defaults={"at": event.verified_at or timezone.now()}
    )


@dataclass(frozen=True)
class VerifyOutcome:
    """What one curator's "verify" of one event did."""

    event: Event
    published: bool  # the event is now verified, public
    repeated: bool  # this curator had already verified it: theirs does not count twice
    state: VerificationState

    def message(self) -> str:
        """What to tell the curator, in words."""
        if self.published:
            return f"Event #{self.event.pk} verified and published. {self.state.text()}."
        if self.repeated:
            return (
                f"Event #{self.event.pk}: you have already verified it; another curator must "
                f"verify it before it is published ({self.state.text()})."
            )
        return (
            f"Event #{self.event.pk}: your verification is recorded; it is published once "
            f"another curator verifies it ({self.state.text()})."
        )
