"""Datasets' terms and visibility: the one place they are written (the admin, imports, seeds and
ingest call these).

A dataset's row is made the first time events of its key are written (`dataset_ensure`), with the
defaults of `events/domain/datasets.py`; from then on only the operator changes it
(`dataset_update`), and an import never resets a choice they made.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.db import transaction

from events.domain.datasets import VISIBILITY_CHOICES, dataset_terms
from events.models import Dataset

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What an operator may change (the key ties the row to its events and stays).
EDITABLE = ("title", "licence", "licence_url", "attribution", "url", "visibility")


def dataset_ensure(*, key: str) -> Dataset:
    """The dataset of `key`, made with its default terms if it has no row yet."""
    terms = asdict(dataset_terms(key))
    terms.pop("key")
    dataset, _created = Dataset.objects.get_or_create(key=key, defaults=terms)
    return dataset


def dataset_update(*, dataset: Dataset, changes: dict[str, Any], user: User | None) -> Dataset:
    """Change a dataset's terms or visibility; one history version records who. Publishing a
    dataset shows its verified events to everyone at once, everywhere; making it staff only
    hides them (the data version changes either way, so no cached answer outlives it)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not a dataset field one may change: {', '.join(sorted(unknown))}.")
    visibility = changes.get("visibility", dataset.visibility)
    if visibility not in VISIBILITY_CHOICES:
        choices = ", ".join(VISIBILITY_CHOICES)
        raise ValueError(f"Visibility is one of {choices}; got {visibility!r}.")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(dataset, name, value)
        dataset._history_user = user  # type: ignore[attr-defined]  # simple-history reads it
        dataset.full_clean()
        dataset.save()
    return dataset
