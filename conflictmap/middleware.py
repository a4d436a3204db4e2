"""A database that is away answers 503 (a clear page, or JSON under /api/), never a 500.

`DatabaseUnavailableMiddleware` turns the errors that mean "the database cannot be reached or
used right now" into a 503 with a Retry-After header, logs them, and drops the broken connections
so that the next request connects afresh: the app recovers by itself when the database returns.

What counts as "away" (`database_unavailable`):

- InterfaceError: the connection is closed or unusable;
- OperationalError from PostgreSQL: refused or lost connection, server shutting down or not
  accepting connections, too many clients, a statement cancelled or deadlocked;
- from SQLite (SpatiaLite), only the messages that mean the file cannot be used: locked, cannot
  be opened, not a database, malformed, disk or I/O errors, read-only. SQLite also reports a
  missing table or column or a syntax error as OperationalError: those are bugs and stay 500s,
  as every ProgrammingError, IntegrityError and DataError does.

The 503 page is a plain template rendered without a request (so no context processor, no session
and no user: nothing that would ask the database again).

Streaming responses (GeoJSON and CSV downloads) run their queries after the view returns: before
such a response leaves, the middleware makes sure the database answers (a health-checked
connection, see CONN_HEALTH_CHECKS in settings), so a database already away gives the 503 rather
than a broken download. A database lost in the middle of a stream cuts that stream short.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from django.db import DatabaseError, Error, InterfaceError, OperationalError, connections
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.template import loader
from django.templatetags.static import static

logger = logging.getLogger("conflictmap.database")

RETRY_AFTER_SECONDS = 30
TEMPLATE = "503.html"
MESSAGE = "The database is unavailable right now. Please try again in a minute."
TIMEOUT_MESSAGE = (
    "This request took longer than the server allows and was stopped. Narrow the filter "
    "(dates, actor, country or area) or try again later."
)

# SQLite error messages (lower case) that mean the file cannot be used now, not a bug in a query.
SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
    "file is not a database",
    "database disk image is malformed",
    "disk i/o error",
    "database or disk is full",
    "attempt to write a readonly database",
    "locking protocol",
)


def database_unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database cannot be reached or used right now (see module doc)."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        message = str(exc).lower()
        return any(text in message for text in SQLITE_UNAVAILABLE)
    # PostgreSQL (psycopg): OperationalError is the connection, resources and operator
    # intervention classes (08, 53, 57, 58), cancelled statements and deadlocks; bugs are
    # ProgrammingError, IntegrityError, DataError, NotSupportedError or InternalError.
    return type(exc) is OperationalError


def statement_timed_out(exc: BaseException) -> bool:
    """PostgreSQL cancelled the statement: the web processes' statement_timeout (settings)."""
    cause = exc.__cause__
    return type(cause).__name__ == "QueryCanceled" and type(cause).__module__.startswith("psycopg")


def connections_drop() -> None:
    """Close every connection this thread opened, so the next query connects afresh."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # a broken connection may fail to close: Django forgets it anyway
            logger.debug("Closing %s failed", connection.alias, exc_info=True)


def unavailable_response(
    request: HttpRequest, *, error: str = "database_unavailable", message: str = MESSAGE
) -> HttpResponse:
    """The 503: JSON under /api/, else the plain page; with Retry-After, never cached."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": error, "message": message, "retry_after": RETRY_AFTER_SECONDS},
            status=503,
        )
    else:
        try:
            stylesheet = static("css/app.css")
        except Exception:  # a missing manifest entry must not cost the page
            stylesheet = ""
        html = loader.get_template(TEMPLATE).render(
            {"message": message, "retry_after": RETRY_AFTER_SECONDS, "stylesheet": stylesheet}
        )
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """See the module docstring. Goes early in MIDDLEWARE (after SecurityMiddleware and
    WhiteNoise, so static files never wait on the database and the 503 gets security headers)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            isinstance(response, StreamingHttpResponse)
            and not isinstance(response, FileResponse)
            and response.status_code == 200
        ):
            try:
                # Connects (or health-checks a kept connection) without running a query.
                connections["default"].cursor().close()
            except Error as exc:
                if not database_unavailable(exc):
                    raise
                response.close()
                return self.unavailable(request, exc)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request: HttpRequest, exc: BaseException) -> HttpResponse:
        logger.error(
            "Database unavailable, answered 503 to %s %s: %s: %s",
            request.method,
            request.path,
            type(exc).__name__,
            str(exc).strip(),
        )
        connections_drop()
        if statement_timed_out(exc):
            return unavailable_response(request, error="query_timeout", message=TIMEOUT_MESSAGE)
        return unavailable_response(request)
