"""Reads on actors: the one name -> actor resolver (filters, ingest and importers ask it)."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.text import slugify

from events.domain.names import normalize_name
from events.models import Actor, ActorAlias


def actor_resolve(name: str) -> Actor | None:
    """The actor a name or alias stands for ("ISIS", "Daesh" -> Islamic State), or None."""
    key = normalize_name(name)
    if not key:
        return None
    keys = [key, key[4:]] if key.startswith("the ") else [key]  # "the army of Mali"
    for k in keys:
        alias = ActorAlias.objects.select_related("actor").filter(normalized=k).first()
        if alias:
            return alias.actor
    return Actor.objects.filter(slug=slugify(name)).first()


def actor_ids_by_key() -> dict[str, int]:
    """normalize_name key -> actor id, for resolving many names at once (the importers).

    The key rule of actor_resolve, read once: every alias; and each actor's own name where no
    alias has its key (an actor made in the admin may lack the alias of its name), the first
    by name when two names share a key.
    """
    index = dict(ActorAlias.objects.values_list("normalized", "actor_id"))
    for actor_id, name in Actor.objects.order_by("name").values_list("id", "name"):
        index.setdefault(normalize_name(name), actor_id)
    return index


class AliasEntry(NamedTuple):
    """An alias as written, and the actor it stands for."""

    alias: str
    pk: int
    name: str
    slug: str
    kind: int
    country: str
    proposed: bool


def actor_alias_index() -> dict[str, AliasEntry]:
    """Every alias by the key `actor_resolve` looks a name up by (ActorAlias.normalized, i.e.
    `normalize_name`): one query, so the ingest pipeline resolves each name of a report in
    memory. Aliases only, without actor_resolve's slug fallback: in running text "Syria" is the
    country, not the actor whose slug is syria."""
    rows = ActorAlias.objects.values_list(
        "normalized",
        "alias",
        "actor_id",
        "actor__name",
        "actor__slug",
        "actor__kind",
        "actor__country",
        "actor__proposed",
    )
    return {
        normalized: AliasEntry(alias, pk, name, slug, kind, country, proposed)
        for normalized, alias, pk, name, slug, kind, country, proposed in rows
    }
