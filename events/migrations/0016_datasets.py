# Datasets with their terms (events/domain/datasets.py): a row for each dataset key events already
# hold, plus the three of our own. ACLED's and UCDP's start staff only, as their terms ask (ACLED
# forbids giving others access to its raw data): an operator who has the right publishes them in
# the admin. A key nobody declared starts staff only too. The terms are a frozen
# copies (this migration imports nothing of events/), so it does on a fresh database what it did
# the day it was written. Migration 0017 installs the data version's triggers on the new table.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


CC_BY = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
OURS = "ConflictMap curators; each event cites the reports it rests on"
TERMS = {
    "": ("Curated in ConflictMap", *CC_BY, OURS, "", "public"),
    "seed": ("ConflictMap seed events", *CC_BY, OURS, "", "public"),
    "ingest": ("Curated from news reports", *CC_BY, OURS, "", "public"),
    "acled": (
        "ACLED (Armed Conflict Location & Event Data)",
        "ACLED Terms of Use and Attribution Policy",
        "https://acleddata.com/terms-of-use/",
        "Armed Conflict Location & Event Data (ACLED); www.acleddata.com",
        "https://acleddata.com/",
        "staff",
    ),
    "ucdp": (
        "UCDP Georeferenced Event Dataset (GED)",
        *CC_BY,
        "Uppsala Conflict Data Program (UCDP), Georeferenced Event Dataset; Sundberg, Ralph and "
        "Erik Melander (2013) Introducing the UCDP Georeferenced Event Dataset. Journal of Peace "
        "Research 50(4)",
        "https://ucdp.uu.se/downloads/",
        "staff",
    ),
}
FIELDS = ("title", "licence", "licence_url", "attribution", "url", "visibility")

def datasets_create(apps, schema_editor):
    Dataset = apps.get_model("events", "Dataset")
    Event = apps.get_model("events", "Event")
    held = set(Event.objects.order_by().values_list("dataset", flat=True).distinct())
    for key in sorted({"", "seed", "ingest"} | held):
        values = TERMS.get(key, (key, "", "", "", "", "staff"))
        Dataset.objects.get_or_create(key=key, defaults=dict(zip(FIELDS, values)))


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0015_verifications'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Dataset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(blank=True, help_text='Event.dataset.', max_length=40, unique=True)),
                ('title', models.CharField(max_length=200)),
                ('licence', models.CharField(blank=True, max_length=200)),
                ('licence_url', models.URLField(blank=True, max_length=500)),
                ('attribution', models.TextField(blank=True, help_text='Shown wherever its events are: map, event page, downloads.')),
                ('url', models.URLField(blank=True, max_length=500)),
                ('visibility', models.CharField(choices=[('public', 'Public'), ('staff', 'Staff only')], default='staff', max_length=6)),
            ],
            options={
                'ordering': ['key'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDataset',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('key', models.CharField(blank=True, db_index=True, help_text='Event.dataset.', max_length=40)),
                ('title', models.CharField(max_length=200)),
                ('licence', models.CharField(blank=True, max_length=200)),
                ('licence_url', models.URLField(blank=True, max_length=500)),
                ('attribution', models.TextField(blank=True, help_text='Shown wherever its events are: map, event page, downloads.')),
                ('url', models.URLField(blank=True, max_length=500)),
                ('visibility', models.CharField(choices=[('public', 'Public'), ('staff', 'Staff only')], default='staff', max_length=6)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical dataset',
                'verbose_name_plural': 'historical datasets',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(datasets_create, migrations.RunPython.noop),
    ]
