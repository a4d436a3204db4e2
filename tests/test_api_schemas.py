"""The response models of events/api/schemas.py bound to the code that writes each body.

The OpenAPI document's schemas are generated from those models; the writers (the GeoJSON's
`_feature` first: the hot loop of every download, a dict literal never routed through pydantic)
are bound to them here: on real rows, each body validates against its model (strict: no key it
does not declare, every key it declares) and carries its keys in the model's order, at every
level. A key added to, dropped from or moved in a writer without its model fails here."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest
from pydantic import BaseModel
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from events.api import schemas as S
from events.api import schemas_compat as C
from events.api.openapi import openapi_document
from events.api.openapi_components import BODIES, component_schemas
from events.models import Event
from events.selectors.clusters import clusters
from events.selectors.exports import (
    FEATURE_FIELDS,
    _chunks,
    _feature,
    _sources_add,
    event_url_template,
    geojson_features,
    geojson_features_at_most,
)

AL_BAB = "seed-2017-01-18-al-bab-joint-strikes"


def assert_written_as_declared(model: type[BaseModel], value: Any) -> BaseModel:
    """`value` (a body as its writer made it) validates against `model`, and every object in it
    lists its keys in the order its model declares them."""
    instance = model.model_validate(value)
    _same_order(instance, value)
    return instance


def _same_order(declared: Any, written: Any) -> None:
    if isinstance(declared, BaseModel):
        assert isinstance(written, dict), written
        names = list(type(declared).model_fields)
        assert list(written) == names, (type(declared).__name__, list(written), names)
        for name in names:
            _same_order(getattr(declared, name), written[name])
    elif isinstance(declared, list):
        for d, w in zip(declared, written, strict=True):
            _same_order(d, w)
    elif isinstance(declared, dict):
        for key, d in declared.items():
            _same_order(d, written[key])


def body(response) -> Any:
    assert response.status_code == 200, response
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(raw)


def test_feature_is_written_as_declared(seeded, seed_event):
    """`_feature` itself, on a real row (as the downloads read it), keys and values."""
    event = seed_event(AL_BAB)
    queryset = Event.objects.filter(pk=event.pk)
    [(chunk, actors)] = list(_chunks(queryset, FEATURE_FIELDS))
    sources: dict = {}
    cited = _sources_add(sources, chunk)
    feature = _feature(chunk[0], actors, event_url_template(), sources, cited)
    assert feature["properties"]["sources"] and feature["properties"]["actors"]
    assert list(feature["properties"]) == list(S.EventProperties.model_fields)
    assert_written_as_declared(S.EventFeature, feature)


def test_every_feature_of_the_seeds_is_written_as_declared(seeded):
    """Every seed event, unlocated ones included, through each of `_feature`'s callers."""
    every = [
        f for chunk in geojson_features(Event.objects.all(), located_only=False) for f in chunk
    ]
    assert any(f["geometry"] is None for f in every)
    for feature in every:
        assert_written_as_declared(S.EventFeatureMaybeUnlocated, feature)
    located = geojson_features_at_most(Event.objects.all(), 1000)
    assert located
    for feature in located:
        assert_written_as_declared(S.EventFeature, feature)


def test_the_api_bodies_are_written_as_declared(seeded, client, staff_user):
    client.force_login(staff_user)  # drafts and staff-only datasets too
    window = {"date_from": "2016-01-01", "date_to": "2017-12-31"}
    assert_written_as_declared(S.EventCollection, body(client.get("/api/events.geojson")))
    events = body(client.get("/api/map.json", {"zoom": 12}))
    assert events["mode"] == "events"
    assert_written_as_declared(S.MapView, events)
    # Eight seed events are never too many to show one by one: the cells' writer, directly.
    cells = clusters(Event.objects.located(), 0)
    assert cells
    for cell in cells:
        assert_written_as_declared(S.ClusterFeature, cell)
    actors = body(client.get("/api/actors.json"))
    assert type(assert_written_as_declared(S.Actors, actors).actors[0]) is S.ActorCount
    named = body(client.get("/api/actors.json", {"search": "ISIS"}))
    assert type(assert_written_as_declared(S.Actors, named).actors[0]) is S.ActorMatch
    assert_written_as_declared(S.Facets, body(client.get("/api/facets.json")))
    summed = body(client.get("/api/facets.json", {"sum": "fatalities"}))
    assert_written_as_declared(S.FacetsWithFatalities, summed)
    assert_written_as_declared(S.Timeline, body(client.get("/api/timeline.json")))
    assert_written_as_declared(S.Timeline, body(client.get("/api/timeline.json", window)))
    trends = assert_written_as_declared(S.Trends, body(client.get("/api/trends.json", window)))
    assert isinstance(trends, S.Trends) and trends.change and trends.admin1 and trends.actors
    assert_written_as_declared(S.Datasets, body(client.get("/api/datasets.json")))
    assert_written_as_declared(C.TileJson, body(client.get("/tiles/tiles.json")))
    refused = client.get("/api/events.geojson", {"nope": "1"})
    assert refused.status_code == 400
    assert_written_as_declared(S.Errors, refused.json())
    assert_written_as_declared(S.Errors, client.get("/events/0.json").json())


def test_the_compat_bodies_are_written_as_declared(seeded, client):
    page = body(client.get("/api/acled/read", {"limit": 5}))
    assert page["data"]
    assert_written_as_declared(C.AcledPage, page)
    assert_written_as_declared(C.AcledDeletedPage, body(client.get("/api/deleted/read")))
    refused = client.get("/api/acled/read", {"limit": "x"})
    assert refused.status_code == 400
    assert_written_as_declared(C.AcledError, refused.json())
    assert_written_as_declared(C.GedPage, body(client.get("/api/gedevents/25.1")))
    refused = client.get("/api/gedevents/25.1", {"pagesize": "x"})
    assert refused.status_code == 400
    assert_written_as_declared(S.Errors, refused.json())


def test_the_document_is_openapi_31_with_the_generated_schemas():
    document = openapi_document("")
    OPENAPI_31_VALIDATOR.validate(document)
    generated = component_schemas()
    assert document["components"]["schemas"] == generated
    assert {m.__name__ for m in BODIES} <= set(generated)
    for name, schema in generated.items():
        assert jsonschema_rs.meta.is_valid(schema), name
    # The strictness the downloads' clients rely on: no property undeclared, each one required.
    properties = generated["EventProperties"]
    assert properties["additionalProperties"] is False
    assert (
        properties["required"]
        == list(properties["properties"])
        == list(S.EventProperties.model_fields)
    )
    assert {"geo_precision", "quote"} <= set(properties["required"])


@pytest.mark.parametrize("model", BODIES, ids=lambda m: m.__name__)
def test_every_declared_body_is_what_a_path_answers(model):
    """Each declared body is what some path answers with (a model no path names is dead)."""
    document = openapi_document("")
    wanted = f"#/components/schemas/{model.__name__}"
    assert f'"{wanted}"' in json.dumps(document["paths"]), model
