"""Benchmark: the daily reminder sweep over 100,000 open deadlines.

Run with `make bench` (BENCH_DEADLINES, default 100000, sets the number of
open deadlines). Uses a database of its own (BENCH_SWEEP_DATABASE, default
bench_conduct, kept between runs). Each figure empties the deadline tables,
fills them afresh with plain SQL, then times one sweep (its transaction and
COMMIT included) and counts its queries. Prints three lines:

    BENCH deadline_sweep value=<seconds> unit=s floor=- ratio=- queries=<n>
    BENCH deadline_sweep_due_1k value=<seconds> unit=s floor=- ratio=- queries=<n>
    BENCH deadline_sweep_due_50k value=<seconds> unit=s floor=- ratio=- queries=<n>

``deadline_sweep``: due dates spread 60 days either side of the sweep day, so
about half the clocks are overdue on this first sweep (marked missed, an
"overdue" reminder and most an escalation) and a few thousand get a "due
today" or "due soon" reminder. ``deadline_sweep_due_1k`` and
``deadline_sweep_due_50k``: the same number of open clocks, of which 1 in 100
(1,000) or 1 in 2 (50,000) are due, i.e. get a reminder on the sweep day (due
dates spread from 60 days before it to the last "due soon" date); the others
fall due after that. Their ratio shows that the sweep's work grows with the
clocks due, not with all the open ones.

Standard error gets the diagnostics: each statement's time, and what each
sweep marked and recorded.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

DEADLINES = int(os.environ.get("BENCH_DEADLINES", "100000"))
#: The benchmark's own database (kept between runs).
DATABASE = os.environ.get("BENCH_SWEEP_DATABASE", "bench_conduct")
TODAY = dt.date(2023, 3, 15)  # a Wednesday with no bank holiday near it
#: (BENCH line name, one clock in how many is due; None: the spread above).
FIGURES: list[tuple[str, int | None]] = [
    ("deadline_sweep", None),
    ("deadline_sweep_due_1k", 100),
    ("deadline_sweep_due_50k", 2),
]

FILL = """
INSERT INTO referrals_deadline
       (created_at, updated_at, case_id, subject_id, rule_id, key, title,
        anchor_event, anchor_on, period, due_on, acting_party, owner_id,
        check_local_policy, status, met_late, paused_working_days)
SELECT now(), now(), %(case)s, NULL, %(rule)s, 'bench:' || n, 'Benchmark',
       'bench', %(today)s::date - 90, 1, {due_on}, 'Subject', %(owner)s,
       false, 'open', false, 0
  FROM generate_series(1, %(count)s) AS n
"""
#: Due dates spread over 60 days either side of today.
SPREAD = "%(today)s::date + ((n %% 121) - 60)"
#: One clock in %(every)s due between 60 days ago and the last "due soon"
#: date (%(last_due)s days on), the others within the 120 days after it.
DUE_EVERY = """CASE WHEN n %% %(every)s = 0
     THEN %(today)s::date - 60 + (n / %(every)s) %% (61 + %(last_due)s)
     ELSE %(today)s::date + %(last_due)s + 1 + n %% 120 END"""


def fill(
    cursor: CursorWrapper, every: int | None, values: dict[str, int | dt.date]
) -> None:
    """Empty the sweep's tables and fill ``referrals_deadline`` afresh."""
    cursor.execute(
        "TRUNCATE referrals_notification, referrals_reminder,"
        " referrals_deadlineevent, referrals_progressreport, referrals_deadline"
    )
    due_on = SPREAD if every is None else DUE_EVERY
    cursor.execute(FILL.format(due_on=due_on), values | {"every": every})
    cursor.execute("ANALYZE referrals_deadline")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A database of its own, so a benchmark never meets a test run's.
    connection.settings_dict["TEST"]["NAME"] = DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)

    from conduct.celery import app

    # Measure the sweep alone: the emails it queues go to an in-memory broker
    # instead of running in-process (test settings run tasks eagerly).
    app.conf.task_always_eager = False
    app.conf.update(broker_url="memory://")

    from conduct.models import DeadlineRule, Force, Role
    from conduct.selectors.calendar import non_working_days_between
    from referrals.models import Case
    from referrals.services.reminders import deadline_sweep, lead_reminder_dates
    from tests.factories.conduct import UserFactory

    force = Force.objects.get(code="nhants")
    owner = UserFactory.create(
        username=f"bench{time.time_ns()}", role=Role.PSD_CASEWORKER, forces=[force]
    )
    case = Case.objects.create(
        force=force,
        reference=f"BENCH/{time.time_ns()}",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=TODAY - dt.timedelta(days=200),
        regime="2020",
        summary="Benchmark case.",
    )
    rule = DeadlineRule.objects.get(regime="2020", code="notice_response")
    leads = lead_reminder_dates(
        TODAY,
        [int(lead) for lead in settings.DEADLINE_REMINDER_LEAD_WORKING_DAYS],
        non_working_days_between(
            TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=60)
        ),
    )
    values: dict[str, int | dt.date] = {
        "case": case.pk,
        "rule": rule.pk,
        "owner": owner.pk,
        "today": TODAY,
        "count": DEADLINES,
        "last_due": max(((due - TODAY).days for due, _, _ in leads), default=0),
    }
    for name, every in FIGURES:
        with connection.cursor() as cursor:
            fill(cursor, every, values)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = deadline_sweep(today=TODAY)
        elapsed = time.perf_counter() - started
        rerun_started = time.perf_counter()
        again = deadline_sweep(today=TODAY)
        rerun = time.perf_counter() - rerun_started
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT deadline_id) FROM referrals_reminder")
            [(reminded,)] = cursor.fetchall()
        print(f"# {name}:", file=sys.stderr)
        for query in queries.captured_queries:
            print(f"#   {query['time']} s  {query['sql'][:70]!r}", file=sys.stderr)
        print(
            f"# {DEADLINES} open deadlines, {reminded} due: "
            f"{result.missed} marked missed, "
            f"{result.reminders} reminders, {result.notifications} notifications; "
            f"re-run recorded {again.reminders} more in {rerun:.2f} s",
            file=sys.stderr,
        )
        print(
            f"BENCH {name} value={elapsed:.3f} unit=s floor=- ratio=- "
            f"queries={len(queries)}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
