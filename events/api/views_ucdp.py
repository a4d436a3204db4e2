"""The UCDP-shaped API (docs/api-compat.md): /api/gedevents/<version>, GED's parameters
(`pagesize`, `page` from 0, `StartDate`, `EndDate`, `Country` as Gleditsch-Ward codes,
`TypeOfViolence`) and its page envelope (`TotalCount`, `TotalPages`, `PreviousPageUrl`,
`NextPageUrl`, `Result`), under our publication and dataset rules.

The dates and countries go through our one filter (`event_filter_parse`), so they select as the
map does; the records are written by events/selectors/ucdp.py. Any version is accepted (a
client names the GED release it was written for, 25.1 say): we serve our events as they are
now, whatever release it names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponseBase, JsonResponse, QueryDict
from django.views.decorators.http import require_safe

from events.api.httpcache import conditional
from events.api.params import event_filter_parse
from events.api.tokens import plain_unauthorized, token_authenticated
from events.domain import ucdp as U
from events.domain.countries import codes_for_gw
from events.domain.filters import ERR_UNKNOWN_PARAM, EventFilter, FilterError
from events.models import Event, may_see_unpublished
from events.selectors.ucdp import ged_events, ged_page, ged_record, ged_violence_q

PARAMS = frozenset({"pagesize", "page", "StartDate", "EndDate", "Country", "TypeOfViolence"})
# Our filter's names -> GED's, for the 400s; `status` (staff) and the credentials pass.
_GED_NAME = {"date_from": "StartDate", "date_to": "EndDate", "country": "Country"}
_PASSED = frozenset({"status", "key", "email"})


def _whole(params: QueryDict, name: str, low: int, high: int, default: int, errors: dict) -> int:
    values = params.getlist(name)
    if not values:
        return default
    text = values[0].strip()
    if len(values) > 1 or not re.fullmatch(r"[0-9]{1,9}", text) or not low <= int(text) <= high:
        errors[name] = U.ERR_PAGESIZE if name == "pagesize" else U.ERR_PAGE
        return default
    return int(text)


def _codes(params: QueryDict, name: str, errors: dict, message: str) -> list[int] | None:
    """A comma-separated list of whole numbers, given once; None when absent."""
    values = params.getlist(name)
    if not values:
        return None
    parts = [p.strip() for p in values[0].split(",")]
    if len(values) > 1 or len(parts) > 50 or not all(re.fullmatch(r"[0-9]{1,4}", p) for p in parts):
        errors[name] = message
        return None
    return [int(p) for p in parts]


@dataclass
class _Asked:
    f: EventFilter
    violence: list[int] | None
    pagesize: int
    page: int


def _asked(params: QueryDict, *, staff: bool) -> _Asked | dict[str, str]:
    """The request's parameters checked (all errors at once, by parameter), the dates and
    countries as our filter."""
    errors: dict[str, str] = {}
    for name in params:
        if name not in PARAMS | _PASSED:
            errors[name] = ERR_UNKNOWN_PARAM
    pagesize = _whole(params, "pagesize", 1, U.MAX_PAGESIZE, U.DEFAULT_PAGESIZE, errors)
    page = _whole(params, "page", 0, 10_000_000, 0, errors)
    ours = QueryDict(mutable=True)
    for ged, own in (("StartDate", "date_from"), ("EndDate", "date_to"), ("status", "status")):
        if ged in params:
            ours.setlist(own, params.getlist(ged))
    _countries(params, ours, errors)
    violence = _codes(params, "TypeOfViolence", errors, U.ERR_VIOLENCE)
    if violence is not None and not set(violence) <= set(U.VIOLENCE_TYPES):
        errors["TypeOfViolence"] = U.ERR_VIOLENCE
    try:
        f = event_filter_parse(ours, is_staff=staff)
    except FilterError as exc:
        errors |= {_GED_NAME.get(k, k): v for k, v in exc.errors.items() if k not in errors}
    if errors:
        return errors
    return _Asked(f, violence, pagesize, page)


def _countries(params: QueryDict, ours: QueryDict, errors: dict[str, str]) -> None:
    """GED's Country (Gleditsch-Ward codes) as our filter's ISO codes; an unknown code is an
    error (it would otherwise select nothing, or everything)."""
    countries = _codes(params, "Country", errors, U.ERR_COUNTRY)
    if countries is None:
        return
    found = [codes_for_gw(gw) for gw in countries]
    if not all(found):
        errors["Country"] = U.ERR_COUNTRY
    ours["country"] = ",".join(iso for isos in found for iso in isos)


@require_safe
@token_authenticated(plain_unauthorized)
@conditional
def ged_events_api(request: HttpRequest, version: str) -> HttpResponseBase:
    asked = _asked(request.GET, staff=may_see_unpublished(request.user))
    if isinstance(asked, dict):
        return JsonResponse({"errors": asked}, status=400)
    events = ged_events(Event.objects.matching(asked.f))
    if asked.violence:
        events = events.filter(ged_violence_q(asked.violence))
    total = events.count()
    pages = math.ceil(total / asked.pagesize)
    page = asked.page
    result = [ged_record(e) for e in ged_page(events, pagesize=asked.pagesize, page=page)]

    def url(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["pagesize"] = str(asked.pagesize)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    body = {
        "TotalCount": total,
        "TotalPages": pages,
        "PreviousPageUrl": url(page - 1) if 0 < page <= pages else "",
        "NextPageUrl": url(page + 1) if page + 1 < pages else "",
        "Result": result,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
