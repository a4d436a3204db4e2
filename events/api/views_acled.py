"""The ACLED-shaped API (docs/api-compat.md): /api/acled/read (and .csv) and /api/deleted/read,
answering ACLED's parameters in ACLED's envelope, under our publication and dataset rules.

Thin, as every view: the parameters are translated by events/api/acled_params.py (through our
one filter where they coincide), the events selected with `Event.objects.matching`, the rows
written by events/selectors/acled.py. Errors use ACLED's envelope, `{"status": 400, "success":
false, "error": [{"message": ...}]}`, with our `errors` object naming each parameter beside it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.views.decorators.http import require_safe

from events.api.acled_params import AcledQuery, acled_query_parse, value_matches
from events.api.httpcache import conditional
from events.api.params import event_filter_parse
from events.api.tokens import token_authenticated
from events.domain import acled_api as A
from events.domain.filters import ERR_UNKNOWN_PARAM, EventFilter, FilterError
from events.models import Event, may_see_unpublished
from events.selectors.acled import acled_annotate, acled_csv, acled_page, acled_row, withdrawn

# Our filter's parameter names -> the ACLED parameter a client gave (for its 400s).
_ACLED_NAME = {"date_from": "event_date", "date_to": "event_date"}


def acled_error(errors: dict[str, str], status: int = 400) -> JsonResponse:
    messages = [{"message": f"{name}: {text}"} for name, text in errors.items()]
    body = {"status": status, "success": False, "error": messages, "errors": errors}
    return JsonResponse(body, status=status)


def acled_unauthorized(message: str) -> JsonResponse:
    return acled_error({"Authorization": message}, status=401)


def _parsed(request: HttpRequest, fmt: str | None) -> tuple[AcledQuery, EventFilter] | JsonResponse:
    try:
        query = acled_query_parse(request.GET, fmt=fmt)
    except FilterError as exc:
        return acled_error(exc.errors)
    try:
        f = event_filter_parse(query.filter_params, is_staff=may_see_unpublished(request.user))
    except FilterError as exc:
        return acled_error({_ACLED_NAME.get(k, k): v for k, v in exc.errors.items()})
    return query, f


def _read(request: HttpRequest, fmt: str | None) -> HttpResponseBase:
    parsed = _parsed(request, fmt)
    if isinstance(parsed, JsonResponse):
        return parsed
    query, f = parsed
    events = acled_annotate(Event.objects.matching(f)).filter(query.q)
    rows = [acled_row(e, query.fields) for e in acled_page(events, **_paging(query))]
    if query.fmt == "csv":
        return HttpResponse(acled_csv(rows, query.fields), content_type="text/csv; charset=utf-8")
    body = {"status": 200, "success": True, "count": len(rows), "messages": [], "data": rows}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _paging(query: AcledQuery) -> dict[str, int]:
    return {"limit": query.limit, "page": query.page}


@require_safe
@token_authenticated(acled_unauthorized)
@conditional
def acled_read(request: HttpRequest) -> HttpResponseBase:
    return _read(request, None)


@require_safe
@token_authenticated(acled_unauthorized)
@conditional
def acled_read_csv(request: HttpRequest) -> HttpResponseBase:
    return _read(request, "csv")


DELETED_FIELDS = ("event_id_cnty", "deleted_timestamp")


@require_safe
@token_authenticated(acled_unauthorized)
@conditional
def deleted_read(request: HttpRequest) -> HttpResponseBase:
    """What a copy of /api/acled/read must drop: `deleted_timestamp` (>= by default, or
    `deleted_timestamp_where`), `event_id_cnty` (LIKE), `limit`, `page`, `_format`."""
    errors, filters, query = _deleted_params(request.GET)
    if errors:
        return acled_error(errors)
    rows = [
        {"event_id_cnty": ident, "deleted_timestamp": str(when)}
        for ident, when in withdrawn(staff=may_see_unpublished(request.user))
        if all(keep(ident, when) for keep in filters)
    ]
    start = (query.page - 1) * query.limit
    rows = rows[start : start + query.limit]
    if query.fmt == "csv":
        return HttpResponse(acled_csv(rows, DELETED_FIELDS), content_type="text/csv; charset=utf-8")
    return JsonResponse({"status": 200, "success": True, "count": len(rows), "data": rows})


def _deleted_params(params: QueryDict) -> tuple[dict[str, str], list, AcledQuery]:
    """The deleted endpoint's parameters: its two fields, checked by the read endpoint's parser
    (the same operators, `|`, paging and format; deleted_timestamp read as its timestamp, the
    same epoch rules), then compared here with the same comparisons."""
    errors: dict[str, str] = {}
    renamed = QueryDict(mutable=True)
    for name in params:
        if name.removesuffix("_where") not in DELETED_FIELDS and name not in _DELETED_CONTROL:
            errors[name] = ERR_UNKNOWN_PARAM
        elif name.startswith("deleted_timestamp"):
            renamed.setlist(name.removeprefix("deleted_"), params.getlist(name))
        else:
            renamed.setlist(name, params.getlist(name))
    query = AcledQuery(filter_params=QueryDict())
    try:
        query = acled_query_parse(renamed)
    except FilterError as exc:
        errors |= {_DELETED_NAME.get(k, k): v for k, v in exc.errors.items()}
    filters = []
    if "timestamp" in renamed and not errors:
        op, values = _op_values(renamed, "timestamp", A.GE)
        # Compared as zero-padded text (value_matches compares text): epochs from 0 to 10^15.
        numbers = [f"{min(max(int(v), 0), 10**15 - 1):015d}" for v in values]
        filters.append(lambda _i, when: value_matches(op, numbers, f"{max(when, 0):015d}"))
    if "event_id_cnty" in params and not errors:
        op, values = _op_values(params, "event_id_cnty", A.LIKE)
        filters.append(lambda ident, _w: value_matches(op, values, ident))
    return errors, filters, query


_DELETED_CONTROL = frozenset({"limit", "page", "_format", "key", "email", "terms"})
_DELETED_NAME = {"timestamp": "deleted_timestamp", "timestamp_where": "deleted_timestamp_where"}


def _op_values(params: QueryDict, name: str, default: str) -> tuple[str, list[str]]:
    op = params.get(f"{name}_where", default).strip().upper()
    return op, [v.strip() for v in params.get(name, "").split(A.SEPARATOR)]
