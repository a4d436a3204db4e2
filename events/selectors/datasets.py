"""Datasets' terms as the public pages and downloads cite them (events/domain/datasets.py)."""

from __future__ import annotations

import datetime as dt

from events.domain.datasets import PUBLIC
from events.domain.filters import EventFilter
from events.models import Dataset


def datasets_shown(*, staff: bool) -> list[Dataset]:
    """The datasets whose events this audience may see: the public ones, and for staff all."""
    datasets = Dataset.objects.order_by("key")
    return list(datasets if staff else datasets.filter(visibility=PUBLIC))


def datasets_credited(datasets: list[Dataset]) -> list[Dataset]:
    """The datasets a credit line names: one for each distinct attribution, licence and link
    (the seeds, ingest and manual events share ConflictMap's), in order."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for d in datasets:
        key = (d.attribution or d.title, d.licence, d.url, d.visibility)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def dataset_citation(dataset: Dataset) -> dict[str, str]:
    """One dataset's terms, as the GeoJSON's `datasets` member and /api/datasets.json give them."""
    return {
        "key": dataset.key or "manual",
        "title": dataset.title,
        "licence": dataset.licence,
        "licence_url": dataset.licence_url,
        "attribution": dataset.attribution,
        "url": dataset.url,
        "visibility": dataset.visibility,
    }


def dataset_of_event(key: str) -> Dataset | None:
    return Dataset.objects.filter(key=key).first()


def attribution_note(datasets: list[Dataset], f: EventFilter, *, accessed: dt.datetime) -> str:
    """The companion note of a download: which datasets, on which terms, which filter, when.

    ACLED's attribution policy asks users to say when they accessed the data and which filters
    they applied; the note says both for every dataset, so it travels with the file.
    """
    lines = [
        "ConflictMap download: the sources of these events and their terms.",
        f"Accessed: {accessed:%Y-%m-%d %H:%M} UTC",
        "Filter: " + ("; ".join(f"{k}={v}" for k, v in f.as_query()) or "none (every event)"),
        "",
    ]
    for dataset in datasets:
        lines += [
            f"Dataset: {dataset.title or dataset.key or 'manual'}",
            f"  Attribution: {dataset.attribution or 'none given'}",
            f"  Licence: {dataset.licence or 'none given'}"
            + (f" ({dataset.licence_url})" if dataset.licence_url else ""),
        ]
        if dataset.url:
            lines.append(f"  Source: {dataset.url}")
        if dataset.visibility != PUBLIC:
            lines.append("  Staff only: not to be shared outside the team.")
        lines.append("")
    return "\n".join(lines)
