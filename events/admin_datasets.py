"""The admin's datasets: their terms and who may see them (registered from events/admin.py).

Each write goes through `dataset_update`; a dataset is made by the first import, ingest or seed
load of its key, and never deleted (its events would lose their terms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from events.domain.datasets import PUBLIC, STAFF
from events.models import Dataset
from events.services.datasets import EDITABLE, dataset_update

if TYPE_CHECKING:
    from events.admin import AdminRequest


@admin.register(Dataset)
class DatasetAdmin(SimpleHistoryAdmin):
    list_display = ("title", "key", "visibility", "licence", "attribution")
    list_filter = ("visibility",)
    readonly_fields = ("key",)
    fields = ("key", *EDITABLE)
    actions = ("publish", "make_staff_only")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Dataset | None = None) -> bool:
        return False

    def save_model(
        self, request: AdminRequest, obj: Dataset, form: ModelForm, change: bool
    ) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE}
        stored = Dataset.objects.get(pk=obj.pk)
        dataset_update(dataset=stored, changes=changes, user=request.user)

    @admin.action(description="Publish: show their verified events to everyone")
    def publish(self, request: AdminRequest, queryset: QuerySet[Dataset]) -> None:
        self._set_visibility(request, queryset, PUBLIC)

    @admin.action(description="Make staff only: hide their events from everyone but staff")
    def make_staff_only(self, request: AdminRequest, queryset: QuerySet[Dataset]) -> None:
        self._set_visibility(request, queryset, STAFF)

    def _set_visibility(
        self, request: AdminRequest, queryset: QuerySet[Dataset], visibility: str
    ) -> None:
        changed = [
            dataset_update(dataset=d, changes={"visibility": visibility}, user=request.user)
            for d in queryset
            if d.visibility != visibility
        ]
        label = "public" if visibility == PUBLIC else "staff only"
        names = ", ".join(str(d) for d in changed) or "none (already so)"
        self.message_user(request, f"Now {label}: {names}.", messages.SUCCESS)
