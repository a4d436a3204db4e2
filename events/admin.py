"""Curation in the Django admin: review drafts, fix places on a Leaflet map, merge actor names.

Every change to an event, actor, alias, place or source is kept (django-simple-history): the
"History" button of each object lists who changed what and when, and reverts to any version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from events.admin_history import EventHistoryHelper
from events.admin_map import BasemapAdminMixin
from events.domain.vocabulary import DRAFT_SUMMARY_PREFIX
from events.models import (
    Actor,
    ActorAlias,
    Event,
    EventActor,
    EventQuerySet,
    EventSource,
    Place,
    PlaceLookup,
    Source,
)
from events.selectors.verifications import (
    event_verification_state,
    events_awaiting_verification,
    verify_requires,
)
from events.services.event_sources import event_sources_set, event_version_citations
from events.services.events import (
    StatusChange,
    event_changes,
    event_refusals,
    event_update,
    event_verify,
    event_version_roles,
    events_geocode_again,
    events_set_status,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import WithAnnotations

    class AdminRequest(HttpRequest):
        """A request the admin hands its actions: only a signed-in staff user gets that far."""

        user: User


# How much of a summary or a quote the event list shows (the change form has all of it).
REVIEW_CHARS = 220


class _EventCount(TypedDict):
    """The annotation the actor and source lists add to each row."""

    _events: int


def summary_over_quote(summary: str, quote_html: str) -> str:
    """A summary (the ingest's placeholder marked as such) over the quote it rests on
    (`quote_html`: already escaped, "" for none): the event list's column and the queue's."""
    placeholder = summary.startswith(DRAFT_SUMMARY_PREFIX)
    return format_html(
        '<div class="cm-review-text"><p class="{}" title="{}">{}</p>{}</div>',
        "cm-placeholder" if placeholder else "cm-summary",
        "Still the ingest's placeholder: write what happened before verifying"
        if placeholder
        else "",
        summary,
        format_html('<blockquote class="cm-quote">{}</blockquote>', quote_html)
        if quote_html
        else "",
    )


def status_change_report(
    model_admin: admin.ModelAdmin[Any], request: HttpRequest, result: StatusChange, done: str
) -> None:
    """What `events_set_status` did, as the admin's messages: the count, each verification
    still waiting for another curator, and each refusal with the service's own reasons."""
    model_admin.message_user(request, f"{result.changed} event(s) {done}.", messages.SUCCESS)
    for outcome in result.waiting:  # the two-person rule: recorded, not yet published
        model_admin.message_user(
            request,
            f"{outcome.message()} ({outcome.event})",
            messages.WARNING if outcome.repeated else messages.INFO,
        )
    for event, problems in result.refused:
        model_admin.message_user(
            request, f"Event #{event.pk} ({event}): {' '.join(problems)}", messages.ERROR
        )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["alias"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "country", "colour_swatch", "event_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug", "aliases__alias", "aliases__normalized"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Actor]:
        return (
            super()
            .get_queryset(request)
            .annotate(_events=Count("event_actors__event", distinct=True))
            .order_by("name")  # the annotation drops Meta.ordering; the autocomplete pages
        )

    @admin.display(description="events", ordering="_events")
    def event_count(self, obj: WithAnnotations[Actor, _EventCount]) -> int:
        return obj._events

    @admin.display(description="colour")
    def colour_swatch(self, obj: Actor) -> str:
        return format_html(
            '<span style="display:inline-block;width:1em;height:1em;background:{}"></span> {}',
            obj.colour,
            obj.colour,
        )


@admin.register(Place)
class PlaceAdmin(BasemapAdminMixin, LeafletGeoAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "country_code", "admin1", "geonames_id", "population", "geocoder"]
    list_filter = ["country_code", "geocoder"]
    search_fields = ["name", "alternate_names", "geonames_id"]


@admin.register(PlaceLookup)
class PlaceLookupAdmin(admin.ModelAdmin):
    list_display = ["normalized", "country_hint", "geocoder", "place", "created"]
    list_filter = ["geocoder"]
    search_fields = ["normalized"]
    autocomplete_fields = ["place"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "published", "event_count"]
    search_fields = ["title", "publisher", "text"]
    date_hierarchy = "published"
    readonly_fields = ["checksum", "created"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(_events=Count("events"))

    @admin.display(description="events", ordering="_events")
    def event_count(self, obj: WithAnnotations[Source, _EventCount]) -> int:
        return obj._events


# The attribute of an event being edited that answers the links the curator wants it to have
# (the actor inline's rows, or a version's links on a revert): set before the form is
# validated, so the form's check and the save both see them.
PENDING_ACTORS = "_pending_actors"
# The same for a revert's sources: the version's, restored with its fields and links.
PENDING_SOURCES = "_pending_sources"


def pending_actors(event: Event) -> list[tuple[Actor, str]] | None:
    """The links being saved with `event` (None: no change of links in this request)."""
    pending = getattr(event, PENDING_ACTORS, None)
    return pending() if pending is not None else None


class EventActorFormSet(BaseInlineFormSet):
    """The actor inline. Its rows are not saved by themselves: `event_update` writes them with
    the event, in the same version."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            setattr(self.instance, PENDING_ACTORS, self.roles)

    def roles(self) -> list[tuple[Actor, str]] | None:
        """The (actor, role) rows kept, or None while the rows themselves are invalid."""
        if not self.is_valid():
            return None
        return [
            (form.cleaned_data["actor"], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("actor")
        ]


class EventActorInline(admin.TabularInline):
    model = EventActor
    formset = EventActorFormSet
    extra = 1
    autocomplete_fields = ["actor"]


class EventSourceInline(admin.TabularInline):
    """The event's sources: the first is the event's Source above; more reports of the same
    event are added here (or by accepting a duplicate)."""

    model = EventSource
    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "quote_start", "quote_end", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]


class LocatedFilter(admin.SimpleListFilter):
    title = "location"
    parameter_name = "located"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("yes", "Located"), ("no", "Unlocated (needs a place)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        events = cast(EventQuerySet, queryset)  # the filter of the event list only
        if self.value() == "yes":
            return events.located()
        if self.value() == "no":
            return events.unlocated()
        return events


class AwaitingVerificationFilter(admin.SimpleListFilter):
    """The two-person rule's queue (VERIFY_REQUIRES=2): drafts one curator has verified."""

    title = "verification"
    parameter_name = "verification"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        return [("awaiting", "Awaiting a second verification")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "awaiting":
            return events_awaiting_verification(cast(EventQuerySet, queryset))
        return queryset


class EventAdminForm(forms.ModelForm):
    """Refuses to save over an edit another curator saved after this form was opened."""

    seen_updated = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets pick the fields shown)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a revert form's instance is an old version.
            current = Event.objects.filter(pk=self.instance.pk).values_list("updated", flat=True)
            self.fields["seen_updated"].initial = current[0].isoformat() if current else ""

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        seen = self.cleaned_data.get("seen_updated")
        if self.instance.pk and seen:
            current = Event.objects.filter(pk=self.instance.pk).values_list("updated", flat=True)
            if current and current[0].isoformat() != seen:
                latest = Event.history.filter(id=self.instance.pk).order_by("-history_date").first()
                who = latest.history_user if latest and latest.history_user else "someone"
                raise forms.ValidationError(
                    f"{who} changed this event at {current[0]:%Y-%m-%d %H:%M:%S} UTC while you "
                    "were editing it. Nothing was saved: copy your changes, reload the page "
                    "(the History button shows their edit) and apply yours again."
                )
        # The rules are the service's; asked here so that a refusal shows on the form.
        stored = Event.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        event = stored or self.instance
        problems = event_refusals(
            event=event,
            changes=event_changes(event=event, values=self.cleaned_data),
            actors=pending_actors(self.instance),
        )
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


@admin.register(Event)
class EventAdmin(BasemapAdminMixin, LeafletGeoAdminMixin, SimpleHistoryAdmin):
    # Made for review: the status first (never cut off at 1366 px), the type in one column,
    # the summary and the quote wrapped in columns of their own (static/css/admin_review.css).
    list_display = [
        "date",
        "status",
        "what",
        "where",
        "country_code",
        "actor_list",
        "fatalities",
        "summary_text",
    ]
    list_filter = [
        "status",
        "event_type",
        "sub_event_type",
        LocatedFilter,
        ("event_actors__actor", admin.RelatedOnlyFieldListFilter),
        "country_code",
        "dataset",
    ]
    date_hierarchy = "date"
    search_fields = [
        "summary",
        "quote",
        "place_name",
        "place__name",
        "place__alternate_names",
        "event_actors__actor__name",
        "event_actors__actor__aliases__alias",
    ]
    autocomplete_fields = ["place", "source"]
    inlines = [EventActorInline, EventSourceInline]
    form = EventAdminForm
    readonly_fields = [
        "created",
        "updated",
        "verified_by",
        "verified_at",
        "unlocated_reason",
        "verification",
    ]
    actions = ["mark_verified", "mark_rejected", "geocode_again"]
    fieldsets = [
        (None, {"fields": ["status", "verification", "summary", "seen_updated"]}),
        ("When", {"fields": [("date", "end_date", "date_precision")]}),
        ("What", {"fields": [("event_type", "sub_event_type"), "fatalities"]}),
        (
            "Where",
            {
                "fields": [
                    ("place", "place_name", "country_code"),
                    "unlocated_reason",
                    "geo_precision",
                    "location",
                ]
            },
        ),
        ("Source", {"fields": ["source", "quote"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    ("dataset", "external_id"),
                    ("created", "updated"),
                    ("verified_by", "verified_at"),
                ],
            },
        ),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        """Events are rejected, never deleted: a rejected event stays on record with its history."""
        return False

    def get_queryset(self, request: HttpRequest) -> EventQuerySet:
        events = (
            super()
            .get_queryset(request)
            .select_related("place")
            .prefetch_related("event_actors__actor")
        )
        if verify_requires() > 1:  # the "verified" column: one query for the page
            events = events.prefetch_related("verifications__user")
        return events

    class Media:
        css = {"all": ["css/admin_review.css"]}

    def get_list_display(self, request: HttpRequest) -> list[str]:
        # The two-person rule's column only when it is on: the default list keeps its width.
        shown = list(super().get_list_display(request))
        if verify_requires() > 1:
            shown.insert(shown.index("status") + 1, "verification_count")
        return shown

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        shown = list(super().get_list_filter(request))
        if verify_requires() > 1:
            shown.insert(1, AwaitingVerificationFilter)
        return shown

    @admin.display(description="verification")
    def verification(self, obj: Event) -> str:
        """Who has verified the event, when, and how many more curators it needs."""
        return event_verification_state(event=obj).text() if obj.pk else "Not verified yet"

    @admin.display(description="verified")
    def verification_count(self, obj: Event) -> str:
        """ "1 of 2": the curators who have verified it, of those VERIFY_REQUIRES asks."""
        verifiers = [v.user.get_username() for v in obj.verifications.all()]  # prefetched
        return format_html(
            '<span title="{}">{} of {}</span>',
            ", ".join(verifiers),
            len(verifiers),
            verify_requires(),
        )

    @admin.display(description="type", ordering="sub_event_type")
    def what(self, obj: Event) -> str:
        return format_html("{}<small>{}</small>", obj.sub_event_type, obj.event_type)

    @admin.display(description="summary and quote")
    def summary_text(self, obj: Event) -> str:
        """The summary (the ingest's placeholder marked as such) over the quote it rests on."""
        quote = Truncator(obj.quote).chars(REVIEW_CHARS)
        return summary_over_quote(
            Truncator(obj.summary).chars(REVIEW_CHARS), format_html("{}", quote) if quote else ""
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The review list needs the width: no app sidebar beside it (the breadcrumbs stay).
        context = {"is_nav_sidebar_enabled": False} | (extra_context or {})
        return super().changelist_view(request, context)

    @admin.display(description="place", ordering="place__name")
    def where(self, obj: Event) -> str:
        if obj.place:
            return str(obj.place)
        return format_html('<em title="{}">unlocated</em> {}', obj.unlocated_reason, obj.place_name)

    @admin.display(description="actors")
    def actor_list(self, obj: Event) -> str:
        return format_html_join(
            "",
            "<div>{} <small>{}</small></div>",
            ((ea.actor.name, ea.get_role_display()) for ea in obj.event_actors.all()),
        )

    def save_model(
        self, request: AdminRequest, obj: Event, form: forms.ModelForm[Event], change: bool
    ) -> None:
        """The event and its links, through the one write path (the form asked its rules)."""
        stored = Event.objects.filter(pk=obj.pk).first() if obj.pk else None
        changes = event_changes(event=stored or obj, values=form.cleaned_data)
        cited = getattr(obj, PENDING_SOURCES, None)
        if cited is not None:  # a revert: the version's sources first, held by its new version
            event_sources_set(event=obj, cited=cited, user=request.user, record=False)
        verifying = changes.get("status") == Event.Status.VERIFIED and (
            stored is None or stored.status != Event.Status.VERIFIED
        )
        if not verifying:
            event_update(event=obj, changes=changes, actors=pending_actors(obj), user=request.user)
            return
        # A curator's "verify": published, or waiting for another curator (VERIFY_REQUIRES).
        outcome = event_verify(
            event=obj, changes=changes, actors=pending_actors(obj), user=request.user
        )
        if not outcome.published:
            self.message_user(
                request,
                outcome.message(),
                messages.WARNING if outcome.repeated else messages.INFO,
            )

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Event],
        formsets: list[BaseInlineFormSet],
        change: bool,
    ) -> None:
        form.save_m2m()
        for formset in formsets:
            if isinstance(formset, EventActorFormSet):
                formset.save(commit=False)  # written by save_model; this only lists the changes
            elif formset.model is EventSource:
                self._sources_save(cast("AdminRequest", request), form.instance, formset)
            else:
                self.save_formset(request, form, formset, change=change)

    def _sources_save(
        self, request: AdminRequest, event: Event, formset: BaseInlineFormSet
    ) -> None:
        """The source rows, through the service (Event.source kept the first; one version of
        the event holding them, by this curator)."""
        formset.save(commit=False)  # writes nothing: lists the changes for the admin's log
        if not formset.has_changed():
            return
        cited = [
            (f.cleaned_data["source"], f.cleaned_data.get("quote", ""),
             f.cleaned_data.get("quote_start"), f.cleaned_data.get("quote_end"))
            for f in formset.forms
            if f.cleaned_data and f.cleaned_data.get("source") and not f.cleaned_data.get("DELETE")
        ]  # fmt: skip
        event_sources_set(event=event, cited=cited, user=request.user)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """The revert page: reverting restores the version's actor links and sources with its
        fields."""
        version = get_object_or_404(Event.history, id=object_id, history_id=version_id)
        request.event_version = version  # type: ignore[attr-defined]  # read by get_form
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Event | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Event]]:
        version = getattr(request, "event_version", None)
        if version is not None and obj is not None:
            roles = event_version_roles(version=version)
            setattr(obj, PENDING_ACTORS, lambda: roles)
            setattr(obj, PENDING_SOURCES, event_version_citations(version=version))
            # Not in the versions (excluded from history): the ingest's reasons stay as they are.
            obj.extraction = (
                Event.objects.filter(pk=obj.pk).values_list("extraction", flat=True).first() or {}
            )
        return super().get_form(request, obj, change, **kwargs)

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: Any
    ) -> HistoricalRecordContextHelper:
        return EventHistoryHelper(self.model, historical_record)

    @admin.action(description="Mark selected events verified (publish)")
    def mark_verified(self, request: AdminRequest, queryset: EventQuerySet) -> None:
        self._set_status(request, queryset, Event.Status.VERIFIED, "verified")

    @admin.action(description="Mark selected events rejected")
    def mark_rejected(self, request: AdminRequest, queryset: EventQuerySet) -> None:
        self._set_status(request, queryset, Event.Status.REJECTED, "rejected")

    def _set_status(
        self, request: AdminRequest, queryset: EventQuerySet, status: str, done: str
    ) -> None:
        result = events_set_status(events=queryset, status=status, user=request.user)
        status_change_report(self, request, result, done)

    @admin.action(description="Geocode unlocated events again")
    def geocode_again(self, request: HttpRequest, queryset: EventQuerySet) -> None:
        unlocated = list(queryset.unlocated())
        result = events_geocode_again(events=unlocated)
        message = (
            f"{result.placed} of {len(unlocated)} unlocated event(s) placed; "
            "the rest still need a curator (each one's “unlocated reason” says why)."
        )
        if result.unavailable:
            message += (
                f" The geocoder could not answer for {result.unavailable}: "
                f"{result.error[:300]} Nothing was cached; try again later."
            )
        self.message_user(
            request,
            message,
            messages.SUCCESS if result.placed and not result.unavailable else messages.WARNING,
        )


from events.admin_ingest import register_ingest_actions  # noqa: E402 (ingest, issue 4)

register_ingest_actions(SourceAdmin)

from events.admin_duplicates import register_duplicates  # noqa: E402 (corroboration, issue 14)

register_duplicates(EventAdmin)

# Each registers its own admin when imported: datasets' terms and the review queue (issue 14),
# feeds and imports from the admin (issue 15).
from events import (  # noqa: E402, F401
    admin_datasets,
    admin_feeds,
    admin_imports,
    admin_review,
    admin_tokens,
)
