"""Conditional GET for the API: ETag and Last-Modified from the data version, 304 when unchanged.

Responses to anonymous users are marked public (a CDN or proxy may keep them, revalidating
each time); responses to signed-in users are private, so what staff see never lands in a shared
cache. Only 200 responses carry validators: a 400 is never confirmed with a 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from events.models import may_see_unpublished
from events.selectors.dataversion import data_version


def _etag(request: HttpRequest, version: int) -> str:
    # The full path (query string included) and what the user may see both shape the body.
    who = "staff" if may_see_unpublished(request.user) else "public"
    key = f"{request.get_full_path()}|{who}".encode()
    return f'W/"{version}-{hashlib.sha256(key).hexdigest()[:20]}"'


def conditional(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Answer 304 when the client's copy is current; otherwise add validators to a 200."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        version, changed = data_version()  # before the data is read: see events/db/dataversion.py
        etag = _etag(request, version)
        last_modified = int(changed.timestamp())
        not_modified = None
        # "If-None-Match: *" would match any URL, even a bad one; only a real validator counts.
        if request.headers.get("If-None-Match", "").strip() != "*":
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        response = not_modified or view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            response.headers.setdefault("ETag", etag)
            response.headers.setdefault("Last-Modified", http_date(last_modified))
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
