"""Reports from feeds (docs/feeds.md): fetch a curator's RSS/Atom feeds and article URLs, extract
each article's text and ingest it as drafts through `report_ingest`, recording what happened.

Network first, database after: no transaction is held open across a fetch. Duplicates are skipped
twice over: by URL before fetching (an item this feed has, or any Source with that URL) and by
text checksum in `report_ingest` (the same report at another URL). A feed whose document or any
item failed is retried on the backoff schedule (`backoff_delay`), its failed items with it; a
fully successful read resets the count. Entry points are keyword-only: `feed_register`,
`feed_fetch`, `feeds_fetch_due`, `article_ingest`; the integrator runs `feeds_fetch_due`
periodically (`manage.py feeds_fetch --all-due`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from events.ingest.articles import ArticleError, article_extract, backoff_delay, feed_parse
from events.ingest.errors import IngestError
from events.ingest.fetch import Fetched, FetchError, http_get
from events.models import Feed, FeedItem, Source
from events.services.ingest import report_ingest

# An item that failed this many times is left failed (its error kept) and no longer fetched.
MAX_ITEM_ATTEMPTS = 5
# A due feed claimed by one worker is not due for others for this long (two schedulers, or the
# admin's "Fetch now" during a run, do not fetch it twice at once).
CLAIM = dt.timedelta(minutes=30)
NOT_HTTP = "Only http and https URLs can be registered."
ITEMS_FAILED = "{failed} of {total} items failed; first: {url}: {error}"


@dataclass
class FetchSummary:
    """What one run did, for the command's summary and the admin's message."""

    fetched: int = 0  # feeds (or article URLs) read
    new_items: int = 0
    drafts: int = 0
    sources: int = 0
    duplicates: int = 0
    failures: int = 0  # feeds or items that failed
    rejected: int = 0  # readable pages ingest refused (no place named...)

    def add(self, other: FetchSummary) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ItemResult:
    item: FeedItem
    drafts: int = 0
    source_created: bool = False
    new: bool = True  # False: the item was there already and nothing was done


def _get(url: str) -> Fetched:
    return http_get(url, timeout=settings.FEEDS_TIMEOUT, allow_private=settings.FEEDS_ALLOW_PRIVATE)


def feed_register(
    *, url: str, kind: str = Feed.Kind.FEED, title: str = "", publisher: str = ""
) -> Feed:
    """A new feed or article URL, due at once (ValidationError for a URL that is not http(s))."""
    URLValidator(schemes=["http", "https"], message=NOT_HTTP)(url)
    feed = Feed(url=url, kind=kind, title=title, publisher=publisher, next_due=timezone.now())
    feed.full_clean()
    feed.save()
    return feed


def _known_source(url: str) -> Source | None:
    """A Source already stored for this URL: another feed's item, or a report ingested by hand."""
    return Source.objects.filter(url=url).order_by("pk").first()


def _item_store(
    item: FeedItem | None, values: dict[str, object], *, feed: Feed, url: str
) -> tuple[FeedItem, bool]:
    """(the item, stored by this run). A new item another run stored first (the admin's
    "Fetch now" beside a scheduled run of the same feed: both looked, found none, fetched) is
    that run's: its record stands and this run's outcome is dropped, as a duplicate's is."""
    if item is None:
        try:
            with transaction.atomic():
                return FeedItem.objects.create(feed=feed, url=url, **values), True
        except IntegrityError:
            return FeedItem.objects.get(feed=feed, url=url), False
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    return item, True


def _page_ingest(
    url: str, *, title: str, publisher: str, published: dt.date | None
) -> tuple[dict[str, object], int, bool]:
    """Fetch, extract and ingest one page: the item's fields, drafts created, source created."""
    try:
        page = _get(url)
        article = article_extract(page.body, url=page.url)
    except (FetchError, ArticleError) as exc:
        return {"status": FeedItem.Status.FAILED, "error": str(exc)}, 0, False
    try:
        result = report_ingest(
            article.text,
            published=published or article.published,
            title=title or article.title,
            publisher=publisher or article.publisher,
            url=url,
        )
    except IngestError as exc:
        return {"status": FeedItem.Status.REJECTED, "error": str(exc)}, 0, False
    status = FeedItem.Status.INGESTED if result.source_created else FeedItem.Status.DUPLICATE
    values = {"status": status, "error": "", "source": result.source}
    return values, len(result.created), result.source_created


