"""manage.py feeds_fetch: read due feeds (--all-due, the periodic job) or one (--feed ID) now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from events.models import Feed
from events.services.feeds import FetchSummary, feed_claim, feed_fetch, feeds_due


class Command(BaseCommand):
    help = (
        "Fetch registered feeds and article URLs, ingest new items as drafts, and print what "
        "happened (docs/feeds.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--feed", type=int, metavar="ID", help="fetch this feed now, due or not")
        which.add_argument("--all-due", action="store_true", help="fetch every active feed due")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["feed"] is not None:
            feed = Feed.objects.filter(pk=options["feed"]).first()
            if feed is None:
                raise CommandError(f"No feed {options['feed']}.")
            feeds = [feed]
        else:
            # Claimed one by one, so a second scheduler running at once skips what this one has.
            feeds = [f for f in feeds_due(now=now) if feed_claim(feed=f, now=now)]
        summary = FetchSummary()
        # disable=None: a bar on a terminal, nothing in a cron log.
        for feed in tqdm(feeds, desc="feeds", unit="feed", disable=None):
            summary.add(feed_fetch(feed=feed, now=now))
        self.stdout.write(
            f"fetched {summary.fetched} feed(s), {summary.new_items} new item(s), "
            f"{summary.drafts} draft(s) created from {summary.sources} new source(s), "
            f"{summary.duplicates} skipped duplicate(s), {summary.failures} failure(s), "
            f"{summary.rejected} rejected by ingest"
        )
