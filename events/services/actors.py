"""Writes on actors and their aliases."""

from __future__ import annotations

from collections.abc import Iterable

from events.domain.names import normalize_name
from events.models import Actor, ActorAlias
from events.services.rows import row_upsert


def actor_upsert(
    *,
    slug: str,
    name: str,
    kind: int = Actor.Kind.EXTERNAL_OTHER,
    country: str = "",
    colour: str | None = None,
    aliases: Iterable[str] = (),
) -> Actor:
    """Create or update an actor and give it its aliases (its own name always among them)."""
    defaults = {"name": name, "kind": kind, "country": country}
    if colour:
        defaults["colour"] = colour
    actor, _ = row_upsert(model=Actor, lookup={"slug": slug}, values=defaults)
    wanted = {normalize_name(a): a for a in reversed([name, *aliases]) if normalize_name(a)}
    existing = dict(
        ActorAlias.objects.filter(normalized__in=wanted).values_list("normalized", "actor_id")
    )
    for key, owner in existing.items():
        if owner != actor.pk:
            other = Actor.objects.get(pk=owner).name
            raise ValueError(f"Alias {wanted[key]!r} of {name!r} already belongs to {other!r}.")
    ActorAlias.objects.bulk_create(
        [
            ActorAlias(actor=actor, alias=alias, normalized=key)
            for key, alias in wanted.items()
            if key not in existing
        ]
    )
    return actor
