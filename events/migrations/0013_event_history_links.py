# Each version of an event keeps its actor links (HistoricalRecords(m2m_fields=["actors"])).
# Versions written before this migration kept none: they are given the links each event has now,
# so their History shows no change of actors they cannot prove, and reverting to one leaves the
# links as they are rather than removing every actor.

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


BACKFILL = """
INSERT INTO events_historicaleventlinks
    (id, role, event_date, event_lon, event_lat, actor_id, event_id, history_id)
SELECT ea.id, ea.role, ea.event_date, ea.event_lon, ea.event_lat, ea.actor_id, ea.event_id,
       h.history_id
FROM events_eventactor ea JOIN events_historicalevent h ON h.id = ea.event_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0012_database_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalEventLinks',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('actor1', 'Actor 1'), ('actor2', 'Actor 2'), ('assoc1', 'Associated with actor 1'), ('assoc2', 'Associated with actor 2')], max_length=6)),
                ('event_date', models.DateField(blank=True, editable=False, null=True)),
                ('event_lon', models.FloatField(blank=True, editable=False, null=True)),
                ('event_lat', models.FloatField(blank=True, editable=False, null=True)),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('actor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.actor')),
                ('event', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.event')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='events.historicalevent')),
            ],
            options={
                'verbose_name': 'HistoricalEventLinks',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunSQL(
            BACKFILL,
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
