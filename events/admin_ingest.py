"""The admin's "Extract events" action on Source, registered from events/admin.py's last lines."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from events.ingest.errors import IngestError
from events.models import Source
from events.services.ingest import source_extract_events


@admin.action(description="Extract events (draft events from the source's text)")
def extract_events(
    modeladmin: admin.ModelAdmin[Source], request: HttpRequest, queryset: QuerySet[Source]
) -> None:
    """Run the ingest pipeline on each selected source; drafts wait for "Mark verified"."""
    for source in queryset:
        try:
            result = source_extract_events(source=source)
        except IngestError as exc:
            modeladmin.message_user(request, f"{source}: {exc}", messages.WARNING)
            continue
        url = reverse("admin:events_event_changelist") + f"?source__id__exact={source.pk}"
        proposed = ", ".join(a.name for a in result.proposed_actors)
        modeladmin.message_user(
            request,
            format_html(
                '{}: {} draft event(s) created, {} already there. <a href="{}">Review them</a>.{}',
                source,
                len(result.created),
                len(result.existing),
                url,
                f" Proposed actors to accept: {proposed}." if proposed else "",
            ),
            messages.SUCCESS,
        )


def register_ingest_actions(source_admin: type[admin.ModelAdmin]) -> None:
    actions = list(source_admin.actions or [])
    if extract_events not in actions:
        source_admin.actions = [*actions, extract_events]
