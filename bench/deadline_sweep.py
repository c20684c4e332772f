"""Benchmark: the daily reminder sweep over 100,000 open deadlines.

Run with `make bench` (BENCH_DEADLINES, default 100000, sets the size). Uses
a database of its own (BENCH_SWEEP_DATABASE, default bench_conduct, kept
between runs), fills it with deadlines spread around "today" with plain SQL, then times
one sweep and counts its queries. Prints one line:

    BENCH deadline_sweep value=<seconds> unit=s floor=- ratio=- queries=<n>
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

DEADLINES = int(os.environ.get("BENCH_DEADLINES", "100000"))
#: The benchmark's own database (kept between runs).
DATABASE = os.environ.get("BENCH_SWEEP_DATABASE", "bench_conduct")
TODAY = dt.date(2023, 3, 15)  # a Wednesday with no bank holiday near it


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.test")
    import django

    django.setup()
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
    from referrals.models import Case
    from referrals.services.reminders import deadline_sweep
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
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM referrals_notification")
        cursor.execute("DELETE FROM referrals_reminder")
        cursor.execute("DELETE FROM referrals_deadlineevent")
        cursor.execute("DELETE FROM referrals_deadline")
        # Due dates spread over 60 days either side of today.
        cursor.execute(
            """
            INSERT INTO referrals_deadline
                   (created_at, updated_at, case_id, subject_id, rule_id, key, title,
                    anchor_event, anchor_on, period, due_on, acting_party, owner_id,
                    check_local_policy, status, met_late, paused_working_days)
            SELECT now(), now(), %(case)s, NULL, %(rule)s, 'bench:' || n, 'Benchmark',
                   'bench', %(today)s::date - 90, 1,
                   %(today)s::date + ((n %% 121) - 60), 'Subject', %(owner)s,
                   false, 'open', false, 0
              FROM generate_series(1, %(count)s) AS n
            """,
            {
                "case": case.pk,
                "rule": rule.pk,
                "owner": owner.pk,
                "today": TODAY,
                "count": DEADLINES,
            },
        )
        cursor.execute("ANALYZE referrals_deadline")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = deadline_sweep(today=TODAY)
    elapsed = time.perf_counter() - started
    rerun_started = time.perf_counter()
    again = deadline_sweep(today=TODAY)
    rerun = time.perf_counter() - rerun_started
    for query in queries.captured_queries:
        print(f"#   {query['time']} s  {query['sql'][:70]!r}", file=sys.stderr)
    print(
        f"# {DEADLINES} open deadlines: {result.missed} marked missed, "
        f"{result.reminders} reminders, {result.notifications} notifications; "
        f"re-run recorded {again.reminders} more in {rerun:.2f} s",
        file=sys.stderr,
    )
    print(
        f"BENCH deadline_sweep value={elapsed:.3f} unit=s floor=- ratio=- "
        f"queries={len(queries)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
