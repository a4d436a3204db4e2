"""The one upsert every writer uses: writes nothing when nothing differs."""

from __future__ import annotations

from django.db import models


def row_upsert(
    *, model: type[models.Model], lookup: dict, values: dict
) -> tuple[models.Model, bool]:
    """Like update_or_create, but writes nothing when nothing differs: no history version, no
    new data version (API caches stay valid) when seeds or imports are loaded again.
    Returns (row, whether it was created or changed)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
    return row, bool(changed)
