"""The domain: actors (with their many names), places, source documents and the events they report.

The fields follow ACLED and UCDP GED closely so both can be imported later without loss:
time precision, geo precision, the actor1/actor2/associated roles and ACLED's event taxonomy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import Polygon
from django.core.validators import RegexValidator
from django.db.models import F, Func, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from events.domain import datasets, vocabulary
from events.domain.names import normalize_name
from events.domain.vocabulary import EVENT_TAXONOMY
from events.models_datasets import Dataset

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser

    from events.domain.filters import EventFilter


class StX(Func):
    """Longitude of a point; ST_X exists under that name in PostGIS and SpatiaLite."""

    function = "ST_X"
    output_field = models.FloatField()


class StY(Func):
    function = "ST_Y"
    output_field = models.FloatField()


def point_in_range(field: str, name: str) -> models.CheckConstraint:
    """A constraint that keeps a point's longitude in [-180, 180] and latitude in [-90, 90]."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(
            GreaterThanOrEqual(StX(field), -180),
            LessThanOrEqual(StX(field), 180),
            GreaterThanOrEqual(StY(field), -90),
            LessThanOrEqual(StY(field), 90),
        ),
        name=name,
        violation_error_message="Coordinates out of range: longitude must be within ±180 and "
        "latitude within ±90.",
    )


EVENT_TYPE_CHOICES = [(t, t) for t in EVENT_TAXONOMY]
SUB_EVENT_TYPE_CHOICES = [(s, s) for subs in EVENT_TAXONOMY.values() for s in subs]

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a #rrggbb colour.")
country_code = RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code, e.g. SY.")


class Actor(models.Model):
    class Kind(models.IntegerChoices):
        """ACLED's inter codes."""

        STATE_FORCES = 1, "State forces"
        REBEL_GROUP = 2, "Rebel group"
        POLITICAL_MILITIA = 3, "Political militia"
        IDENTITY_MILITIA = 4, "Identity militia"
        RIOTERS = 5, "Rioters"
        PROTESTERS = 6, "Protesters"
        CIVILIANS = 7, "Civilians"
        EXTERNAL_OTHER = 8, "External/other forces"

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.PositiveSmallIntegerField(choices=Kind.choices, default=Kind.EXTERNAL_OTHER)
    country = models.CharField(max_length=2, blank=True, validators=[country_code])
    colour = models.CharField(max_length=7, default="#6b7280", validators=[hex_colour])
    description = models.TextField(blank=True)
    proposed = models.BooleanField(
        default=False,
        help_text="Suggested by the ingest pipeline from a name not in the registry; "
        "a curator accepts it by clearing this box, or merges it into an existing actor.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:map") + f"?actor={self.slug}"


