import json

from django.core.management.base import BaseCommand, CommandError

from events.geocoding import place_geocode


class Command(BaseCommand):
    help = "Geocode place names through the configured geocoder; prints one JSON object per name."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", help="Place names, e.g. 'Dayr al-Zawr'")
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 hint, e.g. SY")

    def handle(self, *args, **options):
        country = (options["country"] or "").upper() or None
        if country and (len(country) != 2 or not country.isalpha()):
            raise CommandError(
                f"--country must be a two-letter ISO code, got {options['country']!r}"
            )
        missing = []
        for name in options["names"]:
            place = place_geocode(name, country=country)
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
