"""The response bodies of the ACLED- and UCDP-shaped APIs (docs/api-compat.md) and of the tiles'
TileJSON, declared once as pydantic models (beside schemas.py, whose rules they follow: strict,
every field required, the OpenAPI schemas generated from them by openapi.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from events.api.schemas import Body, Count

# An event as ACLED's API writes it: every value a string (or null).
AcledRow = dict[str, str | None]


class AcledMessage(Body):
    message: str


class AcledError(Body):
    """ACLED's error shape (events/api/views_acled.py `acled_error`), with our `errors` object
    naming each parameter beside it."""

    status: int
    success: Literal[False]
    error: list[AcledMessage]
    errors: dict[str, str]


class AcledPage(Body):
    """A page of /api/acled/read, as ACLED's API answers."""

    status: Literal[200]
    success: Literal[True]
    count: Count
    messages: list[str]
    data: list[AcledRow]


class AcledDeletedPage(Body):
    """A page of /api/deleted/read: ACLED's, without `messages`."""

    status: Literal[200]
    success: Literal[True]
    count: Count
    data: list[AcledRow]


class GedPage(Body):
    """UCDP GED's page envelope (events/api/views_ucdp.py)."""

    TotalCount: Count
    TotalPages: Count
    PreviousPageUrl: str
    NextPageUrl: str
    Result: list[dict[str, Any]] = Field(description="GED's records (events/selectors/ucdp.py).")


class VectorLayer(Body):
    id: str
    fields: dict[str, str] = Field(description="Each property's type (Number, String...).")
    minzoom: int
    maxzoom: int


class TileJson(Body):
    """TileJSON 3.0.0 (events/api/tiles.py `tilejson`)."""

    tilejson: Literal["3.0.0"]
    name: str
    scheme: Literal["xyz"]
    tiles: Annotated[list[str], Field(min_length=1)]
    minzoom: int
    maxzoom: int
    bounds: Annotated[list[float], Field(min_length=4, max_length=4)]
    vector_layers: list[VectorLayer]
    attribution: str
