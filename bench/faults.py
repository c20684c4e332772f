"""`make faults`: break the servers under the product and check that nothing
is lost or done twice.

Starts a private PostgreSQL cluster and a private redis-server (free ports on
127.0.0.1, a temporary folder), migrates and loads the reference data as
`make run` does, then runs the real gunicorn, a Celery worker and beat
(conduct.processes) against them and makes five faults:

1. worker_kill: the worker is killed (SIGKILL) in the middle of a reminder
   sweep, with list reports for the College queued; a new worker starts.
2. redis_flush: Redis is flushed while reminder emails and list reports
   wait in it; a worker starts and beat's catch-up tasks run.
3. postgres_restart: PostgreSQL is restarted under ten API clients; the app
   (not restarted) must answer again.
4. concurrent_edits: twenty clients edit one case with If-Match.
5. keyed_post: twenty clients send one POST with one Idempotency-Key.

Emails go to the file-based backend and are counted from the files: what
went out, not what the database says. One line per fault:

    FAULT <name> key=value ... result=ok|FAIL

then a summary. Exit status 1 when a fault lost or repeated anything, 2 when
the harness could not run (a missing program, a server that did not start).
Size: --deadlines (FAULTS_DEADLINES) clocks per reminder fault and
--list-reports (FAULTS_LIST_REPORTS) reports per reminder fault.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

import psycopg2

from bench.faults_servers import HarnessError, Stack, wait_until

if TYPE_CHECKING:
    from bench.faults_data import People
    from bench.faults_http import Outcome
    from referrals.models import Case

#: Time for the work after a fault to finish, and then for a repeat to show.
SETTLE_S = 150.0
QUIET_S = 3.0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.faults")
    parser.add_argument(
        "--deadlines",
        type=int,
        default=int(os.environ.get("FAULTS_DEADLINES", "1000")),
        help="clocks due on each reminder fault's day (FAULTS_DEADLINES)",
    )
    parser.add_argument(
        "--list-reports",
        type=int,
        default=int(os.environ.get("FAULTS_LIST_REPORTS", "4")),
        help="list reports queued in each reminder fault (FAULTS_LIST_REPORTS)",
    )
    arguments = parser.parse_args(argv)
    if arguments.deadlines < 1 or arguments.list_reports < 1:
        parser.error("--deadlines and --list-reports must be at least 1")
    return arguments


STARTED = time.monotonic()


def _say(message: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"[faults {elapsed:5.1f}s] {message}", file=sys.stderr, flush=True)


def _settle(done: Callable[[], bool]) -> None:
    """Wait (bounded) for ``done``, then a little longer for any repeat."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline and not done():
        time.sleep(0.5)
    time.sleep(QUIET_S)


