import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from events.geo.geocoders import GeocoderUnavailable
from events.models import Event
from events.services.events import events_geocode_again
from events.services.places import place_geocode

# Exit codes: 1 nothing found for a name; 3 the geocoder could not answer (nothing was cached:
# run again later).
UNAVAILABLE = 3


class Command(BaseCommand):
    help = (
        "Geocode place names through the configured geocoder (prints one JSON object per name), "
        "or, with --unlocated, try again to place every unlocated event from its place name. "
        "Exit code 1: a name was not found; 3: the geocoder could not answer (try again later)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="Place names, e.g. 'Dayr al-Zawr'")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 hint, e.g. SY")
        parser.add_argument(
            "--unlocated",
            action="store_true",
            help="Geocode the unlocated events again; each one's unlocated_reason says what "
            "happened (cleared when placed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["unlocated"]:
            if options["names"] or options["country"]:
                raise CommandError("--unlocated takes no names and no --country.")
            self._unlocated()
            return
        if not options["names"]:
            raise CommandError("Give place names to geocode, or --unlocated.")
        country = (options["country"] or "").upper() or None
        if country and (len(country) != 2 or not country.isalpha()):
            raise CommandError(
                f"--country must be a two-letter ISO code, got {options['country']!r}"
            )
        missing = []
        for name in options["names"]:
            try:
                place = place_geocode(name=name, country=country)
            except GeocoderUnavailable as exc:
                raise CommandError(
                    f"{exc}. Nothing was cached for {name!r}: try again later.",
                    returncode=UNAVAILABLE,
                ) from exc
            if place is None:
                missing.append(name)
                continue
            self.stdout.write(
                json.dumps(
                    {
                        "query": name,
                        "name": place.name,
                        "latitude": place.latitude,
                        "longitude": place.longitude,
                        "country_code": place.country_code,
                        "geonames_id": place.geonames_id,
                    },
                    ensure_ascii=False,
                )
            )
        if missing:
            hint = f" in {country}" if country else ""
            raise CommandError(f"No place found{hint} for: {', '.join(missing)}", returncode=1)

    def _unlocated(self) -> None:
        events = list(Event.objects.unlocated().exclude(place_name="").order_by("pk"))
        result = events_geocode_again(events=events)
        message = f"Unlocated events geocoded again: {result.summary()}."
        if result.unavailable:
            raise CommandError(message, returncode=UNAVAILABLE)
        self.stdout.write(message)
