# Each version of an event keeps its sources (HistoricalRecords(m2m_fields=[..., "sources"])), as
# it keeps its actor links (0013). Event.sources, through EventSource, has no column: it is added
# to Django's state only (SQLite's schema editor would otherwise rebuild the events table, which
# SpatiaLite's geometry bookkeeping does not survive). Versions written before this migration
# kept no sources: each is given the sources its event has now, so its History shows no change
# of sources it cannot prove, and reverting to one leaves the sources as they are.

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


BACKFILL = """
INSERT INTO events_historicaleventcitations
    (id, quote, quote_start, quote_end, added_at, added_by_id, event_id, source_id, history_id)
SELECT es.id, es.quote, es.quote_start, es.quote_end, es.added_at, es.added_by_id, es.event_id,
       es.source_id, h.history_id
FROM events_eventsource es JOIN events_historicalevent h ON h.id = es.event_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0019_event_duplicates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='event',
                    name='sources',
                    field=models.ManyToManyField(blank=True, related_name='cited_in', through='events.EventSource', to='events.source'),
                ),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalEventCitations',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('quote', models.TextField(blank=True, help_text='The words of the source the event rests on.')),
                ('quote_start', models.PositiveIntegerField(blank=True, help_text='Character offset of the quote in the source text.', null=True)),
                ('quote_end', models.PositiveIntegerField(blank=True, null=True)),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('added_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('event', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.event')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='events.historicalevent')),
                ('source', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='events.source')),
            ],
            options={
                'verbose_name': 'HistoricalEventCitations',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
