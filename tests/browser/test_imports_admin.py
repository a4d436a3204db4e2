"""The admin's "Import a dataset" with a running worker, in Chromium (issue 15): upload a file,
see its detected format and dry run, confirm, watch the progress bar reach the end, read the
result's counts and download the bad rows as CSV.

Everything is real and separate, as in production: gunicorn serving the app and a `db_worker`
process, both on a scratch database (tests/support/scratch.py; pytest-django's test database is
not visible to other processes), under the site's own Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.csvfiles import ACLED_BROKEN
from tests.support.processes import job_worker_start
from tests.support.server import GunicornServer
from tests.test_imports_worker_killed import manage, printed

pytestmark = pytest.mark.browser

SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_user(
    "jobs-curator", password="jobs-curator-pass", is_staff=True, is_superuser=True
)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("SESSION", session.session_key)
"""


def test_a_curator_uploads_checks_imports_and_downloads_the_bad_rows(browser, scratch, tmp_path):
    db = scratch.create(f"{scratch.base}_jobpage", template=scratch.base)
    env = scratch.env(db, IMPORTS_DIR=str(tmp_path / "imports"), SECRET_KEY="jobs-" + "k" * 50)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    session = printed(manage(env, "shell", "-c", SESSION), "SESSION")
    events_before = scratch.snapshot(db)["counts"]["events.Event"]
    worker = job_worker_start(env, interval=0.2)
    try:
        with GunicornServer(env | {"WEB_WORKERS": "1"}) as server:
            url = f"http://127.0.0.1:{server.port}"
            context = browser.new_context(locale="en-GB", accept_downloads=True)
            context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
            page = context.new_page()
            page.set_default_timeout(20_000)
            console: list[str] = []
            page.on("console", lambda m: console_error(console, m))
            created = upload_check_and_import(page, url, tmp_path)
            context.close()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert not console, console  # the polling module ran under the site's CSP, without errors
    assert scratch.snapshot(db)["counts"]["events.Event"] == events_before + created


def console_error(errors: list[str], message) -> None:
    """An error the page logged; the browser's own favicon request (the admin has none) aside."""
    source = (message.location or {}).get("url", "")
    if message.type == "error" and not source.endswith("/favicon.ico"):
        errors.append(f"{message.text} ({source})")


def upload_check_and_import(page, url: str, tmp_path: Path) -> int:
    """The page's flow; the events the import created."""
    page.goto(url + "/admin/events/importjob/upload/")
    page.set_input_files("input[type=file]", str(ACLED_BROKEN))
    page.get_by_role("button", name="Upload and check").click()

    # The dry run: queued, then run by the worker; the page reloads itself when it is done.
    expect(page.locator("#import-dataset")).to_have_text("ACLED")
    expect(page.locator("#import-status")).to_have_text("checked: awaiting confirmation")
    expect(page.locator("h2")).to_contain_text("Dry run")
    would_create = int(page.locator('[data-count="created"]').inner_text())
    refused = int(page.locator('[data-count="skipped"]').inner_text())
    assert refused > 0 and would_create + refused <= 6
    expect(page.locator("#import-errors tbody tr").first).to_be_visible()  # line and column

    page.locator("#import-confirm button").click()
    expect(page.locator("#import-status")).to_have_text("done")
    expect(page.locator("h2")).to_have_text("Result")
    bar = page.locator("#import-progress")
    assert bar.get_attribute("value") == bar.get_attribute("max") == "6"  # all rows read
    created = int(page.locator('[data-count="created"]').inner_text())
    assert created == would_create and page.locator('[data-count="skipped"]').inner_text() == str(
        refused
    )
    with page.expect_download() as download:
        page.locator("#import-bad-rows").click()
    saved = tmp_path / "bad-rows.csv"
    download.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "line,column,value,message" and len(lines) > refused
    return created
