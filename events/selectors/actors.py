"""Reads on actors: the one name -> actor resolver (filters, ingest and importers ask it)."""

from __future__ import annotations

from django.utils.text import slugify

from events.domain.names import normalize_name
from events.models import Actor, ActorAlias


def actor_resolve(name: str) -> Actor | None:
    """The actor a name or alias stands for ("ISIS", "Daesh" -> Islamic State), or None."""
    key = normalize_name(name)
    if not key:
        return None
    alias = ActorAlias.objects.select_related("actor").filter(normalized=key).first()
    if alias:
        return alias.actor
    return Actor.objects.filter(slug=slugify(name)).first()
