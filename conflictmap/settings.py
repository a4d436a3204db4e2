"""ConflictMap settings: one module, every value from the environment with a safe default.

Variables (all listed in .env.example, and a test keeps that list honest):
DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, GEOCODER, NOMINATIM_USER_AGENT, NOMINATIM_URL,
MAP_TILES_URL, MAP_TILES_ATTRIBUTION, GAZETTEER_MIN_POPULATION, CACHE_DIR, VERIFY_REQUIRES,
FEEDS_ALLOW_PRIVATE, FEEDS_TIMEOUT, FEEDS_CHECK_MINUTES;
production (docs/deploy.md): HTTPS,
BEHIND_PROXY, FORWARDED_ALLOW_IPS, HSTS_SECONDS, HSTS_INCLUDE_SUBDOMAINS, HSTS_PRELOAD,
CSRF_TRUSTED_ORIGINS, STATIC_ROOT, STATIC_MANIFEST, LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES,
EMBED_ALLOWED_ORIGINS.
"""

import os
import re
import secrets
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: `make run` asks for it, a deployment must not.
DEBUG = env_bool("DEBUG", False)

# A deployment sets SECRET_KEY. Without one, development gets a fixed key and anything else an
# ephemeral random key (sessions then end at restart, but nothing guessable is ever used).
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "django-insecure-development-only-key" if DEBUG else secrets.token_urlsafe(50)
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "csp",
    "axes",
    "simple_history",
    # Background jobs (imports from the admin, docs/jobs.md): Django 6's tasks API backported,
    # with its database backend, so the embedded SpatiaLite default needs no queue server.
    "django_tasks",
    "django_tasks_db",
    "events",
]

MIDDLEWARE = [
    # First: the proxy's headers are dropped unless the proxy sent them (settings BEHIND_PROXY),
    # before the HTTPS redirect or the login lockout read them.
    "conflictmap.security.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself (no nginx needed): right after the security headers,
    # before sessions and the database are touched.
    "conflictmap.storage.StaticFilesMiddleware",
    # The database away (down, refusing, locked): a 503 page or JSON with Retry-After, not a 500;
    # broken connections are dropped so the app recovers when it returns.
    "conflictmap.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which user made each change the admin saves (events/models.py histories).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conflictmap.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "conflictmap.wsgi.application"

CACHE_DIR = Path(os.environ.get("CACHE_DIR") or BASE_DIR / ".cache")

# Embedded default: a SpatiaLite file, no server needed. PostGIS: postgis://user@host:port/name
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"spatialite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] not in {
    "django.contrib.gis.db.backends.spatialite",
    "django.contrib.gis.db.backends.postgis",
}:
    raise ImproperlyConfigured(
        "DATABASE_URL must use a spatial backend: spatialite:///path or postgis://user@host/name"
    )
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # SQLite has one writer at a time. A transaction begun DEFERRED takes the write lock at its
    # first write, and one that read first and then finds another writer fails at once with
    # "database is locked" (SQLite refuses to wait there: it could deadlock), whatever the
    # timeout. IMMEDIATE takes the write lock as the transaction begins, so a second import (or
    # any atomic block) waits for the first to commit, up to `timeout` seconds: an import's
    # length for commands and workers, under gunicorn's WEB_TIMEOUT for web processes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=float(os.environ.get("WEB_STATEMENT_TIMEOUT") or 50)
        if env_bool("CONFLICTMAP_WEB", False)
        else 600.0,
    )
else:
    # PostgreSQL's JIT compiles plans it expects to be costly: ~400 ms spent before a map query
    # that then runs in ~30 ms (bench/bench_map.py). Our queries are short; no JIT.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A kept connection the server dropped (restart, failover) is found at the request's first
    # query and replaced, rather than failing it (conflictmap/middleware.py answers 503 when the
    # database really is away).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Web processes (conflictmap/wsgi.py sets CONFLICTMAP_WEB=1) give up on a statement after
    # WEB_STATEMENT_TIMEOUT seconds, under gunicorn's WEB_TIMEOUT: no request holds a worker and a
    # connection for ever (the middleware answers 503). Commands, imports and tests have none.
    # SQLite has no such setting: its queries here are bounded by the answers' caps instead.
    if env_bool("CONFLICTMAP_WEB", False):
        timeout_ms = int(float(os.environ.get("WEB_STATEMENT_TIMEOUT") or 50) * 1000)
        DATABASES["default"]["OPTIONS"]["options"] += f" -c statement_timeout={timeout_ms}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Jobs are rows in the database (django_tasks_db's DBTaskResult), run by `manage.py db_worker`
