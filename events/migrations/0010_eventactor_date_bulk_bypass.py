# The PostgreSQL insert trigger of EventActor.event_date gains a WHEN clause: an importer's
# INSERT ... SELECT that joins the date from the events sets a transaction-local flag and skips
# the per-row lookup (events/denormalised.py). CREATE OR REPLACE: the same function, no data.

from django.db import migrations


def install(apps, schema_editor):
    from events.denormalised import triggers_install

    triggers_install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_data_version"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop, elidable=False),
    ]
