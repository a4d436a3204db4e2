# The two-person rule (settings.VERIFY_REQUIRES): who verified an event, one row per curator.
# Events verified before this migration recorded their verifier on the event (verified_by,
# verified_at): each gets that one verification, so the rule counts it. Events verified by no
# one recorded (imports, seeds) get none: they stay published, as status is the rule.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BACKFILL = """
INSERT INTO events_verification (event_id, user_id, at)
SELECT id, verified_by_id, verified_at FROM events_event
WHERE status = 'verified' AND verified_by_id IS NOT NULL AND verified_at IS NOT NULL
"""


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0014_event_sources'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Verification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField()),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='verifications', to='events.event')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='verifications', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['at', 'id'],
                'constraints': [models.UniqueConstraint(fields=('event', 'user'), name='verification_one_per_curator')],
            },
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
