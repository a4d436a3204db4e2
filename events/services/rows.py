"""The one upsert every writer uses: writes nothing when nothing differs."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

RowModel = TypeVar("RowModel", bound=models.Model)


def row_upsert(
    *, model: type[RowModel], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[RowModel, bool]:
    """Like update_or_create, but writes nothing when nothing differs: no history version, no
    new data version (API caches stay valid) when seeds or imports are loaded again.
    Returns (row, whether it was created or changed)."""
    # _default_manager rather than .objects: the one manager every model has (it is `objects`
    # on all of ours), and the one a function over any model can name.
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        return model._default_manager.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
    return row, bool(changed)