# processes (scripts/run.sh and serve.sh start one; docs/jobs.md): a job outlives a web server's
# restart, and any number of workers share the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Files uploaded for import jobs, with each job's progress and bad-rows report: never served as
# static or media files (the admin hands the report to staff itself).
IMPORTS_DIR = Path(os.environ.get("IMPORTS_DIR") or BASE_DIR / "var" / "imports")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# STATIC_MANIFEST=1 (scripts/serve.sh sets it): `collectstatic` has been run, so pages name the
# hashed, pre-compressed copies in STATIC_ROOT and WhiteNoise serves them with a one-year
# `immutable` cache header (ES module imports are rewritten to hashed names too). Off (tests,
# `make run`, a bare `gunicorn` before collectstatic): plain names, and WhiteNoise serves the files
# from the apps' static folders (found at start), so nothing needs collecting first.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "conflictmap.storage.ManifestStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Geocoding: "geonames" (offline, default) or "nominatim" (online; tests use local ports only).
GEOCODER = os.environ.get("GEOCODER", "geonames").lower()
if GEOCODER not in {"geonames", "nominatim"}:
    raise ImproperlyConfigured(f"GEOCODER must be 'geonames' or 'nominatim', got {GEOCODER!r}")
NOMINATIM_USER_AGENT = os.environ.get("NOMINATIM_USER_AGENT", "conflictmap/0.1 (self-hosted)")
# The Nominatim server GEOCODER=nominatim asks: the public one, or your own.
NOMINATIM_URL = os.environ.get("NOMINATIM_URL") or "https://nominatim.openstreetmap.org"
GAZETTEER_MIN_POPULATION = int(os.environ.get("GAZETTEER_MIN_POPULATION", "500"))
if GAZETTEER_MIN_POPULATION not in {500, 1000, 5000, 15000}:
    raise ImproperlyConfigured("GAZETTEER_MIN_POPULATION must be one of 500, 1000, 5000, 15000")

# Base map tiles. Only the tiles come from outside; every script and stylesheet is ours.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "&copy; OpenStreetMap contributors")

# The map page's offline base map, under static/ (Natural Earth via world-atlas: docs/map.md).
# countries-110m.geojson is 8x lighter and draws in a third of the time, coarser zoomed in.
MAP_BASEMAP = "vendor/world-atlas/countries-50m.geojson"

# The map page filters in the browser up to this many events; beyond, it asks the server per view.
MAP_CLIENT_EVENTS = 5000
# Snapshots (folium pages of up to 20,000 events, tens of MB while built) one web process makes at
# once; one more is a 503 with Retry-After (events/api/limits.py).
SNAPSHOT_CONCURRENCY = int(os.environ.get("SNAPSHOT_CONCURRENCY") or 2)
# GIS downloads (GeoPackage, FlatGeobuf, KML, GeoParquet) of each format one web process streams
# at once: each GeoPackage or FlatGeobuf runs a GDAL child of ~110 MB while its body streams.
GIS_DOWNLOAD_CONCURRENCY = int(os.environ.get("GIS_DOWNLOAD_CONCURRENCY") or 2)

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (35.0, 38.5),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "TILES": [("Map", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})],
    "RESET_VIEW": False,
}

# The two-person rule (docs/curation.md): an event is published once this many different curators
# have verified it. 1 (default): one curator's "verify" publishes; 2: a second curator must agree.
VERIFY_REQUIRES = int(os.environ.get("VERIFY_REQUIRES") or 1)
if VERIFY_REQUIRES not in {1, 2}:
    raise ImproperlyConfigured(f"VERIFY_REQUIRES must be 1 or 2, got {VERIFY_REQUIRES}")

# Feeds (docs/feeds.md). Curator-registered URLs are fetched by the server, so by default none
# may reach a private, loopback or link-local address (SSRF); tests serve on 127.0.0.1 and set 1.
FEEDS_ALLOW_PRIVATE = env_bool("FEEDS_ALLOW_PRIVATE", False)
# Seconds to connect and between bytes of one feed or page (the whole fetch gets 4x this).
FEEDS_TIMEOUT = float(os.environ.get("FEEDS_TIMEOUT") or 20)
# How often a healthy feed is read, and the retry schedule after n failures in a row:
# min(base * 2**n, cap).
FEEDS_INTERVAL = timedelta(hours=1)
FEEDS_BACKOFF_BASE = timedelta(minutes=15)
FEEDS_BACKOFF_CAP = timedelta(days=1)
# How often the periodic feeds task wakes up to read the feeds that are due (minutes).
FEEDS_CHECK_EVERY = timedelta(minutes=float(os.environ.get("FEEDS_CHECK_MINUTES") or 15))

# --- Production: HTTPS, security headers, CSP, login lockout (docs/deploy.md) ---