class ActorAlias(models.Model):
    """Another name an actor is known by. The normalised form is unique across all actors."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=255)
    normalized = models.CharField(max_length=255, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.normalized = normalize_name(self.alias)


class Place(models.Model):
    """One real place, shared by every event there; also the cache of every geocoder answer."""

    name = models.CharField(max_length=255)
    country_code = models.CharField(max_length=2, blank=True, validators=[country_code])
    admin1 = models.CharField(max_length=255, blank=True)
    geonames_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    feature_class = models.CharField(max_length=1, blank=True)
    population = models.PositiveBigIntegerField(null=True, blank=True)
    point = models.PointField(srid=4326)
    alternate_names = models.JSONField(default=list, blank=True)
    geocoder = models.CharField(max_length=40, blank=True, help_text="Which geocoder found it.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [point_in_range("point", "place_point_in_range")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})" if self.country_code else self.name

    @property
    def latitude(self) -> float:
        return self.point.y

    @property
    def longitude(self) -> float:
        return self.point.x


class PlaceLookup(models.Model):
    """A name the geocoder was asked for, and what it answered (None: nothing found).

    Keeps every geocoder, the online ones above all, from being asked the same question twice.
    """

    normalized = models.CharField(max_length=255)
    country_hint = models.CharField(max_length=2, blank=True)
    geocoder = models.CharField(max_length=40)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["normalized", "country_hint", "geocoder"], name="placelookup_unique"
            )
        ]


class Source(models.Model):
    """A document events come from (a news report, a dataset)."""

    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=255, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    checksum = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="SHA-256 of the text; finds re-ingests."
    )
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published", "title"]

    def __str__(self) -> str:
        return self.title


def may_see_unpublished(user: AbstractUser | AnonymousUser | None) -> bool:
    """The publication rule, in one place: only active staff ever see drafts or rejected events.

    Every page, endpoint and download asks this (through `EventQuerySet.visible_to` or the
    filter's status check); staff still see verified events only unless they ask for more.
    """
    return bool(user and user.is_active and user.is_staff)


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        """What anyone may see: verified events of public datasets."""
        staff_only = Dataset.objects.filter(visibility=datasets.STAFF).values("key")
        return self.filter(status=Event.Status.VERIFIED).exclude(dataset__in=staff_only)

    def visible_to(self, user: AbstractUser | AnonymousUser | None) -> EventQuerySet:
        """The events this user may open by id: all for staff, the public ones for everyone else."""
        return self.for_audience(staff=may_see_unpublished(user))

    def for_audience(self, *, staff: bool) -> EventQuerySet:
        """`visible_to` for a caller that has asked `may_see_unpublished` already (the filter)."""
        return self if staff else self.public()

    def located(self) -> EventQuerySet:
        return self.filter(location__isnull=False)

    def unlocated(self) -> EventQuerySet:
        """Events waiting for a curator to place them."""
        return self.filter(location__isnull=True)

    def matching(self, f: EventFilter) -> EventQuerySet:
        """The events the one event filter selects (located or not; callers choose).

        The map, every API endpoint and every download select with this, so what the map
        shows and what a user downloads always agree.
        """
        qs = self.for_audience(staff=f.staff).filter(status__in=f.statuses)
        if f.actors:
            # The actor, the date window and the bbox read together from the links, whose copies of
            # the event's date and position (kept right by triggers) make "this actor in this window
            # in this view" one range of the (actor, event_date, event) index, filtered on its
            # included lon/lat: filtering events by date first reads every event in the window
            # (~20k for 90 days at 1M events) to keep the actor's few hundred.
            qs = qs.filter(pk__in=_actor_event_ids(f))
        # Also on the events themselves (implied by the links when there are actors): for a long
        # window with a busy actor, PostgreSQL then prefers reading the events of the window and
        # the bbox through their indexes over looking up tens of thousands of linked events by id.
        qs = qs.filter(_date_window(f))
        if f.event_types:
            qs = qs.filter(event_type__in=f.event_types)
        if f.sub_event_types:
            qs = qs.filter(sub_event_type__in=f.sub_event_types)
        if f.countries:
            qs = qs.filter(country_code__in=f.countries)
        if f.bbox:
            qs = qs.filter(location__intersects=Polygon.from_bbox(f.bbox))
        if f.q:
            qs = qs.filter(_text_match(f))
        if f.min_fatalities is not None:
            qs = qs.filter(fatalities__gte=f.min_fatalities)
        return qs


class EventActor(models.Model):
    class Role(models.TextChoices):
        ACTOR1 = vocabulary.ACTOR1, "Actor 1"
        ACTOR2 = vocabulary.ACTOR2, "Actor 2"
        ASSOC1 = vocabulary.ASSOC1, "Associated with actor 1"
        ASSOC2 = vocabulary.ASSOC2, "Associated with actor 2"

    # No index of their own: eventactor_unique leads with event, the Meta index with actor.
    # Fewer indexes make bulk imports faster (docs/importers.md).
    event = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="event_actors", db_index=False
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="event_actors", db_index=False
    )
    role = models.CharField(max_length=6, choices=Role.choices)
    # The event's date and position, copied here so that "this actor's events in this date
    # window inside this bbox" is one index range (actor, event_date) whose included lon/lat
    # drop the links outside the view before any event is read (the map at 1M events:
    # bench/bench_map.py). Database triggers keep them equal to the event's on every write
    # path, ORM or raw SQL (migration 0012, events/db/link_copies.py): callers never set them.
    # Nullable because an unlocated event has no position, and SQLite's triggers fill them
    # just after the insert.
    event_date = models.DateField(null=True, blank=True, editable=False)
    event_lon = models.FloatField(null=True, blank=True, editable=False)
    event_lat = models.FloatField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["event_date", "event_lon", "event_lat"])

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="eventactor_unique")
        ]
        # Covers "events of this actor in this date window (and bbox)" as an index-only scan
        # (the map's filter); with no window its prefix still finds all of an actor's events.
        # INCLUDE is PostgreSQL's; elsewhere the index is (actor, event_date, event).
        indexes = [
            # The links of a date window, whoever the actor: the trends' top actors read them
            # from this index alone (events/selectors/trends.py).
            models.Index(
                fields=["event_date"], include=["actor", "event"], name="eventactor_date_actor"
            ),
            models.Index(
                fields=["actor", "event_date", "event"],
                include=["event_lon", "event_lat"],
                name="eventactor_actor_date_bbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class EventSource(models.Model):
    """One report an event rests on: the source, the words of it the event rests on (quote,
    with its character offsets in the source's text), and who added it when.

    An event has one per report that tells of it (ACLED cites several, "Mareb Press; Yemen Data
    Project"; a second report of the same strike adds one). Event.source stays as the first of
    them, for what reads a single source; the rows here are the whole list, the first included
    (events/services/event_sources.py writes both).
    """

    # No index of its own: eventsource_unique leads with event.
    event = models.ForeignKey(
        "Event", on_delete=models.CASCADE, related_name="event_sources", db_index=False
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="event_sources")
    quote = models.TextField(blank=True, help_text="The words of the source the event rests on.")
    quote_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the quote in the source text."
    )
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # never queried by
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "source"], name="eventsource_unique")
        ]

    def __str__(self) -> str:
        return str(self.source)


def _history_model_name(name: str) -> str:
    """The names of the event's history models: HistoricalEvent for its versions,
    HistoricalEventLinks for their copies of the actor links (HistoricalEventActor is taken, by
    the links' own history) and HistoricalEventCitations for their copies of its sources."""
    names = {"EventActor": "HistoricalEventLinks", "EventSource": "HistoricalEventCitations"}
    return names.get(name, f"Historical{name}")


class Event(models.Model):
    class DatePrecision(models.IntegerChoices):
        """ACLED time_precision."""

        DAY = vocabulary.DAY, "Day"
        WEEK = vocabulary.WEEK, "Within a week"
        MONTH = vocabulary.MONTH, "Within a month"

    class GeoPrecision(models.IntegerChoices):
        """ACLED geo_precision."""

        EXACT = vocabulary.EXACT, "Town or exact location"
        NEAR = vocabulary.NEAR, "Near a town / part of a region"
        REGION = vocabulary.REGION, "Region or province only"

    class Status(models.TextChoices):
        DRAFT = vocabulary.DRAFT, "Draft"
        VERIFIED = vocabulary.VERIFIED, "Verified"
        REJECTED = vocabulary.REJECTED, "Rejected"

    date = models.DateField()  # indexed with status (event_status_date): every query has both
    date_precision = models.PositiveSmallIntegerField(
        choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(null=True, blank=True)
    event_type = models.CharField(max_length=40, choices=EVENT_TYPE_CHOICES)
    sub_event_type = models.CharField(max_length=60, choices=SUB_EVENT_TYPE_CHOICES)
    summary = models.TextField(help_text="In our own words (ACLED 'notes').")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    location = models.PointField(
        srid=4326,
        null=True,
        blank=True,
        spatial_index=True,
        help_text="The place's point unless a curator moved it. Empty: unlocated.",
    )
    place_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="The place as the source names it; kept when the geocoder cannot find it.",
    )
    unlocated_reason = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why the event has no location yet (place not found, geocoder unavailable…), "
        "for the curator who places it.",
    )
    country_code = models.CharField(max_length=2, blank=True, validators=[country_code])
    geo_precision = models.PositiveSmallIntegerField(
        choices=GeoPrecision.choices, default=GeoPrecision.EXACT
    )
    fatalities = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unknown.")
    actors: models.ManyToManyField[Actor, EventActor] = models.ManyToManyField(
        Actor, through=EventActor, related_name="events"
    )
    # Every source the event rests on, through EventSource (its quote, who added it): declared
    # so that each version of the event keeps them (m2m_fields below). It has no column: its
    # migration (0020) adds it to Django's state only, since Django's SQLite schema editor would
    # rebuild this table for it, which SpatiaLite's geometry bookkeeping does not survive.
    sources: models.ManyToManyField[Source, EventSource] = models.ManyToManyField(
        Source, through=EventSource, related_name="cited_in", blank=True
    )
    # The first of the event's sources, kept for what reads one source.
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    quote = models.TextField(blank=True, help_text="The sentence of the source the event rests on.")
    quote_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the quote in the source text."
    )
    quote_end = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(
        null=True, blank=True, help_text="0..1, set by the ingest pipeline for drafts it proposes."
    )
    extraction = models.JSONField(
        default=dict,
        blank=True,
        help_text="Why the ingest pipeline proposed this event: reasons, matches, checks.",
    )
    extra = models.JSONField(
        default=dict,
        blank=True,
        help_text="Dataset fields with no column of their own (ACLED inter codes, tags; UCDP "
        "high/low estimates), kept so nothing imported is lost.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    dataset = models.CharField(
        max_length=40, blank=True, help_text="Where the event came from: seed, acled, ucdp, ingest."
    )
    external_id = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verified_events",
        db_index=False,  # never queried by; one index less to maintain on imports
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # The survivor this event was merged into (events/services/duplicates.py; migration 0016).
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_events", db_index=False
    )

    objects = EventQuerySet.as_manager()
    # Who changed what and when; bulk imports (COPY, bulk_create) write no history rows; the
    # dataset and external id say where those came from. Each version also keeps the event's
    # actor links and its sources as they were (m2m_fields: a row per link per version), so the
    # History page shows an actor or a source added or removed and a revert restores them too.
    history = HistoricalRecords(
        excluded_fields=["extraction"],
        m2m_fields=["actors", "sources"],
        custom_model_name=_history_model_name,
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            point_in_range("location", "event_location_in_range"),
            models.CheckConstraint(
                condition=Q(fatalities__isnull=True) | Q(fatalities__gte=0),
                name="event_fatalities_not_negative",
                violation_error_message="Fatalities cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="event_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.UniqueConstraint(
                fields=["dataset", "external_id"],
                condition=~Q(external_id=""),
                name="event_unique_external_id_per_dataset",
                violation_error_message="This dataset already has an event with that id.",
            ),
        ]
        indexes = [
            # Every public query filters on status; this covers it (no index of its own).
            models.Index(fields=["status", "date"], name="event_status_date"),
            # Declared here rather than db_index=True: PostgreSQL then skips the LIKE twin.
            models.Index(fields=["event_type"], name="event_type"),
            # The public map's events by date, with what the trends and facets count (type,
            # country, fatalities, place, the dataset the publication rule reads): a two-year
            # window at 1M events is then read from this index alone, without the table
            # (bench/bench_trends.py). INCLUDE is PostgreSQL's; elsewhere it is on date only.
            models.Index(
                fields=["date"],
                include=[
                    "id",
                    "end_date",
                    "event_type",
                    "country_code",
                    "fatalities",
                    "place",
                    "dataset",
                ],
                condition=Q(status="verified", location__isnull=False),
                name="event_public_date_counts",
            ),
            # Only multi-day events have an end; the date-window filter reads them through this.
            models.Index(
                fields=["end_date"], name="event_end_date", condition=Q(end_date__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        where = self.place.name if self.place else (self.place_name or "unlocated")
        return f"{self.date:%Y-%m-%d} {self.sub_event_type} — {where}"

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", args=[self.pk])

    @property
    def is_located(self) -> bool:
        return self.location is not None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        subs = EVENT_TAXONOMY.get(self.event_type, [])
        if self.event_type and self.sub_event_type and self.sub_event_type not in subs:
            raise ValidationError(
                {
                    "sub_event_type": f"{self.sub_event_type!r} is not a sub-type "
                    f"of {self.event_type!r}."
                }
            )


class DraftEvent(Event):
    """The review queue's rows (events/admin_review.py): a proxy, no table of its own, so that
    drafts have an admin page of their own beside the event list. Writes never go through it:
    the queue hands `Event` rows to the services (history and triggers listen for Event)."""

    class Meta:
        proxy = True
        verbose_name = "draft to review"
        verbose_name_plural = "review queue"


from events.models_curation import DataVersion as DataVersion  # noqa: E402
from events.models_curation import Verification as Verification  # noqa: E402
from events.models_duplicates import DistinctEvents as DistinctEvents  # noqa: E402 (issue 14)
from events.models_feeds import Feed as Feed  # noqa: E402 (feeds, issue 15)
from events.models_feeds import FeedItem as FeedItem  # noqa: E402 (feeds, issue 15)

# The one event filter's actor, date and text parts (EventQuerySet.matching): after EventActor.
from events.models_filters import _actor_event_ids, _date_window, _text_match  # noqa: E402
from events.models_jobs import ImportJob as ImportJob  # noqa: E402 (admin imports, issue 15)
from events.models_tokens import ApiToken as ApiToken  # noqa: E402 (API tokens, issue 17)
