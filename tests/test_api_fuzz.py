"""API fuzzing on the seed events: every parameter of every public endpoint, over 10,000 requests.

Two sources of requests:

- schemathesis, driven by our own /api/openapi.json (loaded in-process from the WSGI app): its
  deterministic coverage cases (boundaries, wrong types, missing and unknown parameters) and
  hypothesis-generated cases, valid and schema-violating, for every operation;
- hypothesis strategies of our own for what a schema does not describe: unknown, repeated and
  empty parameters, huge values, unicode with NUL and control characters, malformed bbox, date
  and number strings, raw query strings that are not even valid percent-encoding or UTF-8,
  negative and huge ids, the map page. Each generated query goes to every endpoint it fits.

The properties, on every response: never a 5xx; a refusal is a 400 (a 404 for an unknown id)
whose JSON body names each offending parameter with a non-empty message, every parameter that is
certainly wrong among them; a 2xx conforms to the schema (schemathesis's checks) or parses.

Each test counts the requests it makes and asserts its quota; test_quotas_add_up_to_10000
asserts that the quotas add up to at least 10,000 (the suite runs once per database).
Reproducible: derandomized, and no example database written; the hostile queries, most of the
requests, are drawn from a seed of the lane's (TEST_LANE), so the SpatiaLite and PostGIS runs
of `make test` send different ones (5,600 each) and the two explore 11,200 between them.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import logging
import os
import re
import urllib.parse
from collections import Counter

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, note, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from events.api.openapi import openapi_document
from events.domain.filters import MAX_TEXT, MAX_VALUES, PARAMETERS, ROLE_CHOICES, STATUS_CHOICES
from events.domain.vocabulary import EVENT_TAXONOMY
from events.models import Event

# --- what the API is ---------------------------------------------------------------------------

# Filter endpoints and the parameters each takes beyond the filter's own.
FILTER_ENDPOINTS = {
    "/api/events.geojson": ("download",),
    "/api/events.csv": ("download",),
    "/api/actors.json": ("search",),
    "/api/facets.json": ("sum",),
    "/api/timeline.json": ("bucket",),
    "/api/trends.json": ("bucket",),
    "/api/map.json": ("zoom",),
    "/api/snapshot.html": (),
}
REQUIRED = {"/api/map.json": {"zoom"}}
JSON_BODIES = (
    "/api/actors.json",
    "/api/facets.json",
    "/api/timeline.json",
    "/api/trends.json",
    "/api/map.json",
    "/api/events.geojson",
)
# Parameters that may be given at most once, and those whose values are split on commas.
SINGLE = {n for n, (_, repeatable, _) in PARAMETERS.items() if not repeatable}
SINGLE |= {"download", "bucket", "zoom", "search"}
COMMA_LISTS = {"actor", "country", "status"}
DOCUMENT = openapi_document("")
# The GIS downloads take the GeoJSON download's path through views._download (its filter, flag
# and 400s, fuzzed here on /api/events.geojson); each answer starts GDAL in a child process,
# which hundreds of cases per format would make minutes. test_downloads_gis_formats.py has them.
GIS_DOWNLOADS = {"/api/events.gpkg", "/api/events.fgb", "/api/events.kml", "/api/events.parquet"}
OPERATIONS = sorted(set(DOCUMENT["paths"]) - GIS_DOWNLOADS)


def has_parameters(path: str) -> bool:
    return bool(DOCUMENT["paths"][path]["get"].get("parameters"))


# --- the request budget ------------------------------------------------------------------------

# schemathesis's coverage cases are deterministic: 199 to 261 per filter endpoint (4.32.5).
COVERAGE_MIN = {p: 190 if p in FILTER_ENDPOINTS else 2 for p in OPERATIONS}
COVERAGE_MIN |= {"/events/{id}/": 9, "/events/{id}.json": 9}
FUZZ_EXAMPLES = 25  # per operation and generation mode (valid, schema-violating)
HOSTILE_EXAMPLES = 700  # each sent to the 8 filter endpoints
# The hostile queries' seed: one per lane of scripts/test.sh, the same on every run of a lane.
HOSTILE_SEED = {"spatialite": 1, "postgis": 2}.get(os.environ.get("TEST_LANE", ""), 0)
RAW_EXAMPLES = 120  # each sent to the 8 filter endpoints, 3 pages and openapi.json
ID_EXAMPLES = 200  # each sent to the event's page and its .json
HUGE_EXAMPLES = 25  # each sent to the 8 filter endpoints
QUOTAS = {
    "coverage": sum(COVERAGE_MIN.values()),
    "schemathesis": sum(FUZZ_EXAMPLES * (2 if has_parameters(p) else 0) or 1 for p in OPERATIONS),
    "hostile": HOSTILE_EXAMPLES * len(FILTER_ENDPOINTS),
    "raw": RAW_EXAMPLES * (len(FILTER_ENDPOINTS) + 4),
    "ids": ID_EXAMPLES * 2,
    "huge": HUGE_EXAMPLES * len(FILTER_ENDPOINTS),
}

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(autouse=True)
def quiet_refusals(caplog):
    """Thousands of 400s and 404s: log only errors (a 500 still shows with its traceback)."""
    caplog.set_level(logging.ERROR, logger="django.request")


def test_quotas_add_up_to_10000():
    """Every fuzz test asserts it made at least its quota of requests: they add up to 10,000."""
    assert sum(QUOTAS.values()) >= 10_000, QUOTAS


# --- properties --------------------------------------------------------------------------------


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_refusal(status: int, content: bytes, *, sent: set[str], allowed: set[str]) -> dict:
    """A 4xx: a JSON body {"errors": {name: message}}, each name one the request gave (or one
    it should have), each message non-empty. Returns the errors."""
    errors = json.loads(content)["errors"]
    assert isinstance(errors, dict) and errors, errors
    for name, message in errors.items():
        assert isinstance(message, str) and message.strip(), (name, message)
    assert set(errors) <= sent | allowed, (status, errors, sent)
    return errors


def certainly_wrong(path: str, pairs: list[tuple[str, str]]) -> set[str]:
    """The parameters of this request an endpoint must refuse whatever the database holds."""
    allowed = set(PARAMETERS) | set(FILTER_ENDPOINTS[path])
    wrong = {name for name, _ in pairs if name not in allowed}
    counts = Counter(name for name, _ in pairs)
    wrong |= {name for name, n in counts.items() if n > 1 and name in SINGLE}
    values: Counter[str] = Counter()
    for name, value in pairs:
        if name not in PARAMETERS and name != "search":
            continue
        parts = value.split(",") if name in COMMA_LISTS else [value]
        values[name] += len(parts)
        if any(not p.strip() or len(p.strip()) > MAX_TEXT for p in parts) or "\x00" in value:
            wrong.add(name)
    return wrong | {name for name, n in values.items() if n > MAX_VALUES}


def harness_frozen() -> None:
    """Move what hypothesis has built so far (its tree of every example run) out of the
    collector's sight, as a server freezes its startup objects: the full collection each heavy
    answer ends with (events/api/limits.py) would otherwise rescan it, growing with every example,
    for a third of this file's time. O(1): the generations are spliced onto the frozen one."""
    gc.freeze()


