"""ConflictMap settings: one module, every value from the environment with a safe default.

Variables (all listed in .env.example, and a test keeps that list honest):
DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, GEOCODER, NOMINATIM_USER_AGENT, MAP_TILES_URL,
MAP_TILES_ATTRIBUTION, GAZETTEER_MIN_POPULATION, CACHE_DIR.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
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
    "simple_history",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which user made each change the admin saves (events/models.py histories).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
else:
    # PostgreSQL's JIT compiles plans it expects to be costly: ~400 ms spent before a map query
    # that then runs in ~30 ms (bench/bench_map.py). Our queries are short; no JIT.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
STATIC_ROOT = BASE_DIR / "staticfiles"

# Geocoding: "geonames" (offline, default) or "nominatim" (online, never used by the tests).
GEOCODER = os.environ.get("GEOCODER", "geonames").lower()
if GEOCODER not in {"geonames", "nominatim"}:
    raise ImproperlyConfigured(f"GEOCODER must be 'geonames' or 'nominatim', got {GEOCODER!r}")
NOMINATIM_USER_AGENT = os.environ.get("NOMINATIM_USER_AGENT", "conflictmap/0.1 (self-hosted)")
GAZETTEER_MIN_POPULATION = int(os.environ.get("GAZETTEER_MIN_POPULATION", "500"))
if GAZETTEER_MIN_POPULATION not in {500, 1000, 5000, 15000}:
    raise ImproperlyConfigured("GAZETTEER_MIN_POPULATION must be one of 500, 1000, 5000, 15000")

# Base map tiles. Only the tiles come from outside; every script and stylesheet is ours.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "&copy; OpenStreetMap contributors")

# The map page filters in the browser up to this many events; beyond, it asks the server per view.
MAP_CLIENT_EVENTS = 5000

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (35.0, 38.5),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "TILES": [("Map", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})],
    "RESET_VIEW": False,
}

# gis.W001: Debian 12 ships GDAL 3.6, which cannot block file/network access while parsing a
# spatial reference (3.9 can). We never hand GDAL a spatial reference from outside: every geometry
# is built from two floats in SRID 4326, and imports parse coordinates as numbers. So the warning
# is silenced here on purpose, and README.md says so; remove this line on GDAL >= 3.9.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