# HTTPS=1: the site is served over HTTPS (directly or by a proxy, see BEHIND_PROXY). Plain HTTP is
# redirected, cookies are Secure, and HSTS is sent (Django's SecurityMiddleware adds it to secure
# requests only). includeSubDomains and preload default on, as `check --deploy` asks; turn them
# off when other hosts of the domain still need plain HTTP.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS") or 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
# BEHIND_PROXY=1: a reverse proxy we trust (deploy/nginx.conf.template, which scripts/serve.sh
# puts in front of gunicorn) sets X-Forwarded-Proto and X-Forwarded-For. They are believed from
# the proxy's own addresses only, FORWARDED_ALLOW_IPS (addresses or networks; a unix-socket peer
# counts as the proxy, as for gunicorn): conflictmap.security.ForwardedHeadersMiddleware drops
# them from every other peer before anything reads them, so a client reaching gunicorn directly
# can neither claim HTTPS nor another address to dodge, or aim, the login lockout.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)


def proxy_addresses(values: list[str]) -> list[str]:
    """FORWARDED_ALLOW_IPS checked at start: addresses or networks (10.0.0.0/8), or * for any."""
    for value in values:
        if value == "*":
            continue
        try:
            ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"FORWARDED_ALLOW_IPS: {value!r} is not an address or network"
            ) from None
    return values


FORWARDED_ALLOW_IPS = (
    proxy_addresses(env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")) if BEHIND_PROXY else []
)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins (https://example.org) allowed to POST when the proxy rewrites the Host header.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

SECURE_CONTENT_TYPE_NOSNIFF = True
# Cross-origin requests carry our origin only, never the path and query (a filter may be
# sensitive). Not "same-origin": OpenStreetMap's tile policy refuses tile requests with no Referer.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"


def csp_tile_sources(url: str) -> list[str]:
    """The CSP source of the base-map tile server: https://tile.openstreetmap.org from
    https://tile.openstreetmap.org/{z}/{x}/{y}.png; a {s} subdomain becomes *."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return []  # empty (no base map) or relative (our own host: 'self')
    host = re.sub(r"^\{[a-z]+\}\.", "*.", parts.netloc)
    return [f"{parts.scheme}://{host}" if "{" not in host else f"{parts.scheme}:"]


# Content-Security-Policy (django-csp 4). Scripts: our own files only. The map page and the event
# page have no inline script at all (their data is in <script type="application/json"> blocks,
# which are never executed). NONCE adds a fresh 'nonce-…' to script-src on the responses that ask
# for one and only those: django-leaflet's admin map widget writes two small inline scripts and
# tags them with request.csp_nonce (LeafletGeoAdmin passes it), so the admin's change pages carry
# a nonce and every other page a policy of 'self' alone.
# Styles: 'unsafe-inline', on purpose. Leaflet, its plugins and the admin (select2 autocomplete,
# the actor colour swatches) write style="…" attributes in HTML they build; CSS cannot run script,
# so what an injected style could do is restyle the page, which markup escaping already prevents.
# Images: ours, data: URIs (Leaflet and the admin's icons) and the tile server of MAP_TILES_URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *csp_tile_sources(MAP_TILES_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": HTTPS,
    }
}

# Embedding (docs/map.md#embedding): the map's embed page (/?embed=1: the map and the timeline)
# may be framed by these origins and no others, through CSP frame-ancestors
# (conflictmap/framing.py). Every other page, and the embed page while none is listed, keeps
# frame-ancestors 'none' and X-Frame-Options: DENY.
EMBED_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")


def embed_origins(values: list[str]) -> list[str]:
    """EMBED_ALLOWED_ORIGINS checked at start: origins only (https://example.org[:port], a
    leading *. for its subdomains), no path, no bare * (that would let any site frame it)."""
    for value in values:
        if not EMBED_ORIGIN.fullmatch(value):
            raise ImproperlyConfigured(
                f"EMBED_ALLOWED_ORIGINS: {value!r} is not an origin such as https://example.org"
            )
    return values


EMBED_ALLOWED_ORIGINS = embed_origins(env_list("EMBED_ALLOWED_ORIGINS", ""))

# Admin login lockout (django-axes): LOGIN_FAILURE_LIMIT failed logins for one username from one
# address lock that pair out for LOGIN_LOCKOUT_MINUTES (a 429 page saying so); a good login
# before the limit clears the count. Attempts are kept in the database (shared by every worker).
AUTHENTICATION_BACKENDS = [
    "conflictmap.security.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "conflictmap.security.lockout_response"
# The address counted: the proxy's X-Forwarded-For when the proxy sent it, else the peer's.
AXES_CLIENT_IP_CALLABLE = "conflictmap.security.client_address"

# gis.W001: Debian 12 ships GDAL 3.6, which cannot block file/network access while parsing a
# spatial reference (3.9 can). We never hand GDAL a spatial reference from outside: every geometry
# is built from two floats in SRID 4326, and imports parse coordinates as numbers. So the warning
# is silenced here on purpose, and docs/configuration.md says so; remove this line on GDAL >= 3.9.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
