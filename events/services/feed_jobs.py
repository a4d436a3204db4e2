"""Feeds on the task queue (docs/feeds.md, docs/jobs.md): one periodic task reads the feeds that
are due, then queues itself again `FEEDS_CHECK_EVERY` later.

Django's task framework (django-tasks, database backend) has no scheduler of its own; a task
that re-queues itself with `run_after` is the periodic job, and `feeds_schedule` (run before the
workers start, by `make run` and `make serve`) makes sure one is waiting. Each feed's own
schedule and backoff stay the feed's (`Feed.next_due`, events/services/feeds.py): the task only
wakes up to look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from events.services.feeds import feeds_fetch_due


@task()
def feeds_fetch_task() -> dict[str, Any]:
    """The periodic job: read the feeds that are due, then wait for the next look."""
    summary = feeds_fetch_due()
    feeds_schedule(after=settings.FEEDS_CHECK_EVERY, replace=True)
    return asdict(summary)


def _task_path() -> str:
    return feeds_fetch_task.module_path


def feeds_schedule(*, after: dt.timedelta = dt.timedelta(0), replace: bool = False) -> bool:
    """Queue the periodic feeds task `after` from now unless one is already waiting (or, from
    the task itself, `replace`: its own run is the one waiting). True when it queued one."""
    with transaction.atomic():
        waiting = DBTaskResult.objects.select_for_update().filter(
            task_path=_task_path(), status=TaskResultStatus.READY
        )
        if waiting.exists() and not replace:
            return False
        feeds_fetch_task.using(run_after=timezone.now() + after).enqueue()
        return True