def check_filter_response(path: str, pairs: list[tuple[str, str]], response) -> None:
    status, content = response.status_code, body_of(response)
    assert status < 500, (path, status, content[:500])
    wrong = certainly_wrong(path, pairs)
    if status == 200:
        assert not wrong, f"{path} accepted {wrong}"
        if path in JSON_BODIES:
            json.loads(content)
        return
    assert status == 400, (path, status)
    allowed = REQUIRED.get(path, set()) | ({"snapshot"} if path.endswith(".html") else set())
    errors = assert_refusal(status, content, sent={n for n, _ in pairs}, allowed=allowed)
    assert wrong <= set(errors), (path, wrong, errors)


def rejections_name_parameters(ctx, response, case) -> None:
    """schemathesis check: any 4xx is a 400 (404 for an event id) naming what was wrong."""
    status = response.status_code
    if status < 400:
        return None
    path = case.operation.path
    is_event = path.startswith("/events/")
    if path.startswith("/tiles/{z}") and status == 404:  # a z, x or y with "/": no such route
        return None
    assert status == (404 if is_event else 400), f"{status} for {path}"
    if path.endswith("/"):  # the event's HTML page: Django's 404 page
        return None
    # A tile's z, x and y are in its path, and its 400 names them.
    sent = set(case.query or {}) | ({"id"} if is_event else set()) | set(case.path_parameters or {})
    allowed = REQUIRED.get(path, set()) | ({"snapshot"} if path.endswith(".html") else set())
    assert_refusal(status, response.content, sent=sent, allowed=allowed)
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

