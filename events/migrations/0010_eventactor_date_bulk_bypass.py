# The PostgreSQL insert trigger of EventActor.event_date gains a WHEN clause: an importer's
# INSERT ... SELECT that joins the date from the events sets a transaction-local flag and skips
# the per-row lookup (events/db/link_copies.py). CREATE OR REPLACE: the same function, no data.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_data_version"),
    ]

    operations = [
        # Now installed by 0012 (see 0008): nothing left to do here.
    ]
