"""Post an admin change form as a browser would: every field as it was rendered, plus edits."""

from __future__ import annotations

import datetime

from django.forms import BaseForm


def _value(form: BaseForm, name: str):
    field = form.fields[name]
    value = form[name].value()
    if value is None:
        return ""
    if hasattr(field.widget, "serialize") and not isinstance(value, str):
        return field.widget.serialize(value)  # geometry widgets post GeoJSON/WKT text
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _form_data(form: BaseForm) -> dict:
    data = {}
    for name in form.fields:
        value = _value(form, name)
        if value == "" and getattr(form.fields[name].widget, "input_type", None) == "checkbox":
            continue
        data[form.add_prefix(name)] = value
    return data


def admin_form_data(response, **changes) -> dict:
    """The POST body of the admin change page in `response`, with `changes` applied."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            data.update(_form_data(form))
    data.update(changes)
    return data
