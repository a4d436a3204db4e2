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
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from events.models import (
    Actor,
    ActorAlias,
    Event,
    EventActor,
    EventQuerySet,
    Place,
    PlaceLookup,
    Source,
)
from events.services.events import events_geocode_again, events_set_status

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import WithAnnotations

    class AdminRequest(HttpRequest):
        """A request the admin hands its actions: only a signed-in staff user gets that far."""

        user: User


class _EventCount(TypedDict):
    """The annotation the actor and source lists add to each row."""

    _events: int


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
class PlaceAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
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


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


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
        return cleaned


@admin.register(Event)
class EventAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "date",
        "event_type",
        "sub_event_type",
        "where",
        "actor_list",
        "fatalities",
        "status",
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
    inlines = [EventActorInline]
    form = EventAdminForm
    readonly_fields = ["created", "updated", "verified_by", "verified_at", "unlocated_reason"]
    actions = ["mark_verified", "mark_rejected", "geocode_again"]
    fieldsets = [
        (None, {"fields": ["status", "summary", "seen_updated"]}),
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
        return (
            super()
            .get_queryset(request)
            .select_related("place")
            .prefetch_related("event_actors__actor")
        )

    @admin.display(description="place", ordering="place__name")
    def where(self, obj: Event) -> str:
        if obj.place:
            return str(obj.place)
        return format_html('<em title="{}">unlocated</em> {}', obj.unlocated_reason, obj.place_name)

    @admin.display(description="actors")
    def actor_list(self, obj: Event) -> str:
        return format_html_join(
            ", ",
            "{} <small>({})</small>",
            ((ea.actor.name, ea.role) for ea in obj.event_actors.all()),
        )

    def save_model(
        self, request: HttpRequest, obj: Event, form: forms.ModelForm[Event], change: bool
    ) -> None:
        # Follow the place unless the curator moved the point by hand.
        if obj.place and (
            obj.location is None
            or ("place" in form.changed_data and "location" not in form.changed_data)
        ):
            obj.location = obj.place.point
        if obj.location is not None:
            obj.unlocated_reason = ""
        super().save_model(request, obj, form, change)

    @admin.action(description="Mark selected events verified (publish)")
    def mark_verified(self, request: AdminRequest, queryset: EventQuerySet) -> None:
        n = events_set_status(events=queryset, status=Event.Status.VERIFIED, user=request.user)
        self.message_user(request, f"{n} event(s) verified.", messages.SUCCESS)

    @admin.action(description="Mark selected events rejected")
    def mark_rejected(self, request: AdminRequest, queryset: EventQuerySet) -> None:
        n = events_set_status(events=queryset, status=Event.Status.REJECTED, user=request.user)
        self.message_user(request, f"{n} event(s) rejected.", messages.SUCCESS)

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