# --- schemathesis, driven by /api/openapi.json -------------------------------------------------


@functools.cache
def wsgi() -> object:
    return get_wsgi_application()


@pytest.fixture
def wsgi_app(seeded):
    """The real WSGI app, called in-process inside the test's transaction: like Django's test
    client, keep request_started/finished from closing the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield wsgi()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    assert sorted(set(schema) - GIS_DOWNLOADS) == OPERATIONS
    return schema


def test_openapi_describes_every_route_and_parameter():
    """Every route but the map page, every filter parameter and each endpoint's own."""
    from events.urls import urlpatterns

    routes = {
        "/" + re.sub(r"<\w+:(\w+)>", r"{\1}", str(p.pattern)).replace("{pk}", "{id}")
        for p in urlpatterns
    }
    assert routes - set(OPERATIONS) - GIS_DOWNLOADS == {"/"}  # the map page is a page
    assert set(DOCUMENT["paths"]) >= GIS_DOWNLOADS
    for path, extra in FILTER_ENDPOINTS.items():
        names = {p["name"] for p in DOCUMENT["paths"][path]["get"]["parameters"]}
        assert names == set(PARAMETERS) | set(extra), path


def test_schemathesis_coverage(api_schema):
    """schemathesis's deterministic coverage cases, valid and not, for every operation."""
    made = Counter()
    for path in OPERATIONS:
        operation = api_schema[path]["GET"]
        for case in api_schema.iter_coverage_cases(
            operation,
            generation_modes=list(GenerationMode),
            generation_config=api_schema.config.generation_for(operation=operation),
        ):
            if case.method != "GET":  # its unexpected-method probes: a 405 is right for those
                continue
            harness_frozen()
            response = case.call()
            made[path] += 1
            case.validate_response(
                response, checks=CHECKS, additional_checks=[rejections_name_parameters]
            )
    for path in OPERATIONS:
        assert made[path] >= COVERAGE_MIN[path], (path, made[path])
    assert made.total() >= QUOTAS["coverage"]


@pytest.mark.parametrize("path", OPERATIONS)
def test_schemathesis_fuzz(api_schema, path):
    """Generated cases for each operation: valid ones and schema-violating ones."""
    operation = api_schema[path]["GET"]
    made = Counter()
    modes = list(GenerationMode) if has_parameters(path) else [GenerationMode.POSITIVE]
    for mode in modes:

        @settings(FUZZ, max_examples=FUZZ_EXAMPLES)
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            harness_frozen()
            response = case.call()
            made[case.meta.generation.mode] += 1
            case.validate_response(
                response, checks=CHECKS, additional_checks=[rejections_name_parameters]
            )

        run()
    # Without parameters there is one request to make; hypothesis sees that and stops.
    assert made.total() >= (FUZZ_EXAMPLES * len(modes) if has_parameters(path) else 1)


# --- our own strategies: what the schema does not describe -------------------------------------

