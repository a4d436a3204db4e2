"""The event's History page in words (django-simple-history's helper): each version's actor links
and sources as a curator reads them. Used by EventAdmin (events/admin.py)."""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator
from simple_history.template_utils import HistoricalRecordContextHelper

from events.models import EventActor


class EventHistoryHelper(HistoricalRecordContextHelper):
    """The History page's changes in words: an actor link reads "Russia (Actor 1)", a source
    its title and the start of its quote."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        if change.field == "actors":
            roles = dict(EventActor.Role.choices)
            return [f"{row['actor']} ({roles.get(row['role'], row['role'])})" for row in value]
        if change.field == "sources":
            return [
                f"{row['source']}"
                + (f" (“{Truncator(row['quote']).chars(60)}”)" if row["quote"] else "")
                for row in value
            ]
        return super().prepare_delta_change_value(change, value)
