"""Feeds and article pages to text: pure helpers, no database and no network.

`feed_parse` reads RSS 2.0 or Atom bytes the caller fetched (feedparser never fetches here, so the
fetch goes through the one guarded client, events/ingest/fetch.py). `article_extract` turns an
article page's HTML into its body text, without the navigation, footer and ads, with trafilatura
(offline: it reads only the string it is given). `backoff_delay` is the retry schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import feedparser
import trafilatura
from trafilatura.utils import decode_file

# Article text shorter than this is a page we could not read (a consent wall, an index page), not
# a report: recorded as unparseable rather than ingested as a one-line "report".
MIN_ARTICLE_CHARS = 200
UNPARSEABLE_FEED = "The feed is not RSS or Atom: {reason}"
UNPARSEABLE_PAGE = "No article text could be extracted from the page (got {chars} characters)."


class ArticleError(ValueError):
    """A feed or page we fetched but cannot read: recorded on the feed or item."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    guid: str
    title: str
    published: dt.date | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    publisher: str
    entries: list[FeedEntry]


@dataclass(frozen=True)
class Article:
    text: str
    title: str
    publisher: str
    published: dt.date | None


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.date(*parsed[:3])  # a UTC struct_time: the date as the feed gives it


def feed_parse(body: bytes) -> ParsedFeed:
    """The feed's title and its entries that link somewhere (in document order)."""
    parsed = feedparser.parse(body)
    # feedparser is lenient: "bozo" with no feed version means it found no feed at all; bozo on
    # a recognised feed (a bad character, a wrong declared encoding) still yields its entries.
    if not parsed.get("version"):
        reason = str(parsed.get("bozo_exception") or "no <rss> or <feed> element")
        raise ArticleError(UNPARSEABLE_FEED.format(reason=reason[:200]))
    feed = parsed.get("feed", {})
    entries = []
    for entry in parsed.get("entries", []):
        url = (entry.get("link") or "").strip()
        if not url:
            continue
        entries.append(
            FeedEntry(
                url=url,
                guid=(entry.get("id") or url)[:500],
                title=(entry.get("title") or "").strip()[:500],
                published=_entry_date(entry),
            )
        )
    title = (feed.get("title") or "").strip()
    publisher = (feed.get("author") or feed.get("publisher") or "").strip()
    return ParsedFeed(title=title[:300], publisher=publisher[:255], entries=entries)


def _meta_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def article_extract(html: str | bytes, *, url: str = "") -> Article:
    """The article's text, title, site name and date from its page (raises ArticleError when the
    page has no article text)."""
    if isinstance(html, bytes):  # the page's declared or detected encoding, else UTF-8
        html = decode_file(html)
    text = trafilatura.extract(
        html,
        url=url or None,
        include_comments=False,
        include_tables=False,
        # Precision over recall: a stray "Subscribe" line is a worse draft than a lost caption.
        favor_precision=True,
    )
    text = (text or "").strip()
    if len(text) < MIN_ARTICLE_CHARS:
        raise ArticleError(UNPARSEABLE_PAGE.format(chars=len(text)))
    meta = trafilatura.extract_metadata(html, default_url=url or None, extensive=False)
    return Article(
        text=text,
        title=((meta.title if meta else "") or "").strip()[:500],
        publisher=((meta.sitename if meta else "") or "").strip()[:255],
        # Only a date the page states in its metadata (extensive=False): htmldate's guesses from
        # copyright lines and URLs would date a report wrongly, which is worse than no date.
        published=_meta_date(meta.date if meta else None),
    )


def backoff_delay(failures: int, *, base: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    """How long to wait after `failures` consecutive failures: base * 2**failures, at most cap."""
    if failures <= 0:
        return base
    # Cap the exponent so a feed failing for years cannot overflow timedelta.
    return min(base * (2 ** min(failures, 32)), cap)
