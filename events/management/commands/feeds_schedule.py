from typing import Any

from django.core.management.base import BaseCommand

from events.services.feed_jobs import feeds_schedule


class Command(BaseCommand):
    help = (
        "Queue the periodic feeds task (it reads the feeds that are due, then queues itself "
        "again) unless one is already waiting. Run before the job workers start."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = feeds_schedule()
        self.stdout.write("Queued the periodic feeds task." if queued else "Already queued.")