def _setup_django(stack: Stack) -> None:
    os.environ.update(stack.environment())
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Ctrl-C and a SIGTERM both unwind through Stack.close (SIGINT set
    # explicitly: a shell starts background jobs with it ignored).
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    started = time.monotonic()
    try:
        with Stack() as stack:
            try:
                outcomes = _run(stack, arguments)
            except HarnessError as error:
                print(f"faults: cannot run: {error}", file=sys.stderr, flush=True)
                for name in stack.logs():
                    print(f"--- {name}:\n{stack.log_tail(name)}", file=sys.stderr)
                return 2
    except KeyboardInterrupt:
        print("faults: interrupted; everything stopped", file=sys.stderr, flush=True)
        return 130
    failed = [outcome.name for outcome in outcomes if not outcome.ok]
    print(
        f"{len(outcomes)} faults in {time.monotonic() - started:.0f} s: "
        + (f"FAILED: {', '.join(failed)}" if failed else "all held"),
        flush=True,
    )
    return 1 if failed else 0


def _run(stack: Stack, arguments: argparse.Namespace) -> list[Outcome]:
    _say(f"servers and logs in {stack.folder}")
    stack.start_postgres()
    stack.start_redis()
    stack.manage("migrate", "--noinput")
    stack.manage("load_reference_data")
    _setup_django(stack)
    _say("database ready; making the people and starting the app")
    from bench.faults_data import people_create, sweep_days
    from bench.faults_http import concurrent_edits, keyed_post, postgres_restart

    people = people_create()
    first_day, second_day = sweep_days()
    stack.start_web()
    stack.start_beat()
    outcomes = []
    _say("worker_kill")
    outcome, cases = worker_kill(
        stack,
        people,
        day=first_day,
        deadlines=arguments.deadlines,
        reports=arguments.list_reports,
    )
    outcomes.append(_report(outcome))
    _say("redis_flush")
    outcomes.append(
        _report(
            redis_flush(
                stack,
                people,
                day=second_day,
                earlier=cases,
                earlier_day=first_day,
                deadlines=arguments.deadlines,
                reports=arguments.list_reports,
            )
        )
    )
    _say("postgres_restart")
    outcomes.append(_report(postgres_restart(stack, people)))
    _say("concurrent_edits")
    outcomes.append(_report(concurrent_edits(stack, people)))
    _say("keyed_post")
    outcomes.append(_report(keyed_post(stack, people)))
    return outcomes


def _report(outcome: Outcome) -> Outcome:
    print(outcome.line(), flush=True)
    return outcome


# ---------------------------------------------------------------- reminders


def _delivery(
    stack: Stack, label: str, deadlines: int, keys: set[str]
) -> tuple[dict[str, object], bool]:
    """What went out for one reminder fault, from the mailbox files."""
    from bench.faults_data import list_reports_sent, mailbox, reminders_for

    sent = mailbox(stack.mail)
    reminders, reminder_repeats = reminders_for(sent, label)
    reports = sum(times for key, times in sent.reports.items() if key in keys)
    report_repeats = reports - len([key for key in keys if sent.reports[key]])
    flagged = list_reports_sent(keys)
    measures: dict[str, object] = {
        "reminders_sent": reminders,
        "reminders_expected": deadlines,
        "list_reports_sent": reports,
        "list_reports_expected": len(keys),
        "list_reports_marked_sent": flagged,
        "duplicates": reminder_repeats + report_repeats,
    }
    ok = (
        reminders == deadlines
        and reports == len(keys)
        and flagged == len(keys)
        and reminder_repeats + report_repeats == 0
    )
    return measures, ok


def _all_out(stack: Stack, label: str, deadlines: int, keys: set[str]) -> bool:
    from bench.faults_data import mailbox, reminders_for

    sent = mailbox(stack.mail)
    reminders, _ = reminders_for(sent, label)
    reports = sum(1 for key in keys if sent.reports[key])
    return reminders >= deadlines and reports >= len(keys)


def worker_kill(
    stack: Stack, people: People, *, day: dt.date, deadlines: int, reports: int
) -> tuple[Outcome, list[Case]]:
    """SIGKILL the worker while the sweep is inside its transaction (held
    there by a table lock the harness takes first) and while it sends list
    reports; a new worker takes over once the broker gives the messages
    back (DJANGO_BROKER_VISIBILITY_TIMEOUT)."""
    from bench.faults_data import deadlines_open, list_reports_create
    from bench.faults_http import Outcome
    from referrals.tasks import sweep_deadlines

    label = "worker_kill"
    cases = deadlines_open(people, count=deadlines, due_on=day, label=label)
    keys = list_reports_create(people, reports)  # queued; no worker yet
    blocker = psycopg2.connect(stack.database_url)
    # A second session to watch: pg_stat_activity is a snapshot taken once
    # per transaction, and the blocker's stays open.
    watcher = psycopg2.connect(stack.database_url)
    watcher.autocommit = True
    try:
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE referrals_reminder IN SHARE ROW EXCLUSIVE MODE")
        sweep_deadlines.delay(today=day.isoformat())
        worker = stack.start_worker()

        def sweep_is_blocked() -> bool:
            with watcher.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type "
                    "= 'Lock' AND query LIKE '%%lead_dates%%'"
                )
                row = cursor.fetchone()
                return bool(row and row[0])

        wait_until(sweep_is_blocked, seconds=60, what="the sweep to reach its lock")
        stack.stop(worker, kill=True)
    finally:
        blocker.rollback()
        blocker.close()
        watcher.close()
    stack.start_worker()
    _settle(lambda: _all_out(stack, label, deadlines, keys))
    measures, ok = _delivery(stack, label, deadlines, keys)
    return Outcome(label, measures, ok), cases


def redis_flush(
    stack: Stack,
    people: People,
    *,
    day: dt.date,
    earlier: list[Case],
    earlier_day: dt.date,
    deadlines: int,
    reports: int,
) -> Outcome:
    """With the worker stopped, record the day's reminders (their email task
    goes to Redis) and make list reports (their dispatch tasks too); flush
    Redis; start a worker and send what beat sends every 15 minutes."""
    import redis

    from bench.faults_data import deadlines_met, deadlines_open, list_reports_create
    from bench.faults_http import Outcome
    from hearings.tasks import dispatch_pending_list_reports
    from referrals.services.reminders import deadline_sweep
    from referrals.tasks import send_reminder_emails, sweep_deadlines

    label = "redis_flush"
    for name in [name for name in stack.processes if name.startswith("worker")]:
        stack.stop(name)
    deadlines_met(earlier, on=earlier_day)
    cases = deadlines_open(people, count=deadlines, due_on=day, label=label)
    deadline_sweep(today=day)
    keys = list_reports_create(people, reports)
    broker = redis.Redis.from_url(stack.redis_url)
    queued = int(broker.llen("celery"))
    broker.flushall()
    left = int(broker.dbsize())
    stack.start_worker()
    # Beat's catch-up entries (every 15 minutes), sent now rather than waited
    # for, and the day's sweep run again as an operator would.
    send_reminder_emails.delay()
    dispatch_pending_list_reports.delay()
    sweep_deadlines.delay(today=day.isoformat())
    _settle(lambda: _all_out(stack, label, deadlines, keys))
    measures, ok = _delivery(stack, label, deadlines, keys)
    ok = ok and queued >= 1 + len(keys) and left == 0 and len(cases) > 0
    return Outcome(label, {"queued_at_flush": queued, **measures}, ok)


if __name__ == "__main__":
    raise SystemExit(main())
