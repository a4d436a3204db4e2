"""The OpenAPI document's `components/schemas`, generated from the response models of
events/api/schemas.py and schemas_compat.py, and the `$ref` by which a path names one."""

from __future__ import annotations

import copy
from functools import cache

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from pydantic_core import CoreSchema

from events.api import schemas as S
from events.api import schemas_compat as C

REF_TEMPLATE = "#/components/schemas/{model}"

# Every body a path answers with; the models they nest (Point, EventSource...) come along.
BODIES: tuple[type[BaseModel], ...] = (
    S.EventCollection,
    S.EventFeatureMaybeUnlocated,
    S.MapView,
    S.Actors,
    S.Facets,
    S.FacetsWithFatalities,
    S.Timeline,
    S.Trends,
    S.Datasets,
    S.Errors,
    S.OpenApiDocument,
    C.AcledPage,
    C.AcledDeletedPage,
    C.AcledError,
    C.GedPage,
    C.TileJson,
)


class _Generator(GenerateJsonSchema):
    """Pydantic's generator without the fields' titles: they only repeat the names ("Event
    Type" for event_type). The models' titles and docstrings stay."""

    def field_title_should_be_set(self, schema: CoreSchema) -> bool:
        return False


@cache
def _generated() -> dict[str, dict]:
    # Serialization mode: the bodies as written, not as a client would send them.
    _, top = models_json_schema(
        [(model, "serialization") for model in BODIES],
        ref_template=REF_TEMPLATE,
        schema_generator=_Generator,
    )
    return top["$defs"]


def component_schemas() -> dict[str, dict]:
    """The schemas, by model name: a copy, so one document's changes never reach the next."""
    return copy.deepcopy(_generated())


def ref(model: type[BaseModel]) -> dict:
    """The schema of a path's body: a reference to its model's component."""
    name = model.__name__
    assert model in BODIES and name in _generated(), name
    return {"$ref": REF_TEMPLATE.format(model=name)}
