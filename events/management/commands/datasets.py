from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.domain.datasets import PUBLIC, STAFF
from events.models import Dataset
from events.services.datasets import dataset_update


class Command(BaseCommand):
    help = (
        "List the datasets with their licences and visibility; publish one you have the right "
        "to publish (ACLED and UCDP arrive staff only), or make one staff only again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--publish", metavar="KEY", action="append", default=[],
                            help="show this dataset's verified events to everyone")  # fmt: skip
        parser.add_argument("--staff-only", metavar="KEY", action="append", default=[],
                            help="hide this dataset's events from everyone but staff")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = {key: PUBLIC for key in options["publish"]}
        wanted |= {key: STAFF for key in options["staff_only"]}
        known = {d.key: d for d in Dataset.objects.all()}
        unknown = sorted(set(wanted) - set(known))
        if unknown:
            raise CommandError(
                f"No dataset {', '.join(map(repr, unknown))}: one of "
                f"{', '.join(repr(k) for k in sorted(known))} (a dataset exists once its first "
                "import, ingest or seed load ran)."
            )
        for key, visibility in wanted.items():
            dataset_update(dataset=known[key], changes={"visibility": visibility}, user=None)
        for dataset in Dataset.objects.order_by("key"):
            self.stdout.write(
                f"{dataset.key or '(manual)':10} {dataset.visibility:6}  {dataset.title}"
                + (f"; {dataset.licence}" if dataset.licence else "")
            )
