# The review queue (issue 14): DraftEvent, a proxy of Event (no table) that gives drafts an
# admin page of their own, with its permissions (events/admin_review.py follows Event's).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0017_dataset_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='DraftEvent',
            fields=[
            ],
            options={
                'verbose_name': 'draft to review',
                'verbose_name_plural': 'review queue',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('events.event',),
        ),
    ]
