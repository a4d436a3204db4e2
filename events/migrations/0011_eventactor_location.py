# EventActor gets a copy of its event's position (event_lon, event_lat) beside event_date, all
# kept by database triggers (events/db/link_copies.py), and the map's index includes them: the
# bbox then drops links before any event row is read. The triggers, and the backfill of every
# link's copies, were done here by calling that module until migration 0012 took them over
# with a frozen copy of their SQL (a migration must not run code that changes after it is
# written).

from django.db import migrations, models


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
        migrations.AddIndex(
            model_name="eventactor",
            index=models.Index(
                fields=["actor", "event_date", "event"],
                include=("event_lon", "event_lat"),
                name="eventactor_actor_date_bbox",
            ),
        ),
    ]