ACTORS = ["ISIS", "islamic-state", "Daesh", "russia", "Russian jets", "turkey", "syria", "iran"]
ACTORS += ["SAA", "free-syrian-army", "YPG", "united-states", "U.S.", "al-Nusra Front"]
TYPES = list(EVENT_TAXONOMY)
SUB_TYPES = sorted({s for subs in EVENT_TAXONOMY.values() for s in subs})
TRICKY_TEXT = ["%", "_", "'", '"', "\\", "%%", "a%b_c", "Al Bāb", "ДАИШ", "داعش", "Ⅸ", "ß", "ǅ"]
MALFORMED = [
    # numbers
    "-1", "+1", "1.5", "1e3", "0x10", "1_000", "9" * 30, "-0", "NaN", "inf", "-inf", "23", "-23",
    "99999999999999999999999999999999", " 5 ", "5\x00", "\u0663", "\u00b2",  # Arabic 3, squared
    # dates
    "2017-02-30", "2017-13-01", "20170101", "2017-1-1", "0000-01-01", "10000-01-01",
    "2017-01-01T00:00", "2017-W01-1", "2017-001", "2017-01-01\x00", "-2017-01-01",
    "\u0662\u0660\u0661\u0667-\u0660\u0661-\u0660\u0661",  # in Arabic-Indic digits
    # boxes
    "1,2,3", "1,2,3,4,5", "nan,0,1,1", "inf,-inf,1,1", "0,0,0,0", "10,0,0,10", "-181,0,0,1",
    "0,-91,1,0", "1e308,1e308,1e309,1e309", "0,0,1e-300,1e-300", ",,,", "a,b,c,d",
    "1,2,3,4,", " 1 , 2 , 3 , 4 ", "1;2;3;4",
    # text
    "", " ", ",", ",,", "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\U0001f4a3", "NULL",
    "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd", "a\u0301",
]  # fmt: skip


def _case_variants(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.lower(), text.upper(), f" {text} "])


def _box(lon: st.SearchStrategy, lat: st.SearchStrategy) -> st.SearchStrategy[str]:
    corners = st.tuples(lon, lon, lat, lat).map(
        lambda t: (min(t[0], t[1]), min(t[2], t[3]), max(t[0], t[1]), max(t[2], t[3]))
    )
    return corners.map(lambda c: ",".join(map(str, c)))


# Any unicode (combining marks, astral planes...), and text with a NUL or control character in it.
CONTROL = ["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\u200b", "\u2028", "\ufffe"]
text = st.text(max_size=12) | st.tuples(
    st.text(max_size=6), st.sampled_from(CONTROL), st.text(max_size=6)
).map("".join)
# Digits that are not 0-9: Arabic-Indic, superscripts (str.isdigit, yet int() refuses), circled.
digits = st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=3)
# Values the endpoints may well accept, near their edges: these reach the queries.
PLAUSIBLE = {
    "actor": st.sampled_from(ACTORS)
    | st.lists(st.sampled_from(ACTORS), min_size=1, max_size=3).map(",".join)
    | text,
    "role": st.sampled_from(ROLE_CHOICES),
    "event_type": st.sampled_from(TYPES).flatmap(_case_variants),
    "sub_event_type": st.sampled_from(SUB_TYPES).flatmap(_case_variants),
    "country": st.sampled_from(["SY", "sy", "KZ", "TR", "IQ", "SY,KZ"])
    | st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    "date_from": st.dates().map(dt.date.isoformat),
    "date_to": st.dates().map(dt.date.isoformat),
    "bbox": _box(st.floats(-180, 180), st.floats(-90, 90))
    | _box(st.integers(-180, 180), st.integers(-90, 90))
    | st.sampled_from(["35,32,42,37.5", "-180,-90,180,90", "37,36,38,37", "60,40,80,60"]),
    "q": text | st.sampled_from(TRICKY_TEXT + ACTORS + ["Palmyra", "deir ez-zor", "ISIL"]),
    "min_fatalities": st.integers(0, 10**10).map(str) | digits,
    "status": st.sampled_from([*STATUS_CHOICES, "all", "VERIFIED", "verified,verified"]),
    "download": st.sampled_from(["0", "1", "true", "false"]),
    "bucket": st.sampled_from(["day", "week", "month"]),
    "zoom": st.integers(0, 24).map(str) | digits,
    "search": text | st.sampled_from(TRICKY_TEXT + ACTORS + ["IS", "داعش", "État islamique"]),
    "sum": st.sampled_from(["fatalities", "FATALITIES", "events"]),
}
# Anything at all, and what breaks parsers.
HOSTILE = st.one_of(
    st.sampled_from(MALFORMED),
    digits,
    text,
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),
    st.lists(st.one_of(st.floats().map(str), st.integers(-200, 200).map(str)), max_size=5).map(
        ",".join
    ),
    st.integers(MAX_TEXT - 1, 3000).map(lambda n: "é" * n),
)
NAMES = [*sorted(PARAMETERS), "download", "bucket", "zoom", "search", "sum"]
ODD_NAMES = ["", "Actor", "actor[]", "foo", "q ", "x" * 300, "csrfmiddlewaretoken"]


