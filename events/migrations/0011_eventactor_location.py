# EventActor gets a copy of its event's position (event_lon, event_lat) beside event_date, all
# kept by database triggers (events/denormalised.py), and the map's index includes them: the
# bbox then drops links before any event row is read. The triggers of 0008 and 0010 are
# replaced here (their bodies name the new columns), and every link's copies are backfilled.

from django.db import migrations, models


def install(apps, schema_editor):
    from events.db.link_copies import triggers_install

    triggers_install(schema_editor.connection, backfill=True)


def uninstall(apps, schema_editor):
    from events.db.link_copies import triggers_drop

    triggers_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_eventactor_date_bulk_bypass"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="eventactor",
            name="eventactor_actor_date_event",
        ),
        migrations.AddField(
            model_name="eventactor",
            name="event_lat",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="eventactor",
            name="event_lon",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        # Copies filled before the index exists: one index build, not a million index updates.
        migrations.RunPython(install, uninstall, elidable=False),
        migrations.AddIndex(
            model_name="eventactor",
            index=models.Index(
                fields=["actor", "event_date", "event"],
                include=("event_lon", "event_lat"),
                name="eventactor_actor_date_bbox",
            ),
        ),
    ]
