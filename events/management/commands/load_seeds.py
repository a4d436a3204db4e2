from typing import Any

from django.core.management.base import BaseCommand

from events.services.seeds import seeds_load


class Command(BaseCommand):
    help = "Load the curated seed actors and events (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = seeds_load(progress=options["verbosity"] >= 1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeds: {summary.actors} actors, {summary.events_created} events created, "
                f"{summary.events_updated} updated, the rest unchanged."
            )
        )
        if summary.unlocated:
            self.stdout.write(f"Unlocated, for a curator: {', '.join(summary.unlocated)}")
