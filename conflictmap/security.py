"""The admin login lockout (django-axes): its authentication backend and its page."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request.

    Logins over HTTP (the admin's login form) always pass their request: they are counted and
    locked out. authenticate() without one (the test client's login(), a shell) has no client
    address to count against; axes would refuse it outright, here it goes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page: 429, in the admin's look, saying what happened and for how long."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "admin/lockout.html", context, status=429)
