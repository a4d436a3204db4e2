"""Corroboration: one event told by several reports is one event with several sources.

- `event_corroborate`: a curator accepts "same as #N" for a draft. The draft's report becomes one
  more source of event N (an EventSource with the draft's quote), and the draft is rejected,
  pointing at N (Event.merged_into).
- `event_merge`: the admin's merge of two events. The merged one is kept on record, rejected and
  pointing at the survivor; its sources and actor links join the survivor's (none twice).
- `event_duplicate_dismiss`: "not the same": the pair is never proposed again.

Every change of an event goes through `event_update` (a version in each one's history, with who
and why) and every source through `event_add_source`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from events.models import Actor, DistinctEvents, Event
from events.selectors.sources import event_sources
from events.services.event_sources import event_add_source
from events.services.events import event_actor_roles, event_update

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _refusal(survivor: Event, merged: Event) -> str:
    """Why `merged` may not be merged into `survivor` ("" when it may)."""
    if survivor.pk is None or merged.pk is None:
        return "Both events must be saved before they are merged."
    if survivor.pk == merged.pk:
        return f"Event #{survivor.pk} cannot be merged into itself."
    if merged.merged_into_id:
        return f"Event #{merged.pk} was already merged into event #{merged.merged_into_id}."
    if survivor.merged_into_id:
        return (
            f"Event #{survivor.pk} was itself merged into event #{survivor.merged_into_id}: "
            "merge into that one."
        )
    if survivor.status == Event.Status.REJECTED:
        return f"Event #{survivor.pk} is rejected: merge into an event that stays."
    return ""


def _sources_join(*, survivor: Event, merged: Event, user: User | None) -> int:
    """Cite each of `merged`'s sources (with its quote) for `survivor`; how many were new."""
    added = 0
    cited = set(event_sources(event=survivor).values_list("source_id", flat=True))
    for link in event_sources(event=merged):
        event_add_source(
            event=survivor,
            source=link.source,
            quote=link.quote,
            start=link.quote_start,
            end=link.quote_end,
            user=user,
            record=False,  # the caller's event_update writes the version, sources included
        )
        added += link.source_id not in cited
    if merged.source_id and not event_sources(event=merged).exists():  # written around the rows
        assert merged.source is not None
        event_add_source(
            event=survivor, source=merged.source, quote=merged.quote, user=user, record=False
        )
        added += merged.source_id not in cited
    return added


def _actors_joined(*, survivor: Event, merged: Event) -> list[tuple[Actor, str]]:
    """The survivor's links, then each of the merged event's actors it lacks (in its role)."""
    roles = event_actor_roles(event=survivor)
    linked = {actor.pk for actor, _ in roles}
    for actor, role in event_actor_roles(event=merged):
        if actor.pk not in linked:
            roles.append((actor, role))
            linked.add(actor.pk)
    return roles


def _merged_reject(*, survivor: Event, merged: Event, user: User | None, reason: str) -> None:
    """`merged` rejected and pointing at `survivor`; events merged into it follow it."""
    for earlier in Event.objects.filter(merged_into=merged):
        event_update(
            event=earlier,
            changes={"merged_into": survivor},
            user=user,
            reason=f"its survivor #{merged.pk} was merged into #{survivor.pk}",
        )
    event_update(
        event=merged,
        changes={"status": Event.Status.REJECTED, "merged_into": survivor},
        user=user,
        reason=reason,
    )


@transaction.atomic
def event_merge(*, survivor: Event, merged: Event, user: User | None) -> Event:
    """Merge `merged` into `survivor` (see the module's docstring); answers the survivor.
    Refused (ValidationError, saying why) for an event into itself, a rejected survivor, or an
    event already merged."""
    problem = _refusal(survivor, merged)
    if problem:
        raise ValidationError(problem)
    added = _sources_join(survivor=survivor, merged=merged, user=user)
    survivor.refresh_from_db()
    event_update(
        event=survivor,
        changes={},
        actors=_actors_joined(survivor=survivor, merged=merged),
        user=user,
        reason=f"merged event #{merged.pk} into this one ({added} source(s) added)",
    )
    _merged_reject(
        survivor=survivor, merged=merged, user=user, reason=f"merged into event #{survivor.pk}"
    )
    return survivor


@transaction.atomic
def event_corroborate(*, draft: Event, survivor: Event, user: User | None) -> Event:
    """Accept "same as #N": `draft`'s report becomes one more source of `survivor` (with the
    draft's quote), and the draft is rejected, pointing at it. The survivor's own fields and
    actors stay as a curator left them. Answers the survivor."""
    if draft.status != Event.Status.DRAFT:
        raise ValidationError(
            f"Event #{draft.pk} is not a draft ({draft.get_status_display()}): merge it instead."
        )
    problem = _refusal(survivor, draft)
    if problem:
        raise ValidationError(problem)
    added = _sources_join(survivor=survivor, merged=draft, user=user)
    survivor.refresh_from_db()
    event_update(
        event=survivor,
        changes={},
        user=user,
        reason=f"draft #{draft.pk} is the same event: {added} source(s) added",
    )
    _merged_reject(
        survivor=survivor,
        merged=draft,
        user=user,
        reason=f"the same event as #{survivor.pk}: its report is one more source of it",
    )
    return survivor


def event_duplicate_dismiss(*, event: Event, other: Event, user: User | None) -> DistinctEvents:
    """A curator's "not the same event": the pair is not proposed again (idempotent)."""
    if event.pk is None or other.pk is None or event.pk == other.pk:
        raise ValidationError("Two different saved events are needed.")
    low, high = sorted([event.pk, other.pk])
    row, _ = DistinctEvents.objects.get_or_create(
        event_id=low,
        other_id=high,
        defaults={
            "decided_by": user if user is not None and user.pk else None,
            "decided_at": timezone.now(),
        },
    )
    return row
