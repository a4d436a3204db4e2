"""Feeds a curator registers and the items fetched from them (issue 15; docs/feeds.md).

Imported at the bottom of events/models.py, so Django sees the tables as the events app's. A Feed
is an RSS/Atom feed fetched on a schedule, or one article URL ("article") fetched until it has
been ingested once. Each FeedItem records what became of one entry's URL, so a URL is fetched
once per feed however often the feed is read.
"""

from __future__ import annotations

from django.db import models


class Feed(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", "RSS or Atom feed"
        ARTICLE = "article", "Single article URL"

    url = models.URLField(max_length=1000, unique=True)
    kind = models.CharField(max_length=7, choices=Kind.choices, default=Kind.FEED)
    title = models.CharField(max_length=300, blank=True, help_text="Filled from the feed if blank.")
    publisher = models.CharField(
        max_length=255, blank=True, help_text="On each Source; else the page's site name."
    )
    active = models.BooleanField(default=True)
    last_fetched = models.DateTimeField(null=True, blank=True)
    next_due = models.DateTimeField(null=True, blank=True, db_index=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_status = models.PositiveIntegerField(
        null=True, blank=True, help_text="HTTP status of the last failed fetch, if it had one."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class FeedItem(models.Model):
    class Status(models.TextChoices):
        INGESTED = "ingested", "Ingested"
        DUPLICATE = "duplicate", "Skipped: duplicate"
        FAILED = "failed", "Failed"  # a fetch or extraction failure: retried with the feed
        REJECTED = "rejected", "Rejected by ingest"  # readable, but not a report: never retried

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    url = models.URLField(max_length=1000)
    guid = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500, blank=True)
    fetched_at = models.DateTimeField()
    status = models.CharField(max_length=9, choices=Status.choices)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=1)
    source = models.ForeignKey(
        "events.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items"
    )

    class Meta:
        ordering = ["-fetched_at"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "url"], name="feeditem_feed_url_unique")
        ]

    def __str__(self) -> str:
        return self.title or self.url