@st.composite
def plausible_pairs(draw, names) -> list[tuple[str, str]]:
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=4))
    return [(name, draw(PLAUSIBLE[name])) for name in chosen]


@st.composite
def hostile_pairs(draw) -> list[tuple[str, str]]:
    """Known and unknown names, repeats allowed, each with a plausible or a hostile value."""
    pairs = []
    for _ in range(draw(st.integers(1, 5))):
        name = draw(st.sampled_from(NAMES) | st.sampled_from(ODD_NAMES) | st.text(max_size=8))
        plausible = name in PLAUSIBLE and draw(st.booleans())
        pairs.append((name, draw(PLAUSIBLE[name] if plausible else HOSTILE)))
    return pairs


# An endpoint's own parameter: absent, plausible (twice as often) or hostile.
OWN = [lambda n: st.none(), lambda n: PLAUSIBLE[n], lambda n: HOSTILE]


def query_string(pairs: list[tuple[str, str]]) -> str:
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def test_hostile_queries(seeded):
    """Each generated query (plausible values near the edges, or unknown, repeated, empty, huge,
    malformed parameters with unicode, NUL and control characters) goes to every filter endpoint,
    with a value (or none) for each endpoint's own parameter."""
    client = Client()
    made = Counter()

    @seed(HOSTILE_SEED)
    @settings(FUZZ, max_examples=HOSTILE_EXAMPLES, derandomize=False)
    @given(
        base=plausible_pairs(sorted(PARAMETERS)) | hostile_pairs(),
        own=st.fixed_dictionaries(
            {n: st.sampled_from([0, 1, 1, 2]).flatmap(lambda k, n=n: OWN[k](n)) for n in PLAUSIBLE}
        ),
    )
    def run(base, own):
        harness_frozen()
        for path, extra in FILTER_ENDPOINTS.items():
            pairs = base + [(n, own[n]) for n in extra if own[n] is not None]
            if path in REQUIRED and own["zoom"] is None and "zoom" not in dict(base):
                pairs.append(("zoom", "4"))
            query = query_string(pairs)
            note(f"GET {path}?{query}")
            response = client.get(path, QUERY_STRING=query)
            made[path] += 1
            check_filter_response(path, pairs, response)

    run()
    assert min(made.values()) >= HOSTILE_EXAMPLES, made
    assert made.total() >= QUOTAS["hostile"]


RAW_PIECES = [b"&", b"=", b"%", b"%Z", b"%FF", b"%C3", b"%00", b"+", b";", b"&&", b"=="]
RAW_PIECES += [n.encode() for n in NAMES] + [b"zoom=3", b"%ED%A0%80", b"%F4%90%80%80"]
raw_queries = st.lists(
    st.one_of(st.sampled_from(RAW_PIECES), st.binary(max_size=3)), max_size=12
).map(b"".join)


