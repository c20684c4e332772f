"""The reminder sweep through the real Redis broker, real workers and beat:
each reminder is recorded and emailed exactly once when the sweep runs twice
at once, when a worker is killed in the middle of it, and after the broker is
flushed (PostgreSQL, not Redis, is the source of truth)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest
import redis
from django.db import connection
from django.utils import timezone

from conduct.celery import app
from conduct.models import DeadlineRule, User
from referrals.models import Case, Deadline, DeadlineEvent, Notification, Reminder
from tests.builders import Build
from tests.processes import current_database_url, start, stop

pytestmark = [
    pytest.mark.broker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DAY = dt.date(2023, 1, 4)  # a Wednesday: "due today" reminders go out
COUNT = 12


@pytest.fixture
def queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A queue of this test's own, so nothing else consumes its messages."""
    name = f"test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "task_default_queue", name)
    yield name
    broker().delete(name)


def broker() -> redis.Redis:
    return redis.Redis.from_url(os.environ["REDIS_URL"])


@pytest.fixture
def deadlines(build: Build, caseworker: User) -> list[Deadline]:
    case = build.case(
        on=DAY - dt.timedelta(days=100),
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary="Sweep test.",
    )
    rule = DeadlineRule.objects.get(regime="2020", code="notice_response")
    return [
        Deadline.objects.create(
            case=case,
            rule=rule,
            key=f"sweep:{number}",
            title=rule.title,
            anchor_event="test",
            anchor_on=DAY - dt.timedelta(days=14),
            due_on=DAY,
            acting_party="Subject",
            owner=caseworker,
        )
        for number in range(COUNT)
    ]


def wait_for(check: Callable[[], bool], *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


def emails_in(folder: Path) -> int:
    count = 0
    for path in folder.glob("*.log"):
        # The file backend writes each message followed by a line of dashes.
        count += sum(
            1 for part in path.read_text().split("-" * 79) if "Subject:" in part
        )
    return count


def worker(
    queue: str, mail: Path, *extra: str, **environment: str
) -> subprocess.Popen[bytes]:
    return start(
        "worker",
        "--queues",
        queue,
        "--hostname",
        f"{uuid.uuid4().hex[:8]}@%h",
        "--without-gossip",
        "--without-mingle",
        *extra,
        DJANGO_CELERY_QUEUE=queue,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(mail),
        **environment,
    )


def test_two_sweeps_at_once_send_each_reminder_once(
    queue: str, deadlines: list[Deadline], tmp_path: Path
) -> None:
    from referrals.tasks import sweep_deadlines

    process = worker(queue, tmp_path, "--concurrency", "2")
    try:
        sweep_deadlines.apply_async(kwargs={"today": DAY.isoformat()}, queue=queue)
        sweep_deadlines.apply_async(kwargs={"today": DAY.isoformat()}, queue=queue)
        wait_for(lambda: emails_in(tmp_path) >= COUNT)
        time.sleep(2)  # room for a duplicate to appear, if one could
    finally:
        output = stop(process)
    assert Reminder.objects.count() == COUNT, output
    assert Notification.objects.count() == COUNT
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    assert emails_in(tmp_path) == COUNT


def test_a_worker_killed_mid_sweep_loses_nothing_and_repeats_nothing(
    queue: str, deadlines: list[Deadline], tmp_path: Path
) -> None:
    from referrals.tasks import sweep_deadlines

    # Hold a lock so the sweep blocks half way through its transaction.
    blocker = psycopg2.connect(current_database_url())
    blocker.autocommit = False
    with blocker.cursor() as cursor:
        cursor.execute("LOCK TABLE referrals_reminder IN SHARE ROW EXCLUSIVE MODE")
    first = worker(
        queue, tmp_path, "--pool", "solo", DJANGO_BROKER_VISIBILITY_TIMEOUT="3"
    )
    try:
        sweep_deadlines.apply_async(kwargs={"today": DAY.isoformat()}, queue=queue)

        def sweep_is_blocked() -> bool:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND query LIKE '%%lead_dates%%'"
                )
                row = cursor.fetchone()
                return bool(row and row[0])

        wait_for(sweep_is_blocked)
    finally:
        stop(first, kill=True)
        blocker.rollback()
        blocker.close()
    assert Reminder.objects.count() == 0  # the killed transaction left nothing
    second = worker(
        queue, tmp_path, "--pool", "solo", DJANGO_BROKER_VISIBILITY_TIMEOUT="3"
    )
    try:
        wait_for(lambda: emails_in(tmp_path) >= COUNT, seconds=90)
        time.sleep(2)
    finally:
        output = stop(second)
    assert Reminder.objects.count() == COUNT, output
    assert emails_in(tmp_path) == COUNT


def test_a_flushed_broker_loses_no_reminder_and_sends_none_twice(
    queue: str, deadlines: list[Deadline], tmp_path: Path
) -> None:
    from referrals.services.reminders import deadline_sweep
    from referrals.tasks import send_reminder_emails, sweep_deadlines

    # Recorded in PostgreSQL; the email task goes to Redis, then Redis is wiped.
    result = deadline_sweep(today=DAY)
    assert result.reminders == COUNT
    assert broker().llen(queue) == 1
    flushed = broker().flushall() if os.environ.get("CI") else broker().flushdb()
    assert flushed
    assert broker().llen(queue) == 0
    process = worker(queue, tmp_path, "--pool", "solo")
    try:
        # The sweep again (as beat would) records nothing new; the catch-up
        # email task (beat, every 15 minutes) finds the unsent reminders.
        sweep_deadlines.apply_async(kwargs={"today": DAY.isoformat()}, queue=queue)
        send_reminder_emails.apply_async(queue=queue)
        send_reminder_emails.apply_async(queue=queue)
        wait_for(lambda: emails_in(tmp_path) >= COUNT)
        time.sleep(2)
    finally:
        output = stop(process)
    assert Reminder.objects.count() == COUNT, output
    assert emails_in(tmp_path) == COUNT


def test_beat_runs_the_sweep_and_repeats_mark_nothing_twice(
    queue: str, deadlines: list[Deadline], tmp_path: Path
) -> None:
    today = timezone.localdate()
    overdue = today - dt.timedelta(days=3)
    Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).update(
        due_on=overdue, anchor_on=overdue - dt.timedelta(days=14)
    )
    environment = {
        "DJANGO_CELERY_QUEUE": queue,
        "DJANGO_DEADLINE_SWEEP_EVERY_SECONDS": "1",
        "DJANGO_VAR_DIR": str(tmp_path),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    consumer = start("worker", "--queues", queue, "--pool", "solo", **environment)
    scheduler = start("beat", **environment)
    try:
        wait_for(lambda: DeadlineEvent.objects.filter(kind="missed").count() >= COUNT)
        time.sleep(4)  # several more beat ticks
    finally:
        beat_output = stop(scheduler)
        stop(consumer)
    assert "referrals.tasks.sweep_deadlines" in beat_output
    assert DeadlineEvent.objects.filter(kind="missed").count() == COUNT
    assert set(Deadline.objects.values_list("status", flat=True)) == {"missed"}
    overdue_reminders = Reminder.objects.filter(kind="overdue").count()
    assert overdue_reminders in {0, COUNT}  # none on a weekend or bank holiday
    assert Reminder.objects.filter(kind="overdue", remind_on=today).count() == (
        overdue_reminders
    )
