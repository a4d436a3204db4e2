"""Datasets and their terms (events/domain/datasets.py): a table of its own, imported by
events/models.py (whose `EventQuerySet.public` asks it), so Django finds it with the others."""

from __future__ import annotations

from django.contrib.gis.db import models
from simple_history.models import HistoricalRecords

from events.domain import datasets


class Dataset(models.Model):
    """Where events come from, on which terms, and who may see them (`events/domain/datasets.py`).

    `Event.dataset` holds the key (a plain column, so the COPY importer writes it as it is). A
    staff-only dataset's events are hidden from everyone else everywhere, by `EventQuerySet.public`.
    """

    key = models.CharField(max_length=40, unique=True, blank=True, help_text="Event.dataset.")
    title = models.CharField(max_length=200)
    licence = models.CharField(max_length=200, blank=True)
    licence_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField(
        blank=True, help_text="Shown wherever its events are: map, event page, downloads."
    )
    url = models.URLField(max_length=500, blank=True)
    visibility = models.CharField(
        max_length=6, choices=datasets.VISIBILITY_CHOICES, default=datasets.STAFF
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title or self.key or "manual"

    @property
    def is_public(self) -> bool:
        return self.visibility == datasets.PUBLIC
