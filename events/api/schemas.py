"""The response bodies of the public API, each declared once as a pydantic model.

The OpenAPI document's `components/schemas` are generated from these (openapi.py `components`),
so what the document says a body holds is what is declared here. The writers of the bodies stay
plain dict literals, never routed through these models (the GeoJSON's `_feature` is the hot loop
of every download): tests/test_api_schemas.py binds each writer to its model instead (the same
keys, in the same order, on real rows), and tests/test_api_fuzz.py checks every answer against
the generated document.

Bodies are strict (`extra="forbid"`: additionalProperties false) and every field without a
default is required, so a key a writer gains or loses fails those tests. A field only some
answers carry is declared on a subclass, never with a default (a default would claim a value
the writer never sends). Choices come from the constants the code itself uses.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from events.domain import datasets, filters, vocabulary
from events.domain.trends import FLAGS, TREND_BUCKETS
from events.selectors.stats import BUCKETS

if TYPE_CHECKING:  # mypy reads no Literal built at run time from a constant: to it, plain types
    Status = str
    Role = str
    Bucket = str
    TrendBucket = str
    Flag = str
    DatePrecision = int
    GeoPrecision = int
    Visibility = str
else:
    Status = Literal[tuple(filters.STATUS_CHOICES)]
    Role = Literal[vocabulary.ROLES]
    Bucket = Literal[tuple(BUCKETS)]
    TrendBucket = Literal[TREND_BUCKETS]
    Flag = Literal[FLAGS]
    DatePrecision = Literal[vocabulary.DAY, vocabulary.WEEK, vocabulary.MONTH]
    GeoPrecision = Literal[vocabulary.EXACT, vocabulary.NEAR, vocabulary.REGION]
    Visibility = Literal[tuple(datasets.VISIBILITY_CHOICES)]

Count = Annotated[int, Field(ge=0)]
Text = Annotated[str, Field(min_length=1)]
CountsByKey = dict[str, Count]


class Body(BaseModel):
    """A response body (or a part of one) as our code writes it: no member it does not name."""

    model_config = ConfigDict(extra="forbid")


# --- errors -------------------------------------------------------------------------------------


class Errors(Body):
    """A refusal (400, or 404 for an unknown event): each bad parameter named with the reason."""

    errors: Annotated[dict[str, Text], Field(min_length=1)]


# --- events as GeoJSON (events/selectors/exports.py `_feature`) ----------------------------------


class Point(Body):
    type: Literal["Point"]
    coordinates: Annotated[
        list[float], Field(min_length=2, max_length=2, description="Longitude, latitude.")
    ]


class EventSource(Body):
    """A source as the GeoJSON carries it (events/selectors/sources.py `source_dict`)."""

    title: str
    publisher: str
    url: str | None
    date: dt.date | None = Field(description="When it was published, if known.")


class EventActor(Body):
    """An actor of the event, in its role (events/selectors/exports.py `_entry`)."""

    name: str
    slug: str
    role: Role = Field(description="ACLED's role: actor1 or actor2, or associated to one.")


class EventProperties(Body):
    """Every property an event's Feature carries, each required and no other allowed."""

    id: int
    date: dt.date
    date_precision: DatePrecision = Field(
        description="ACLED's time_precision: 1 that day, 2 within a week, 3 within a month."
    )
    end_date: dt.date | None
    event_type: str
    sub_event_type: str
    actors: list[EventActor]
    place: str = Field(description="The place's name; empty when unknown.")
    country: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    geo_precision: GeoPrecision = Field(
        description="ACLED's geo_precision: 1 the exact place, 2 near it or in its area, "
        "3 a larger area (its province or region)."
    )
    fatalities: Count | None = Field(description="null: unknown.")
    summary: str
    quote: str = Field(description="The words of the source the event rests on.")
    source: EventSource | None = Field(description="The first of its sources.")
    sources: list[EventSource] = Field(
        description="Every report the event rests on, in the order they were added."
    )
    source_count: Count
    status: Status
    url: str = Field(description="The event's page.")


class EventFeature(Body):
    """A located event."""

    type: Literal["Feature"]
    id: int
    geometry: Point
    properties: EventProperties


class EventFeatureMaybeUnlocated(Body):
    """An event, located or not (a null geometry)."""

    type: Literal["Feature"]
    id: int
    geometry: Point | None
    properties: EventProperties