def article_ingest(
    *,
    url: str,
    feed: Feed,
    title: str = "",
    guid: str = "",
    published: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ItemResult:
    """One article of `feed`: skipped if this feed has it already (unless it failed before and
    has attempts left) or any Source has its URL; else fetched, extracted and ingested. The
    outcome is its FeedItem."""
    now = now or timezone.now()
    item = FeedItem.objects.filter(feed=feed, url=url).first()
    if item is not None and (
        item.status != FeedItem.Status.FAILED or item.attempts >= MAX_ITEM_ATTEMPTS
    ):
        return ItemResult(item=item, new=False)
    base: dict[str, object] = {"guid": guid, "title": title, "fetched_at": now}
    if item is not None:
        base["attempts"] = item.attempts + 1
    known = _known_source(url)
    if known is not None:
        values = {"status": FeedItem.Status.DUPLICATE, "error": "", "source": known}
        stored, ours = _item_store(item, base | values, feed=feed, url=url)
        return ItemResult(item=stored, new=ours)
    values, drafts, created = _page_ingest(
        url, title=title, publisher=feed.publisher, published=published
    )
    stored, ours = _item_store(item, base | values, feed=feed, url=url)
    if not ours:
        return ItemResult(item=stored, new=False)
    return ItemResult(item=stored, drafts=drafts, source_created=created)


def _count(summary: FetchSummary, result: ItemResult) -> None:
    if not result.new:
        return
    summary.new_items += 1
    summary.drafts += result.drafts
    summary.sources += int(result.source_created)
    status = result.item.status
    summary.duplicates += int(status == FeedItem.Status.DUPLICATE)
    summary.failures += int(status == FeedItem.Status.FAILED)
    summary.rejected += int(status == FeedItem.Status.REJECTED)


def _feed_items(feed: Feed, now: dt.datetime) -> list[ItemResult]:
    """Read the feed document and ingest its entries (FetchError/ArticleError for the feed)."""
    if feed.kind == Feed.Kind.ARTICLE:
        return [article_ingest(url=feed.url, feed=feed, title=feed.title, now=now)]
    parsed = feed_parse(_get(feed.url).body)
    if parsed.title and not feed.title:
        feed.title = parsed.title
    if parsed.publisher and not feed.publisher:
        feed.publisher = parsed.publisher
    return [
        article_ingest(
            url=entry.url,
            feed=feed,
            title=entry.title,
            guid=entry.guid,
            published=entry.published,
            now=now,
        )
        for entry in parsed.entries
    ]


def _feed_failed(feed: Feed, now: dt.datetime, error: str, status: int | None) -> None:
    feed.consecutive_failures += 1
    feed.last_error = error
    feed.last_status = status
    delay = backoff_delay(
        feed.consecutive_failures,
        base=settings.FEEDS_BACKOFF_BASE,
        cap=settings.FEEDS_BACKOFF_CAP,
    )
    feed.next_due = now + delay


def feed_fetch(*, feed: Feed, now: dt.datetime | None = None) -> FetchSummary:
    """Read one feed (or article URL) now and ingest what is new; its outcome is recorded on the
    Feed (last_fetched, failures, last error, next due) and on each item."""
    now = now or timezone.now()
    summary = FetchSummary(fetched=1)
    try:
        results = _feed_items(feed, now)
    except (FetchError, ArticleError) as exc:
        summary.failures += 1
        _feed_failed(feed, now, str(exc), getattr(exc, "status", None))
        results = []
    else:
        for result in results:
            _count(summary, result)
        failed = [r.item for r in results if r.item.status == FeedItem.Status.FAILED and r.new]
        if failed:
            error = ITEMS_FAILED.format(
                failed=len(failed), total=len(results), url=failed[0].url, error=failed[0].error
            )
            _feed_failed(feed, now, error, None)
        else:
            feed.consecutive_failures, feed.last_error, feed.last_status = 0, "", None
            feed.next_due = now + settings.FEEDS_INTERVAL
        # An article URL is read until it is in (ingested, duplicate or rejected), then never.
        if feed.kind == Feed.Kind.ARTICLE and not failed:
            feed.active, feed.next_due = False, None
    feed.last_fetched = now
    feed.save()
    return summary


def feeds_due(*, now: dt.datetime) -> list[Feed]:
    return list(
        Feed.objects.filter(active=True)
        .filter(Q(next_due__isnull=True) | Q(next_due__lte=now))
        .order_by("next_due", "pk")
    )


def feed_claim(*, feed: Feed, now: dt.datetime) -> bool:
    """Take a due feed for this run: False if another run took it first (its next_due moved)."""
    claimed = Feed.objects.filter(pk=feed.pk, next_due=feed.next_due, active=True).update(
        next_due=now + CLAIM
    )
    return claimed == 1


def feeds_fetch_due(*, now: dt.datetime | None = None) -> FetchSummary:
    """Fetch every active feed that is due (the periodic job)."""
    now = now or timezone.now()
    summary = FetchSummary()
    for feed in feeds_due(now=now):
        if feed_claim(feed=feed, now=now):
            summary.add(feed_fetch(feed=feed, now=now))
    return summary


# What a curator may change on a registered feed (the URL and kind are its identity).
EDITABLE = ("title", "publisher", "active")


def feed_update(*, feed: Feed, changes: dict[str, object]) -> Feed:
    """Change a feed's title, publisher or active flag; reactivating makes it due at once."""
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} cannot be changed on a feed")
        setattr(feed, name, value)
    if changes.get("active") and feed.next_due is None:
        feed.next_due = timezone.now()
    feed.full_clean()
    feed.save()
    return feed
