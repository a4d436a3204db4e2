# EventActor.event_date: the event's date on each link, kept by database triggers
# (events/denormalised.py), and the (actor, event_date, event) index the map's filter reads.

from django.db import migrations, models


def install(apps, schema_editor):
    from events.denormalised import triggers_install

    triggers_install(schema_editor.connection, backfill=True)


def uninstall(apps, schema_editor):
    from events.denormalised import triggers_drop

    triggers_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_history_and_unlocated_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventactor",
            name="event_date",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        # Dates filled before the index exists: one index build, not a million index updates.
        migrations.RunPython(install, uninstall, elidable=False),
        migrations.RemoveIndex(
            model_name="eventactor",
            name="eventactor_actor_role_event",
        ),
        migrations.AddIndex(
            model_name="eventactor",
            index=models.Index(
                fields=["actor", "event_date", "event"], name="eventactor_actor_date_event"
            ),
        ),
    ]