class DatasetCitation(Body):
    """A dataset's terms (events/selectors/datasets.py `dataset_citation`)."""

    key: str
    title: str
    licence: str
    licence_url: str
    attribution: str
    url: str
    visibility: Visibility


class EventCollection(Body):
    """The located events, streamed (events/selectors/exports.py `geojson_stream`)."""

    type: Literal["FeatureCollection"]
    # A foreign member (RFC 7946 section 6.1): the terms of the datasets the user may see.
    datasets: list[DatasetCitation]
    features: list[EventFeature]


class Datasets(Body):
    datasets: list[DatasetCitation]


# --- the map (events/selectors/clusters.py) ---------------------------------------------------


class ClusterProperties(Body):
    cluster: Literal[True]
    count: Annotated[int, Field(ge=1)]
    fatalities: Count = Field(description="The known fatalities, summed.")
    first: dt.date
    last: dt.date
    cell: list[int] = Field(description="The grid cell's column and row at `zoom`.")


class ClusterFeature(Body):
    """A grid cell's events: at the centroid of their points."""

    type: Literal["Feature"]
    geometry: Point
    properties: ClusterProperties


class MapView(Body):
    type: Literal["FeatureCollection"]
    mode: Literal["events", "clusters"]
    zoom: Annotated[int, Field(ge=0, le=22, description="The zoom the cells are of.")]
    total: Count
    features: list[EventFeature | ClusterFeature]


# --- counts (events/selectors/stats.py, actors.py) -------------------------------------------


class ActorCount(Body):
    """An actor with its events under the filter (events/selectors/stats.py `actor_counts`)."""

    slug: str
    name: str
    kind: str
    country: str
    colour: str
    aliases: list[str]
    count: Count
    selected: bool


class ActorMatch(ActorCount):
    """With `search`: an actor it names (events/selectors/actors.py `actors_search`)."""

    match: str = Field(description="The alias it matched by ('' by its name).")


class Actors(Body):
    actors: list[ActorCount] | list[ActorMatch]


class Facets(Body):
    """Located events per event type and per country code (events/selectors/stats.py)."""

    event_type: CountsByKey
    country: CountsByKey


class FacetsWithFatalities(Facets):
    """With sum=fatalities."""

    country_fatalities: CountsByKey = Field(description="The known fatalities per country.")


class TimelineCount(Body):
    start: dt.date
    count: Annotated[int, Field(ge=1)]


class Timeline(Body):
    """events/selectors/stats.py `timeline_counts`, and the unlocated events' count."""

    bucket: Bucket
    date_from: dt.date | None
    date_to: dt.date | None
    first: dt.date | None
    last: dt.date | None
    total: Count
    counts: list[TimelineCount]
    unlocated: Count


# --- trends (events/selectors/trends.py `trends`) ---------------------------------------------


class Totals(Body):
    events: Count
    fatalities: Count


class TrendPeriod(Body):
    start: dt.date
    events: CountsByKey = Field(description="Per event type.")
    fatalities: CountsByKey = Field(description="Per event type.")


class TopActor(Body):
    slug: str
    name: str
    colour: str
    events: Count
    fatalities: Count


class TopCountry(Body):
    code: str
    name: str
    events: Count
    fatalities: Count


class TopAdmin1(Body):
    name: str = Field(description="As imported (empty for a code).")
    code: str = Field(description="GeoNames admin-1 code, if no name.")
    country: str
    events: Count
    fatalities: Count


class Change(Body):
    """events/domain/trends.py `Change.as_dict`."""

    current: Count
    previous: Count
    difference: int
    percent: float | None = Field(description="null when the previous window had none.")
    flag: Flag


class WindowChange(Body):
    date_from: dt.date
    date_to: dt.date
    previous_from: dt.date
    previous_to: dt.date
    events: Change
    fatalities: Change


class Trends(Body):
    bucket: TrendBucket
    date_from: dt.date | None
    date_to: dt.date | None
    total: Totals
    event_types: list[str] = Field(description="Those with events, in ACLED's order.")
    periods: list[TrendPeriod]
    actors: list[TopActor]
    countries: list[TopCountry]
    admin1: list[TopAdmin1]
    change: WindowChange | None = Field(
        description="The window against the one of the same length just before it; null "
        "without a date_from. Flags: doubling or halving is large, a quarter more or a fifth "
        "less is an increase or decrease, and a difference within two standard deviations "
        "of Poisson noise (2 sqrt(current + previous)) is stable."
    )


class OpenApiDocument(BaseModel):
    """This document (its own schema is the OpenAPI specification's)."""

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
