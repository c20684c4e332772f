from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from conduct.models import User
from hearings.dataset.lifecycle import generate_case
from hearings.dataset.loader import Ids, Rows, skip_row_history
from hearings.dataset.world import Actors, World
from referrals.models import Case, Deadline

WEEK = dt.timedelta(days=7)

#: ``--demo``: the demo users' forces (conduct.demo.users), the users who
#: act in each, and how many cases (make run loads these).
DEMO_PREFIX = "DEMO"
DEMO_CASES = 300
DEMO_SEED = 2026
DEMO_FORCES = {
    "nhants": ("caseworker", "supervisor"),
    "notts": ("caseworker.notts", "supervisor.notts"),
    "met": ("supervisor.met", "supervisor.met"),
}
#: Demo cases came to attention in the last three years: most are in progress.
DEMO_YEARS = 3

DEMO_TRIES = 20
NO_LIVE_WORK = (
    "None of {tries} demo seeds gave every demo force deadlines overdue, due "
    "this week and next week."
)

ALREADY = (
    "Cases with the reference prefix {prefix!r} are already loaded: nothing "
    "added. Choose another --prefix to add more."
)


def generate(
    *,
    cases: int,
    seed: int,
    prefix: str,
    today: dt.date,
    batch: int = 1000,
    force_codes: list[str] | None = None,
    actors: dict[str, Actors] | None = None,
    first_day: dt.date | None = None,
    equal_shares: bool = False,
    recency: float = 1.6,
    accept: Callable[[], bool] | None = None,
) -> dict[str, int] | None:
    """Generate ``cases`` cases in one transaction; None when ``prefix`` is
    already taken (a rerun adds nothing). ``accept``, asked before commit,
    may refuse the result: it is rolled back and Rejected raised."""
    with transaction.atomic():
        if Case.objects.filter(reference__startswith=f"{prefix}/").exists():
            return None
        skip_row_history()
        world = World.load(
            today=today,
            prefix=prefix,
            force_codes=force_codes,
            actors=actors,
            first_day=first_day,
            equal_shares=equal_shares,
            recency=recency,
        )
        if not world.forces:
            raise CommandError("No forces: run manage.py load_reference_data first.")
        rows = Rows(Ids())
        for number in range(1, cases + 1):
            generate_case(world, rows, seed, number)
            if number % batch == 0:
                rows.flush()
        # The roles of people who might have come up again.
        world.people.drain(rows)
        rows.flush()
        if accept is not None and not accept():
            raise Rejected
    return dict(rows.counts)


class Rejected(Exception):
    """The generated rows did not pass ``accept``: rolled back."""


def live_work_everywhere(today: dt.date) -> Callable[[], bool]:
    """Each demo force has running deadlines overdue, due in the coming
    seven days and in the seven after, so every persona meets live work."""

    def accept() -> bool:
        running = Deadline.objects.filter(
            case__reference__startswith=f"{DEMO_PREFIX}/",
            status__in=Deadline.RUNNING,
        )
        buckets = (
            {"due_on__lt": today},
            {"due_on__gte": today, "due_on__lt": today + WEEK},
            {"due_on__gte": today + WEEK, "due_on__lt": today + 2 * WEEK},
        )
        return all(
            running.filter(case__force__code=code, **bucket).exists()
            for code in DEMO_FORCES
            for bucket in buckets
        )

    return accept


def demo_actors() -> dict[str, Actors]:
    """The demo users who act in each demo force (load_demo_users first)."""
    users = dict(User.objects.values_list("username", "pk"))

    def user(name: str) -> int:
        if name not in users:
            raise CommandError("Demo users are missing: run load_demo_users first.")
        return users[name]

    return {
        code: Actors(
            caseworker=user(caseworker),
            supervisor=user(supervisor),
            iopc_investigator=user("iopc.investigator"),
            iopc_supervisor=user("iopc.supervisor"),
        )
        for code, (caseworker, supervisor) in DEMO_FORCES.items()
    }


class Command(BaseCommand):
    demo_seed = DEMO_SEED
    help = (
        "Generate a national dataset of cases at every stage (bulk loaded, "
        "deterministic for a seed); a prefix already loaded adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--prefix",
            default="GEN",
            help="Reference prefix of the generated cases (also the rerun marker).",
        )
        parser.add_argument(
            "--forces", default="", help="Comma-separated force codes (default all)."
        )
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument(
            "--demo",
            action="store_true",
            help=f"{DEMO_CASES} cases in the demo users' forces, acted on by the "
            f"demo users, as of today (make run; needs DEBUG).",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="The day the data is as of (YYYY-MM-DD; default today).",
        )

    def _demo(self, today: dt.date, batch: int) -> dict[str, int] | None:
        """The first of a fixed series of seeds whose cases give every demo
        force live work this week and next (deterministic for a day)."""
        for seed in range(DEMO_SEED, DEMO_SEED + DEMO_TRIES):
            self.demo_seed = seed
            try:
                return generate(
                    cases=DEMO_CASES,
                    seed=seed,
                    prefix=DEMO_PREFIX,
                    today=today,
                    batch=batch,
                    force_codes=list(DEMO_FORCES),
                    actors=demo_actors(),
                    first_day=today.replace(year=today.year - DEMO_YEARS),
                    # Each demo persona's force gets its share of the work.
                    equal_shares=True,
                    recency=1.0,
                    accept=live_work_everywhere(today),
                )
            except Rejected:
                continue
        raise CommandError(NO_LIVE_WORK.format(tries=DEMO_TRIES))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cases"] < 1 or options["batch"] < 1:
            raise CommandError("--cases and --batch must be at least 1.")
        started = time.monotonic()
        today = options["today"] or timezone.localdate()
        if options["demo"]:
            if not settings.DEBUG:
                raise CommandError("Demo cases are for local use: DEBUG is off.")
            options.update(cases=DEMO_CASES, prefix=DEMO_PREFIX)
            counts = self._demo(today, options["batch"])
            options["seed"] = self.demo_seed
        else:
            counts = generate(
                cases=options["cases"],
                seed=options["seed"],
                prefix=options["prefix"],
                today=today,
                batch=options["batch"],
                force_codes=[c for c in options["forces"].split(",") if c] or None,
            )
        if counts is None:
            self.stdout.write(ALREADY.format(prefix=options["prefix"]))
            return
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Generated {options['cases']} cases (prefix {options['prefix']}, "
            f"seed {options['seed']}) in {elapsed:.1f} s:"
        )
        for table, count in sorted(counts.items()):
            self.stdout.write(f"  {table:<34} {count}")
        running = Deadline.objects.filter(
            case__reference__startswith=f"{options['prefix']}/",
            status__in=Deadline.RUNNING,
        )
        overdue = running.filter(due_on__lt=today).count()
        this_week = running.filter(due_on__gte=today, due_on__lt=today + WEEK)
        next_week = running.filter(
            due_on__gte=today + WEEK, due_on__lt=today + 2 * WEEK
        )
        self.stdout.write(
            f"Running deadlines: {overdue} overdue, {this_week.count()} due in "
            f"the next 7 days, {next_week.count()} in the 7 after."
        )