def test_raw_query_strings(seeded):
    """Query strings that are not valid percent-encoding or UTF-8, on every path."""
    pk = Event.objects.public().values_list("pk", flat=True).first()
    pages = ["/", f"/events/{pk}/", f"/events/{pk}.json", "/api/openapi.json"]
    client = Client()
    made = Counter()

    @settings(FUZZ, max_examples=RAW_EXAMPLES)
    @given(raw=raw_queries)
    def run(raw):
        harness_frozen()
        note(f"QUERY_STRING {raw!r}")
        for path in [*FILTER_ENDPOINTS, *pages]:
            response = client.get(path, QUERY_STRING=raw.decode("latin-1"))
            made[path] += 1
            if path in FILTER_ENDPOINTS:
                got = response.wsgi_request.GET  # as Django read it
                pairs = [(k, v) for k in got for v in got.getlist(k)]
                check_filter_response(path, pairs, response)
            else:  # pages (the map's state is read in the browser) ignore the query string
                assert response.status_code == 200, (path, response.status_code)

    run()
    assert min(made.values()) >= RAW_EXAMPLES, made
    assert made.total() >= QUOTAS["raw"]


def test_event_pages_any_id(seeded):
    """Any id, negative and beyond 64 bits included, with any query string: the event's page
    and Feature, or a 404 (for .json a JSON body naming the id)."""
    visible = set(Event.objects.public().values_list("pk", flat=True))
    assert visible
    ids = st.sampled_from(sorted(visible)) | st.integers(-10, max(visible) + 10)
    ids |= st.integers(-(10**30), 10**30)
    client = Client()
    made = Counter()

    @settings(FUZZ, max_examples=ID_EXAMPLES)
    @given(pk=ids, pairs=plausible_pairs(NAMES) | hostile_pairs())
    def run(pk, pairs):
        harness_frozen()
        query = query_string(pairs)
        for path in (f"/events/{pk}/", f"/events/{pk}.json"):
            note(f"GET {path}?{query}")
            response = client.get(path, QUERY_STRING=query)
            made[path.endswith(".json")] += 1
            status, content = response.status_code, body_of(response)
            assert status == (200 if pk in visible else 404), (path, status)
            if path.endswith(".json") and status == 200:
                assert json.loads(content)["id"] == pk
            elif path.endswith(".json"):
                assert_refusal(status, content, sent={"id"}, allowed=set())

    run()
    assert min(made.values()) >= ID_EXAMPLES, made
    assert made.total() >= QUOTAS["ids"]


def test_huge_queries(seeded):
    """Many values for one parameter, repeated or comma-separated, up to past Django's limit on
    the number of parameters: a 400 naming the parameter (or the query, past the limit)."""
    client = Client()
    made = Counter()
    limit = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS

    @settings(FUZZ, max_examples=HUGE_EXAMPLES)
    @given(
        name=st.sampled_from(NAMES),
        value=st.sampled_from(["ISIS", "SY", "verified", "Battles", "x"]) | PLAUSIBLE["q"],
        n=st.integers(MAX_VALUES - 2, limit + 20),
        joined=st.booleans(),
    )
    def run(name, value, n, joined):
        harness_frozen()
        pairs = [(name, ",".join([value] * n))] if joined else [(name, value)] * n
        for path in FILTER_ENDPOINTS:
            response = client.get(path, QUERY_STRING=query_string(pairs))
            made[path] += 1
            if len(pairs) <= limit:
                check_filter_response(path, pairs, response)
            else:  # Django refuses it before the view: still JSON, naming the query
                assert response.status_code == 400
                assert set(assert_refusal(400, response.content, sent=set(), allowed={"query"}))

    run()
    assert min(made.values()) >= HUGE_EXAMPLES, made
