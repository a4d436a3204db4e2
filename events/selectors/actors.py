"""Reads on actors: the one name -> actor resolver (filters, ingest and importers ask it), and
the ranking of actors for a search box (the map's actor picker, /api/actors.json?search=)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from django.utils.text import slugify

from events.domain.names import fold, normalize_name
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


# How a search matches a name, best first: all of it ("IS" is the alias IS), whole words of it
# ("IS" in "IS Sahel"), its start ("Isl" of "Islamic State"), a word's start ("State"), inside
# a word ("is" in "Russia").
EXACT, WORDS, PREFIX, WORD_PREFIX, INSIDE = range(5)


@lru_cache(maxsize=2**16)
def _keys(text: str) -> frozenset[str]:
    """The forms a name is compared in: folded (case, accents, punctuation; other scripts
    transliterated), and as `normalize_name` keys aliases (Arabic articles dropped too).
    Cached: a search compares against every name and alias of the registry (thousands), whose
    keys never change; folding them afresh was most of an actor search's time."""
    return frozenset({fold(text), normalize_name(text)} - {""})


def name_match(search: str, name: str) -> int | None:
    """How `search` matches `name` (EXACT ... INSIDE), or None when it does not."""
    best: int | None = None
    for s in _keys(search):
        for key in _keys(name):
            if key == s:
                return EXACT
            padded = f" {key} "
            if f" {s} " in padded:
                rank = WORDS
            elif key.startswith(s):
                rank = PREFIX
            elif f" {s}" in padded:
                rank = WORD_PREFIX
            elif s in key:
                rank = INSIDE
            else:
                continue
            best = rank if best is None else min(best, rank)
    return best


def actor_ids_named(search: str) -> set[int]:
    """Ids of the actors `search` matches at all (by `name_match`): by name, slug or an alias.
    Two reads of the registry's names; the caller counts only these actors' events."""
    names = [*Actor.objects.values_list("id", "name"), *Actor.objects.values_list("id", "slug")]
    names += ActorAlias.objects.values_list("actor_id", "alias")
    keys = _keys(search)
    return {pk for pk, name in names if any(s in key for key in _keys(name) for s in keys)}


def actors_search(rows: Iterable[dict[str, Any]], search: str) -> list[dict[str, Any]]:
    """The actor rows (slug, name, aliases, count: /api/actors.json's) that `search` matches by
    name, slug or an alias, best match first (exact or whole words, then a start, then inside),
    then most events, then by name. Each row gains `match`: the alias it matched best by, ""
    when its name or slug matched as well."""
    ranked = []
    for row in rows:
        by_name = [name_match(search, n) for n in (row["name"], row["slug"])]
        best = min((r for r in by_name if r is not None), default=None)
        match = ""
        for alias in row.get("aliases", ()):
            rank = name_match(search, alias)
            if rank is not None and (best is None or rank < best):
                best, match = rank, alias
        if best is not None:
            ranked.append((best, -row.get("count", 0), row["name"], {**row, "match": match}))
    ranked.sort(key=lambda item: item[:3])
    return [row for *_, row in ranked]
