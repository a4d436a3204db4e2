"""The admin's feeds (registered from events/admin.py): register an RSS/Atom feed or a single
article URL, see each feed's health (failures, last error, next due), "Fetch now", and what became
of each item. Every write goes through events/services/feeds.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.template.defaultfilters import truncatechars

from events.models import Feed, FeedItem
from events.services.feeds import EDITABLE, FetchSummary, feed_fetch, feed_register, feed_update


class FeedItemInline(admin.TabularInline):
    model = FeedItem
    fields = ("fetched_at", "status", "title", "url", "error", "attempts", "source")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-fetched_at",)
    show_change_link = False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "active",
        "health",
        "consecutive_failures",
        "short_error",
        "last_fetched",
        "next_due",
    )
    list_filter = ("kind", "active")
    search_fields = ("title", "url", "publisher")
    actions = ("fetch_now",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "last_fetched",
        "next_due",
        "consecutive_failures",
        "last_status",
        "last_error",
    )

    def get_inlines(self, request: HttpRequest, obj: Feed | None = None) -> list:
        return [] if obj is None else [FeedItemInline]  # nothing fetched yet when adding

    def get_fields(self, request: HttpRequest, obj: Feed | None = None) -> Any:
        if obj is None:  # adding: a feed or one article URL ("Single article URL")
            return ["url", "kind", "title", "publisher"]
        return ["url", "kind", *EDITABLE, *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Feed | None = None) -> tuple:
        if obj is None:
            return ()
        return ("url", "kind", *self.readonly_fields)

    @admin.display(description="status")
    def health(self, obj: Feed) -> str:
        if not obj.active:
            return "done" if obj.kind == Feed.Kind.ARTICLE else "paused"
        if obj.last_fetched is None:
            return "never fetched"
        return f"failing ({obj.consecutive_failures})" if obj.consecutive_failures else "ok"

    @admin.display(description="last error")
    def short_error(self, obj: Feed) -> str:
        return truncatechars(obj.last_error, 120)  # escaped by the changelist, like every cell

    def save_model(self, request: HttpRequest, obj: Feed, form: ModelForm, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = feed_register(
                url=data["url"], kind=data["kind"], title=data["title"], publisher=data["publisher"]
            )
            obj.pk = created.pk  # so the admin's redirect and log name the stored feed
            return
        stored = Feed.objects.get(pk=obj.pk)
        changes = {name: data[name] for name in form.changed_data if name in EDITABLE}
        feed_update(feed=stored, changes=changes)

    @admin.action(description="Fetch now")
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        summary = FetchSummary()
        for feed in queryset:
            summary.add(feed_fetch(feed=feed))
        level = messages.WARNING if summary.failures else messages.SUCCESS
        self.message_user(
            request,
            f"Fetched {summary.fetched}: {summary.new_items} new item(s), {summary.drafts} "
            f"draft(s), {summary.duplicates} duplicate(s), {summary.failures} failure(s).",
            level,
        )
