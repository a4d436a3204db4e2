"""The review queue (issue 14): the drafts, newest report first, each with what a curator checks
before verifying it, and keyboard shortcuts (static/js/review_queue.js) to verify, reject and
move on. Registered from events/admin.py's last line.

The queue reads through events/selectors/review.py and writes through the event list's own
path: its actions are `events_set_status` (so `event_update`'s rules, its refusal messages and
who verified are exactly the event list's), handed `Event` rows, never the proxy's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from events.admin import EventAdmin, status_change_report, summary_over_quote
from events.models import DraftEvent, Event, EventQuerySet
from events.selectors.duplicates import event_duplicate_matches
from events.selectors.review import (
    MATCH_KINDS,
    REVIEW_ORDER,
    drafts_for_review,
    extraction_reasons,
    quote_matches,
    quote_segments,
)
from events.services.events import events_set_status
from events.templatetags.safe_links import http_url

if TYPE_CHECKING:
    from events.admin import AdminRequest

# The queue's actions, by the names the keyboard posts (static/js/review_queue.js: data-verify,
# data-reject on the queue's table).
VERIFY_ACTION, REJECT_ACTION = "verify_drafts", "reject_drafts"


@admin.register(DraftEvent)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Drafts, one row each: when, what, where (or why it is unlocated), who in which role,
    fatalities, the summary over the quote with the matched words marked, why the pipeline
    chose them, and the report. A row opens in the event's own change form."""

    list_display = [
        "when",
        "what",
        "where",
        "actor_list",
        "fatalities",
        "review_text",
        "reasons",
        "suggested",
        "report",
    ]
    list_display_links = None  # "when" links to the event's change form (the one editor)
    search_fields = ["summary", "quote", "place_name", "source__title"]
    actions = [VERIFY_ACTION, REJECT_ACTION]
    list_per_page = 50
    # The event list's columns, as they are (one rendering of type, actors, summary).
    what = EventAdmin.what
    actor_list = EventAdmin.actor_list

    class Media:
        css = {"all": ["css/admin_review.css"]}

    def get_queryset(self, request: HttpRequest) -> EventQuerySet:
        return drafts_for_review(super().get_queryset(request))  # type: ignore[arg-type]

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        return list(REVIEW_ORDER)  # the change list orders by this, not by the queryset's

    # Whoever may change events reviews drafts: the proxy's own permissions need no granting.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("events.view_event") or self.has_change_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("events.change_event")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafts come from ingest, or from the event list's "add"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rejected, never deleted (as in the event list)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """One editor for events: a draft opens in the event's change form."""
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[object_id]))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The columns need the width: no app sidebar (as the event list); the legend's names.
        context = {
            "is_nav_sidebar_enabled": False,
            "match_kinds": MATCH_KINDS,
            "verify_action": VERIFY_ACTION,
            "reject_action": REJECT_ACTION,
            "duplicates_url": reverse("admin:events_event_duplicates"),
        }
        return super().changelist_view(request, context | (extra_context or {}))

    @admin.display(description="same as")
    def suggested(self, obj: Event) -> str:
        """The events this draft may be the same as (events/selectors/duplicates.py): each links
        to the draft's form, where the curator accepts it (one more source) or says not."""
        matches = event_duplicate_matches(obj)
        if not matches:
            return "—"
        change = reverse("admin:events_event_change", args=[obj.pk])
        return format_html_join(
            "",
            '<div class="cm-suggested"><a href="{}">#{}</a> {}{}</div>',
            (
                (
                    change,
                    m.event.pk,
                    m.event.get_status_display().lower(),
                    f", {m.comparison.km:.0f} km" if m.comparison.km is not None else "",
                )
                for m in matches[:3]
            ),
        )

    @admin.display(description="date", ordering="date")
    def when(self, obj: Event) -> str:
        return format_html(
            '<a class="cm-open" href="{}">{}</a>{}{}',
            reverse("admin:events_event_change", args=[obj.pk]),
            obj.date.isoformat(),
            format_html("<small>to {}</small>", obj.end_date.isoformat()) if obj.end_date else "",
            format_html("<small>{}</small>", obj.get_date_precision_display())
            if obj.date_precision != Event.DatePrecision.DAY
            else "",
        )

    @admin.display(description="place", ordering="place__name")
    def where(self, obj: Event) -> str:
        """The place, or "unlocated" with the name the report gave and why it has no place."""
        if obj.place:
            return format_html("{}<small>{}</small>", obj.place, obj.get_geo_precision_display())
        return format_html(
            '<em class="cm-unlocated">unlocated</em> {}<small>{}</small>',
            obj.place_name,
            obj.unlocated_reason,
        )

    @admin.display(description="summary and quote (matched words marked)")
    def review_text(self, obj: Event) -> str:
        return summary_over_quote(obj.summary, marked_quote(obj))

    @admin.display(description="why the pipeline chose these")
    def reasons(self, obj: Event) -> str:
        items = format_html_join(
            "",
            "<li><b>{}</b> {}{}</li>",
            (
                (
                    r.topic,
                    r.text,
                    format_html("<details><summary>more</summary>{}</details>", "; ".join(r.more))
                    if r.more
                    else "",
                )
                for r in extraction_reasons(obj.extraction)
            ),
        )
        return format_html('<ul class="cm-reasons">{}</ul>', items) if items else "—"

    @admin.display(description="report", ordering="source__published")
    def report(self, obj: Event) -> str:
        """The report's title (a link only when its URL is http or https), publisher and date."""
        source = obj.source
        if source is None:
            return "—"
        url = http_url(source.url)
        title = (
            format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, source.title)
            if url
            else format_html("{}", source.title)
        )
        published = source.published.isoformat() if source.published else ""
        return format_html(
            '<div class="cm-report">{}<small>{}</small></div>',
            title,
            " · ".join(p for p in (source.publisher, published) if p),
        )

    @admin.action(description="Verify the selected drafts (publish)", permissions=["change"])
    def verify_drafts(self, request: AdminRequest, queryset: EventQuerySet) -> None:
        self._set_status(request, queryset, Event.Status.VERIFIED, "verified")

    @admin.action(description="Reject the selected drafts", permissions=["change"])
    def reject_drafts(self, request: AdminRequest, queryset: EventQuerySet) -> None:
        self._set_status(request, queryset, Event.Status.REJECTED, "rejected")

    def _set_status(
        self, request: AdminRequest, queryset: EventQuerySet, status: str, done: str
    ) -> None:
        # Event rows, not the proxy's: the history and the two-person rule listen for Event.
        events = Event.objects.filter(pk__in=queryset.values("pk")).order_by("pk")
        result = events_set_status(events=events, status=status, user=request.user)
        status_change_report(self, request, result, done)


def marked_quote(event: Event) -> SafeString:
    """The quote, escaped, with the words the pipeline matched in <mark>s titled by what they
    were taken for ("" for no quote)."""
    matches = quote_matches(
        quote=event.quote, quote_start=event.quote_start, extraction=event.extraction
    )
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html('<mark class="cm-mark cm-{}" title="{}">{}</mark>', m.kind, m.label, t)
                if m
                else t,
            )
            for t, m in quote_segments(event.quote, matches)
        ),
    )
