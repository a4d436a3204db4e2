"""The admin's API tokens (registered from events/admin.py): who has which, when each was last
used, and "Revoke". A token is issued with `manage.py issue_api_token`, which shows its secret
once; the admin never sees a secret, only its first characters."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from events.models import ApiToken
from events.services.api_tokens import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    search_fields = ("prefix", "name", "user__username")
    fields = ("prefix", "user", "name", "created", "last_used", "revoked")
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued by the command, which shows the secret once

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"{queryset.count()} token(s) revoked.", messages.SUCCESS)
