"""Corroboration in the admin (issue 14): "same as #N" on an event's change form (accept, or not
the same), the "possible duplicates" list with its merge buttons, and the changelist's merge
action. Registered on EventAdmin from events/admin.py's last lines; every write goes through
events/services/duplicates.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from events.models import Event
from events.selectors.duplicates import duplicate_pairs, event_duplicate_matches
from events.services.duplicates import event_corroborate, event_duplicate_dismiss, event_merge

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DUPLICATES_URL = "admin:events_event_duplicates"


def _change_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def _label(event: Event) -> str:
    return f"#{event.pk} {event} ({event.get_status_display()})"


@admin.display(description="same as")
def same_as(modeladmin: admin.ModelAdmin[Event], obj: Event) -> str:
    """The events this one may be the same as, each with "accept" and "not the same" (buttons of
    the change form posting elsewhere: no form inside the form)."""
    if obj.merged_into_id:
        return format_html(
            'Merged into <a href="{}">event #{}</a>.',
            reverse("admin:events_event_change", args=[obj.merged_into_id]),
            obj.merged_into_id,
        )
    matches = event_duplicate_matches(obj) if obj.pk else []
    if not matches:
        return "No event the same as this one."
    draft = obj.status == Event.Status.DRAFT
    accept = "Accept: one more source of #{}" if draft else "Merge into #{}"
    return format_html_join(
        "",
        '<div class="cm-same-as">Same as <a href="{}">{}</a>{} '
        '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button> '
        '<button type="submit" class="button" formaction="{}" formnovalidate>Not the same</button>'
        "</div>",
        (
            (
                _change_url(m.event),
                _label(m.event),
                f" ({m.comparison.km:.1f} km apart)" if m.comparison.km is not None else "",
                reverse("admin:events_event_same_as", args=[obj.pk, m.event.pk, "accept"]),
                accept.format(m.event.pk),
                reverse("admin:events_event_same_as", args=[obj.pk, m.event.pk, "dismiss"]),
            )
            for m in matches
        ),
    )


def _done(request: HttpRequest, fn: Callable[[], Any], success: str) -> bool:
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def same_as_view(request: HttpRequest, pk: int, other: int, verdict: str) -> HttpResponse:
    """Accept "same as #other" for event `pk` (a draft: corroborated; else merged), or record
    that they are not the same."""
    if verdict not in ("accept", "dismiss"):
        raise Http404("Say accept or dismiss.")
    event = get_object_or_404(Event, pk=pk)
    survivor = get_object_or_404(Event, pk=other)
    user: User = request.user  # type: ignore[assignment]  # admin views: staff only
    if verdict == "dismiss":
        _done(
            request,
            lambda: event_duplicate_dismiss(event=event, other=survivor, user=user),
            f"Event #{event.pk} and event #{survivor.pk} are recorded as different events.",
        )
        return HttpResponseRedirect(_change_url(event))
    if event.status == Event.Status.DRAFT:
        ok = _done(
            request,
            lambda: event_corroborate(draft=event, survivor=survivor, user=user),
            f"Draft #{event.pk} is the same event as #{survivor.pk}: its report is now one "
            f"more source of #{survivor.pk}, and the draft is rejected, pointing at it.",
        )
    else:
        ok = _merge(request, survivor, event)
    return HttpResponseRedirect(_change_url(survivor if ok else event))


def _merge(request: HttpRequest, survivor: Event, merged: Event) -> bool:
    user: User = request.user  # type: ignore[assignment]
    return _done(
        request,
        lambda: event_merge(survivor=survivor, merged=merged, user=user),
        f"Event #{merged.pk} merged into #{survivor.pk}: its sources and actors joined it; "
        f"#{merged.pk} stays on record, rejected, pointing at #{survivor.pk}.",
    )


def merge_view(request: HttpRequest) -> HttpResponse:
    """The "possible duplicates" list's merge button: POST survivor, merged."""
    try:
        survivor_pk, merged_pk = int(request.POST["survivor"]), int(request.POST["merged"])
    except (KeyError, ValueError):
        messages.error(request, "A merge needs the two events' ids (survivor and merged).")
        return HttpResponseRedirect(reverse(DUPLICATES_URL))
    survivor = get_object_or_404(Event, pk=survivor_pk)
    merged = get_object_or_404(Event, pk=merged_pk)
    _merge(request, survivor, merged)
    return HttpResponseRedirect(reverse(DUPLICATES_URL))


def dismiss_view(request: HttpRequest) -> HttpResponse:
    """The "possible duplicates" list's "not the same" button."""
    try:
        a, b = int(request.POST["survivor"]), int(request.POST["merged"])
    except (KeyError, ValueError):
        messages.error(request, "Two events' ids are needed.")
        return HttpResponseRedirect(reverse(DUPLICATES_URL))
    user: User = request.user  # type: ignore[assignment]
    _done(
        request,
        lambda: event_duplicate_dismiss(
            event=get_object_or_404(Event, pk=a), other=get_object_or_404(Event, pk=b), user=user
        ),
        f"Events #{a} and #{b} are recorded as different events.",
    )
    return HttpResponseRedirect(reverse(DUPLICATES_URL))


@admin.action(description="Merge the selected events into one (the verified, else the oldest)")
def merge_selected(
    modeladmin: admin.ModelAdmin[Event], request: HttpRequest, queryset: QuerySet[Event]
) -> None:
    events = sorted(queryset, key=lambda e: (e.status != Event.Status.VERIFIED, e.pk))
    if len(events) < 2:
        modeladmin.message_user(request, "Select at least two events to merge.", messages.ERROR)
        return
    survivor, *rest = events
    for merged in rest:
        if not _merge(request, survivor, merged):
            break


def register_duplicates(event_admin: type[admin.ModelAdmin[Event]]) -> None:
    """Hook the views, the change form's "same as" and the merge action into EventAdmin."""
    original_get_urls = event_admin.get_urls

    def get_urls(self: admin.ModelAdmin[Event]) -> list[URLPattern]:
        site = self.admin_site

        def duplicates_view(request: HttpRequest) -> HttpResponse:
            context = {
                **site.each_context(request),
                "title": "Possible duplicates",
                "opts": self.model._meta,
                "pairs": duplicate_pairs(),
                "merge_url": reverse("admin:events_event_merge"),
                "dismiss_url": reverse("admin:events_event_duplicates_dismiss"),
            }
            return TemplateResponse(request, "admin/events/event/duplicates.html", context)

        ours = [
            path("duplicates/", site.admin_view(duplicates_view), name="events_event_duplicates"),
            path("merge/", site.admin_view(require_POST(merge_view)), name="events_event_merge"),
            path(
                "duplicates/dismiss/",
                site.admin_view(require_POST(dismiss_view)),
                name="events_event_duplicates_dismiss",
            ),
            path(
                "<int:pk>/same-as/<int:other>/<str:verdict>/",
                site.admin_view(require_POST(same_as_view)),
                name="events_event_same_as",
            ),
        ]
        return ours + original_get_urls(self)

    event_admin.get_urls = get_urls  # type: ignore[method-assign]
    event_admin.same_as = same_as  # type: ignore[attr-defined]
    event_admin.readonly_fields = [*event_admin.readonly_fields, "same_as"]
    fieldsets: list[Any] = list(event_admin.fieldsets or [])
    if fieldsets:  # "same as" under the status, in the first fieldset
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], "same_as"]})
        event_admin.fieldsets = fieldsets
    event_admin.actions = [*(event_admin.actions or []), merge_selected]
