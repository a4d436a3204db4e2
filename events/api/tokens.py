"""Token authentication for the ACLED- and UCDP-shaped APIs (docs/api-compat.md#tokens).

A request may carry a token as `Authorization: Bearer <secret>` (what the `acled` client's
OAuth mode sends), as ACLED's legacy `key` query parameter (its `email` companion is accepted
and ignored: the token alone says who asks), or as UCDP's `x-ucdp-access-token` header. With
one, the request acts as the token's user, so the publication and dataset rules
(`Event.objects.visible_to`, the filter's staff flag) answer as they would for that user signed
in. Without one it is anonymous and sees public data only;
a token widens what it sees and is never required, since what we serve is public anyway. A bad
or revoked token is a 401: a client that means to be someone is told it is not, not quietly
served the public view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.cache import patch_vary_headers

from events.services.api_tokens import api_token_user

# Query parameters that carry credentials (ACLED's legacy pair), not filters.
CREDENTIAL_PARAMS = frozenset({"key", "email"})
ERR_TOKEN = "Unknown or revoked token."


def _secret(request: HttpRequest) -> str | None:
    ucdp = request.headers.get("x-ucdp-access-token")  # what UCDP's own API reads
    if ucdp is not None:
        return ucdp.strip()
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else ""
    keys = request.GET.getlist("key")
    if keys:
        return keys[0] if len(keys) == 1 else ""
    return None


def token_authenticated(
    unauthorized: Callable[[str], HttpResponseBase],
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A view decorator: a request with a token acts as its user; a bad one gets
    `unauthorized(message)` (each API answers 401 in its own envelope)."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            secret = _secret(request)
            if secret is not None:
                user = api_token_user(secret=secret)
                if user is None:
                    response = unauthorized(ERR_TOKEN)
                    response["WWW-Authenticate"] = 'Bearer realm="conflictmap"'
                    return response
                request.user = user
            response = view(request, *args, **kwargs)
            # A shared cache must not hand one token's answer to another client.
            patch_vary_headers(response, ["Authorization"])
            return response

        return wrapped

    return decorate


def plain_unauthorized(message: str) -> JsonResponse:
    return JsonResponse({"errors": {"Authorization": message}}, status=401)
