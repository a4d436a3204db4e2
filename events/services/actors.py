"""Writes on actors and their aliases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

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


@dataclass
class ActorsLoaded:
    """What `actors_load` wrote: actors created and updated, aliases created, and the aliases it
    skipped because another actor holds them (alias as written, its holder's name)."""

    actors: dict[str, Actor] = field(default_factory=dict)  # by spec slug
    created: int = 0
    updated: int = 0
    aliases_created: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def actors_load(*, specs: Iterable[dict[str, Any]]) -> ActorsLoaded:
    """Create or update many actors and their aliases in a few queries (the starter registry:
    hundreds of actors, thousands of aliases). Idempotent, keyed by slug (else by name, so an
    actor an import made under the same name is reused). An alias already held by another actor
    is skipped, not moved: the first spec, and any curator's or import's choice, wins.

    Written with bulk_create, as the importers write actors: no history rows for them.
    """
    loaded = ActorsLoaded()
    specs = list(specs)
    by_slug = {a.slug: a for a in Actor.objects.filter(slug__in=[s["slug"] for s in specs])}
    by_name = {a.name: a for a in Actor.objects.filter(name__in=[s["name"] for s in specs])}
    new: list[Actor] = []
    for spec in specs:
        actor = by_slug.get(spec["slug"]) or by_name.get(spec["name"])
        if actor is None:
            actor = Actor(slug=spec["slug"], **_actor_values(spec))
            new.append(actor)
            by_name[actor.name] = actor
        elif _actor_update(actor, spec):
            loaded.updated += 1
        by_slug[spec["slug"]] = loaded.actors[spec["slug"]] = actor
    Actor.objects.bulk_create(new, batch_size=500)
    loaded.created = len(new)
    _aliases_load(specs, loaded)
    return loaded


def _actor_values(spec: dict[str, Any]) -> dict[str, Any]:
    values = {
        "name": spec["name"],
        "kind": spec.get("kind", Actor.Kind.EXTERNAL_OTHER),
        "country": spec.get("country", ""),
    }
    if spec.get("colour"):
        values["colour"] = spec["colour"]
    return values


def _actor_update(actor: Actor, spec: dict[str, Any]) -> bool:
    """Set what differs from the spec on an existing actor and save it; whether it changed."""
    changed = {k: v for k, v in _actor_values(spec).items() if getattr(actor, k) != v}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(actor, name, value)
    actor.save(update_fields=list(changed))
    return True


def _aliases_load(specs: list[dict[str, Any]], loaded: ActorsLoaded) -> None:
    """Each spec's name and aliases as ActorAlias rows, in multi-row INSERTs (thousands of rows:
    model instances would cost more than the insert); keys held by another actor (in the
    database or by an earlier spec) are skipped and reported."""
    held = dict(ActorAlias.objects.values_list("normalized", "actor_id"))
    rows: list[tuple[int, str, str]] = []
    for spec in specs:
        pk = loaded.actors[spec["slug"]].pk
        for alias, key in spec.get("keys") or alias_keys(spec):
            holder = held.get(key)
            if holder is None:
                held[key] = pk
                rows.append((pk, alias[:255], key))
            elif holder != pk:
                loaded.skipped.append((alias, str(holder)))
    if loaded.skipped:
        names = dict(Actor.objects.values_list("id", "name"))
        loaded.skipped = [(a, names.get(int(h), h)) for a, h in loaded.skipped]
    table = connection.ops.quote_name(ActorAlias._meta.db_table)
    with connection.cursor() as cursor:
        # Rows by the hundred per statement: one round trip each (executemany sent one row per
        # statement: 0.6 s of the 1.3 s the seeds take on PostgreSQL).
        for start in range(0, len(rows), ALIAS_ROWS_PER_INSERT):
            chunk = rows[start : start + ALIAS_ROWS_PER_INSERT]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (actor_id, alias, normalized) VALUES {values}",
                [value for row in chunk for value in row],
            )
    loaded.aliases_created = len(rows)


ALIAS_ROWS_PER_INSERT = 500  # 1,500 parameters: well within SQLite's and PostgreSQL's limits


def alias_keys(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(alias, normalize_name key) for a spec's name and aliases, without empty keys."""
    pairs = [(a, normalize_name(a)) for a in [spec["name"], *spec.get("aliases", [])]]
    return [(a, k) for a, k in pairs if k]
