"""Reports from feeds, end to end on a local server (tests/support/feeds.py): RSS and Atom read,
article text extracted from real pages wrapped in boilerplate, drafts stored with their source,
duplicates skipped by URL and by checksum, failures recorded and backed off, SSRF refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from events.ingest import fetch
from events.ingest.articles import backoff_delay
from events.ingest.fetch import FetchError, http_get
from events.models import Event, Feed, FeedItem, Source
from events.services.feeds import feed_fetch, feed_register, feeds_fetch_due
from tests.support.feeds import DATA, FEEDS_TIMEOUT, FeedServer

NOW = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()


@pytest.fixture
def local(settings, server: FeedServer) -> FeedServer:
    """Feeds may reach 127.0.0.1 (the test server), with a client timeout well under /slow's and
    well over what a page takes on a loaded machine (0.3 s timed a script-only page out once, in
    a full `make test` run)."""
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEEDS_TIMEOUT = FEEDS_TIMEOUT
    server.routes.clear()
    server.redirects.clear()
    server.requests.clear()
    return server


def test_an_rss_feed_becomes_sources_and_drafts_once(db, local):
    feed = feed_register(url=local.url("conflict.rss"), publisher="Test wire")
    summary = feed_fetch(feed=feed, now=NOW)

    assert (summary.fetched, summary.new_items, summary.sources, summary.failures) == (1, 2, 2, 0)
    sources = {s.title: s for s in Source.objects.all()}
    lingyado = sources["Gunmen Attack Nigerian Village, Killing 19 People"]
    assert lingyado.url == local.url("lingyado.html")
    assert lingyado.publisher == "Test wire"
    assert lingyado.published == dt.date(2011, 10, 24)  # the feed's pubDate
    assert "Lingyado village in Zamfara state" in lingyado.text
    assert "Advertisement" not in lingyado.text and "Copyright" not in lingyado.text
    assert "Most read" not in lingyado.text and "Subscribe" not in lingyado.text
    drafts = Event.objects.filter(status=Event.Status.DRAFT, source__in=sources.values())
    assert drafts.count() == summary.drafts > 0
    assert set(FeedItem.objects.values_list("status", flat=True)) == {FeedItem.Status.INGESTED}
    feed.refresh_from_db()
    assert feed.title == "Africa & Middle East: conflict reports"  # filled from the channel
    assert (feed.consecutive_failures, feed.last_fetched) == (0, NOW)
    assert feed.next_due == NOW + dt.timedelta(hours=1)
    assert all(agent.startswith("ConflictMap/") for agent in local.agents)

    local.requests.clear()
    again = feed_fetch(feed=feed, now=NOW + dt.timedelta(hours=1))
    assert (again.new_items, again.sources, again.drafts) == (0, 0, 0)
    assert local.requests == ["/conflict.rss"]  # the pages are not fetched again (URL dedup)
    assert Source.objects.count() == 2


def test_atom_entries_and_the_same_text_at_another_url(db, local):
    rss = feed_register(url=local.url("conflict.rss"))
    feed_fetch(feed=rss, now=NOW)
    atom = feed_register(url=local.url("conflict.atom"))
    summary = feed_fetch(feed=atom, now=NOW)

    assert (summary.new_items, summary.sources, summary.duplicates) == (2, 1, 1)
    copy = FeedItem.objects.get(feed=atom, url=local.url("lingyado-copy.html"))
    assert copy.status == FeedItem.Status.DUPLICATE  # same text: the checksum found it
    assert copy.source is not None and copy.source.url == local.url("lingyado.html")
    tessalit = FeedItem.objects.get(feed=atom, url=local.url("tessalit.html")).source
    assert tessalit is not None and tessalit.published == dt.date(2017, 8, 12)
    assert tessalit.publisher == "The Statesman"  # the Atom feed's author
    assert Source.objects.count() == 3

    # The same URL in another feed is skipped before fetching: a Source has it already.
    local.requests.clear()
    local.routes["/other.rss"] = (
        200,
        "application/rss+xml",
        (
            '<rss version="2.0"><channel><title>Other</title><item><title>x</title>'
            f"<link>{local.url('tessalit.html')}</link></item></channel></rss>"
        ).encode(),
    )
    other = feed_register(url=local.url("other.rss"))
    assert feed_fetch(feed=other, now=NOW).duplicates == 1
    assert local.requests == ["/other.rss"]


def test_failures_are_recorded_backed_off_and_retried_until_a_success_resets(db, local):
    feed = feed_register(url=local.url("broken.rss"))
    summary = feed_fetch(feed=feed, now=NOW)

    assert (summary.new_items, summary.failures, summary.sources) == (4, 4, 0)
    errors = dict(FeedItem.objects.filter(feed=feed).values_list("title", "error"))
    assert errors["Gone"] == "HTTP 404 from the server."
    assert errors["Server error"] == "HTTP 500 from the server."
    assert errors["Too slow"] == f"Timed out after {FEEDS_TIMEOUT:g} s."
    assert errors["Script-only page"].startswith("No article text could be extracted")
    feed.refresh_from_db()
    assert feed.consecutive_failures == 1
    assert feed.last_error.startswith("4 of 4 items failed")
    assert feed.next_due == NOW + dt.timedelta(minutes=30)  # 15 min * 2**1

    # The feed itself fails next (a 503): counted, and the wait doubles.
    local.routes["/broken.rss"] = (503, "text/plain", b"down")
    later = feed.next_due
    feed_fetch(feed=feed, now=later)
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.last_status) == (2, 503)
    assert feed.last_error == "HTTP 503 from the server."
    assert feed.next_due == later + dt.timedelta(hours=1)

    # The pages come back: the failed items are retried and a clean read resets the feed.
    del local.routes["/broken.rss"]
    page = (200, "text/html", (DATA / "tessalit.html").read_bytes())
    for path in ("/status/404", "/status/500", "/slow", "/unparseable.html"):
        local.routes[path] = page
    retried = feed_fetch(feed=feed, now=feed.next_due)
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.last_error, feed.last_status) == (0, "", None)
    assert retried.failures == 0 and retried.sources == 1 and retried.duplicates == 3
    assert set(FeedItem.objects.filter(feed=feed).values_list("attempts", flat=True)) == {2}


def test_backoff_doubles_up_to_its_cap():
    base, cap = dt.timedelta(minutes=15), dt.timedelta(days=1)
    delays = [backoff_delay(n, base=base, cap=cap) for n in (1, 2, 3, 7, 100)]
    assert delays[:3] == [dt.timedelta(minutes=m) for m in (30, 60, 120)]
    assert delays[3:] == [cap, cap]


def test_a_single_article_url_is_ingested_once_then_left(db, local):
    feed = feed_register(url=local.url("omdurman.html"), kind=Feed.Kind.ARTICLE)
    summary = feeds_fetch_due(now=timezone.now())
    assert (summary.fetched, summary.sources) == (1, 1)
    source = Source.objects.get()
    assert (source.publisher, source.published) == ("Pars Today", dt.date(2023, 7, 9))
    feed.refresh_from_db()
    assert (feed.active, feed.next_due) == (False, None)
    assert feeds_fetch_due(now=timezone.now()).fetched == 0  # not due ever again


def test_the_command_fetches_due_feeds_and_prints_a_summary(db, local, capsys):
    feed_register(url=local.url("conflict.rss"))
    call_command("feeds_fetch", "--all-due")
    out = capsys.readouterr().out
    assert "fetched 1 feed(s), 2 new item(s)" in out
    assert "0 skipped duplicate(s), 0 failure(s)" in out
    assert Source.objects.count() == 2


def test_private_addresses_and_other_schemes_are_refused(db, settings, server):
    settings.FEEDS_ALLOW_PRIVATE = False
    server.requests.clear()
    for url in (server.url("conflict.rss"), "http://localhost/", "http://169.254.169.254/"):
        with pytest.raises(FetchError, match=r"Refused: .* private, loopback") as refused:
            http_get(url, timeout=0.3, allow_private=False)
        assert refused.value.refused
    with pytest.raises(FetchError, match="only http and https"):
        http_get("file:///etc/passwd", timeout=0.3, allow_private=False)
    with pytest.raises(ValidationError):
        feed_register(url="ftp://example.org/feed.xml")
    feed = feed_register(url=server.url("conflict.rss"))
    assert feed_fetch(feed=feed, now=NOW).failures == 1
    feed.refresh_from_db()
    assert feed.last_error.startswith("Refused: 127.0.0.1")
    assert server.requests == []  # nothing reached the server


def test_the_connected_address_is_checked_even_when_the_name_looked_public(server, monkeypatch):
    """A DNS answer that changes after the check (rebinding) still cannot reach 127.0.0.1."""
    server.requests.clear()
    monkeypatch.setattr(fetch, "url_check", lambda url, allow_private: None)
    with pytest.raises(FetchError, match=r"Refused: 127\.0\.0\.1"):
        http_get(server.url("conflict.rss"), timeout=0.3, allow_private=False)
    assert server.requests == []


def test_a_body_over_the_cap_is_not_read(server):
    server.routes["/big"] = (200, "text/html", b"x" * 2048)
    with pytest.raises(FetchError, match="larger than"):
        http_get(server.url("big"), timeout=0.3, allow_private=True, max_bytes=1024)


def test_the_admin_adds_an_article_url_fetches_it_and_escapes_hostile_titles(
    db, admin_client, local
):
    hostile = "<script>window.__pwned=1</script>"
    response = admin_client.post(
        "/admin/events/feed/add/",
        {"url": local.url("tessalit.html"), "kind": "article", "title": hostile, "publisher": ""},
    )
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert feed.next_due is not None  # registered through feed_register: due at once
    response = admin_client.post(
        "/admin/events/feed/",
        {"action": "fetch_now", "_selected_action": [feed.pk]},
        follow=True,
    )
    assert "Fetched 1: 1 new item(s)" in response.content.decode()
    feed.refresh_from_db()
    feed.last_error = f"{hostile} failed"
    feed.save()
    page = admin_client.get("/admin/events/feed/").content.decode()
    assert hostile not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    detail = admin_client.get(f"/admin/events/feed/{feed.pk}/change/").content.decode()
    assert hostile not in detail and "Ingested" in detail  # its item row, escaped title and all


def test_the_periodic_task_reads_the_due_feeds_and_queues_itself_once(db, local, settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from events.services.feed_jobs import feeds_fetch_task, feeds_schedule

    results = DBTaskResult.objects.filter(task_path=feeds_fetch_task.module_path)
    assert feeds_schedule() is True
    assert feeds_schedule() is False  # idempotent: the worker start runs it every time
    feed_register(url=local.url("conflict.rss"), publisher="Test wire")

    # What a worker runs (a db_worker in the test process would close its connection, and with
    # it the test's transaction; tests/test_imports_worker_killed.py runs a real one).
    summary = feeds_fetch_task.call()

    assert (summary["fetched"], summary["sources"], summary["failures"]) == (1, 2, 0)
    assert Source.objects.count() == 2
    waiting = results.filter(status=TaskResultStatus.READY).order_by("run_after")
    assert waiting.count() == 2  # the first look (not run here: called above) and the next
    later = waiting.last().run_after - timezone.now()
    assert later > settings.FEEDS_CHECK_EVERY - dt.timedelta(minutes=1)


def test_redirects_are_followed_to_the_feed_and_to_each_article(db, local):
    """A feed moved (301) and an article behind a shortener-style 302 are read where they
    went; the item keeps the URL the feed gave."""
    local.redirects["/old-feed.rss"] = (301, local.url("conflict.rss"))
    local.redirects["/go/tessalit"] = (302, local.url("tessalit.html"))
    feed = feed_register(url=local.url("old-feed.rss"))
    article = feed_register(url=local.url("go/tessalit"), kind=Feed.Kind.ARTICLE)

    summary = feeds_fetch_due(now=timezone.now())

    assert (summary.fetched, summary.failures) == (2, 0)
    assert feed.items.count() == 2
    item = article.items.get()
    assert (item.url, item.status) == (local.url("go/tessalit"), FeedItem.Status.INGESTED)
    assert {"/old-feed.rss", "/conflict.rss", "/go/tessalit", "/tessalit.html"} <= set(
        local.requests
    )
    assert http_get(local.url("go/tessalit"), timeout=0.3, allow_private=True).url == local.url(
        "tessalit.html"
    )


def test_a_redirect_loop_is_a_recorded_failure_not_a_hang(db, local):
    local.redirects["/a"] = (302, local.url("b"))
    local.redirects["/b"] = (302, local.url("a"))
    feed = feed_register(url=local.url("a"))

    assert feed_fetch(feed=feed, now=NOW).failures == 1

    feed.refresh_from_db()
    assert feed.consecutive_failures == 1
    assert "redirect" in feed.last_error.lower()
    assert local.requests.count("/a") <= 4  # bounded: MAX_REDIRECTS hops in all


def test_an_item_another_run_stored_first_is_left_as_it_recorded_it(db, local, monkeypatch):
    """The admin's "Fetch now" and a scheduled run read the same feed at once: both find the
    item new and fetch it; the one that stores second keeps the first's record, no error."""
    from events.services import feeds as feeds_service

    feed = feed_register(url=local.url("omdurman.html"), kind=Feed.Kind.ARTICLE)
    real_page_ingest = feeds_service._page_ingest

    def other_run_stores_first(url, **kwargs):
        outcome = real_page_ingest(url, **kwargs)
        FeedItem.objects.create(
            feed=feed, url=url, status=FeedItem.Status.INGESTED, title="1st", fetched_at=NOW
        )
        return outcome

    monkeypatch.setattr(feeds_service, "_page_ingest", other_run_stores_first)

    summary = feed_fetch(feed=feed, now=NOW)

    assert summary.failures == 0
    assert list(feed.items.values_list("title", flat=True)) == ["1st"]
    feed.refresh_from_db()
    assert feed.last_error == ""
