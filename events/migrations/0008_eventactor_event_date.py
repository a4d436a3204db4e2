# EventActor.event_date: the event's date on each link, kept by database triggers
# (events/db/link_copies.py), and the (actor, event_date, event) index the map's filter reads.

from django.db import migrations, models


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
        # The triggers that fill it (and the backfill) were installed here until migration 0011
        # gave the links a copy of the event's position too: they now come with 0012, whose
        # frozen SQL names those columns.
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
