"""The writer for any database: per batch, one query for the events already there, then
bulk_create / bulk_update, and the actor links and sources (source_links.py) diffed in bulk."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.contrib.gis.geos import Point
from django.utils import timezone

from events.models import Event, EventActor, EventSource
from events.services.imports.batches import ORM_BATCH, batched
from events.services.imports.formats import CsvFormat
from events.services.imports.report import ImportReport
from events.services.imports.rows import EVENT_FIELDS, EventRow, links_diff
from events.services.imports.source_links import sources_write_orm


def _merge_extra(old: dict, new: dict, keys: set[str]) -> dict:
    """The new extra, keeping the old keys this file has no column for."""
    kept = {k: v for k, v in (old or {}).items() if k not in keys}
    return {**kept, **new} if kept else new


class OrmWriter:
    """Any backend: one query for the existing ids of each batch, then bulk_create/bulk_update."""

    def __init__(self, fmt: CsvFormat):
        self.fmt = fmt
        self.dataset = fmt.dataset
        self.fields = fmt.update_fields
        self.positions = [EVENT_FIELDS.index(f) for f in self.fields]
        self.extra_keys = set(fmt.extra_keys)
        self.extra_at = self.fields.index("extra") if "extra" in self.fields else None
        self.location_at = self.fields.index("location") if "location" in self.fields else None
        self.has_sources = "source_id" in self.fields

    def begin(self, expected_rows: int = 0, first_load_copy: bool = True) -> None:
        pass

    def finish(self) -> None:
        pass

    def prepare(self, events: list[EventRow]) -> None:
        return None

    def write(self, events: list[EventRow], report: ImportReport, prepared: object = None) -> None:
        # `prepared`: what prepare() gave (None here); typed as wide as the COPY writer's, so
        # the import run calls either writer the same way.
        now = timezone.now()
        for batch in batched(events, ORM_BATCH):
            self._write_batch(batch, report, now)

    def write_known(self, events: list[EventRow], report: ImportReport) -> None:
        """Rows whose events are known by pk (own_rows.py: our export re-imported), whatever
        their dataset: updated where they differ, never created."""
        now = timezone.now()
        for batch in batched(events, ORM_BATCH):
            by_pk = {
                row[0]: row
                for row in Event.objects.filter(pk__in=[e.pk for e in batch]).values_list(
                    "id", "external_id", *self.fields
                )
            }
            existing = {e.external_id: by_pk[e.pk] for e in batch if e.pk in by_pk}
            self._write_batch(batch, report, now, existing)

    def _write_batch(
        self,
        batch: Sequence[EventRow],
        report: ImportReport,
        now: dt.datetime,
        existing: dict[str, tuple] | None = None,
    ) -> None:
        if existing is None:
            existing = self._existing(batch)
        new_events: list[EventRow] = []
        changed: list[Event] = []
        old_events: list[EventRow] = []
        for event in batch:
            old = existing.get(event.external_id)
            if old is None:
                new_events.append(event)
                continue
            event.pk = old[0]
            old_events.append(event)
            if self._differs(event, list(old[2:])):
                changed.append(self._updated_event(event, now))
        if new_events:
            self._create_events(new_events, now)
        if changed:
            Event.objects.bulk_update(changed, [*self.fields, "updated"], batch_size=ORM_BATCH)
        changed_ids = {e.pk for e in changed}
        links_changed = self._write_links(batch, old_events)
        if self.has_sources:  # a file without a source column leaves the sources alone
            links_changed |= sources_write_orm(batch, old_events, insert=self._create_sources)
        touched = links_changed - changed_ids
        if touched:
            Event.objects.filter(pk__in=touched).update(updated=now)
        report.created += len(new_events)
        report.updated += len(changed_ids | touched)
        report.unchanged += len(old_events) - len(changed_ids | touched)

    def _existing(self, batch: Sequence[EventRow]) -> dict[str, tuple]:
        """external id -> (id, external id, *fields) of the batch's events already there."""
        # external_id <> '' is the unique index's own condition: without it in the query,
        # SQLite cannot use that partial index and scans the whole table for every batch.
        # No ORDER BY: the default ordering would sort the whole match for nothing.
        rows = (
            Event.objects.filter(
                dataset=self.dataset, external_id__in=[e.external_id for e in batch]
            )
            .exclude(external_id="")
            .order_by()
            .values_list("id", "external_id", *self.fields)
        )
        return {row[1]: row for row in rows}

    def _differs(self, event: EventRow, current: list) -> bool:
        """Whether the row changes any field of its event (`current`: self.fields' values);
        merges the event's extra with the old one on the way."""
        values = event.values()
        wanted = [values[i] for i in self.positions]
        if self.extra_at is not None:
            at = self.extra_at
            wanted[at] = event.extra = _merge_extra(current[at], event.extra, self.extra_keys)
        if self.location_at is not None:
            at = self.location_at
            current[at] = None if current[at] is None else tuple(current[at].coords)
        return wanted != current

    def _write_links(self, batch: Sequence[EventRow], old_events: list[EventRow]) -> set[int]:
        """Deletes and adds the batch's actor links that changed; returns the ids of the
        existing events whose links changed."""
        current_links: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
        if old_events:
            links = EventActor.objects.filter(event_id__in=[e.pk for e in old_events])
            for link_id, event_id, actor_id, role in links.values_list(
                "id", "event_id", "actor_id", "role"
            ):
                current_links[event_id][(actor_id, role)] = link_id
        delete, add, actors_changed = links_diff(batch, current_links, self.fmt.roles)
        if delete:
            EventActor.objects.filter(id__in=delete).delete()
        if add:
            self._create_links(add, batch)
        return actors_changed & {e.pk for e in old_events}

    # The three inserts of new rows, each a method so that a backend's writer can do them its
    # own faster way (sqlite_writer.py); these are Django's, for any database.

    def _create_events(self, rows: list[EventRow], now: dt.datetime) -> None:
        """Inserts the rows' events (none of them in the table yet) and sets each row's pk."""
        events = [self._new_event(row, now) for row in rows]
        Event.objects.bulk_create(events, batch_size=ORM_BATCH)
        for row, event in zip(rows, events, strict=True):
            row.pk = event.pk

    def _create_links(self, add: list[tuple[int, int, str]], batch: Sequence[EventRow]) -> None:
        """Inserts (event id, actor id, role) links; `batch`: the rows they come from."""
        EventActor.objects.bulk_create(
            [EventActor(event_id=e, actor_id=a, role=r) for e, a, r in add],
            batch_size=ORM_BATCH,
        )

    def _create_sources(self, add: list[tuple[int, int]], now: dt.datetime) -> None:
        """Inserts (event id, source id) EventSource rows, added now."""
        EventSource.objects.bulk_create(
            [EventSource(event_id=e, source_id=s, added_at=now) for e, s in add],
            batch_size=ORM_BATCH,
        )

    def _new_event(self, row: EventRow, now: dt.datetime) -> Event:
        event = Event(
            dataset=self.dataset,
            external_id=row.external_id,
            status=row.status,
            verified_at=now if row.status == Event.Status.VERIFIED else None,
        )
        self._assign(event, row, EVENT_FIELDS)
        return event

    def _updated_event(self, row: EventRow, now: dt.datetime) -> Event:
        event = Event(pk=row.pk, updated=now)
        self._assign(event, row, self.fields)
        return event

    @staticmethod
    def _assign(event: Event, row: EventRow, fields: Iterable[str]) -> None:
        for name in fields:
            if name == "location":
                event.location = (
                    None if row.latitude is None else Point(row.longitude, row.latitude, srid=4326)
                )
            else:
                setattr(event, name, getattr(row, name))
