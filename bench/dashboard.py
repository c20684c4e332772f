"""Benchmark: the managers' dashboard over a national dataset.

Run with `make bench` (BENCH_CASES, default 100000, sets the size). Uses a
database of its own (BENCH_DATABASE, default bench_dashboard, kept between
runs): the first run
generates the dataset with `generate_data` (prefix BENCH, seed 1; minutes at
100k), later runs reuse it. Then, for a force manager (one force) and an
IOPC user (every force), it times the dashboard as the page computes it
(``dashboard_get``: every table, through the ORM and Python) against its
floor: the same SQL statements, captured from the dashboard itself, run
straight on the cursor with the rows fetched, so the ratio is what the
product adds to PostgreSQL's own work. Medians of REPEATS runs, alternated.
Prints one line per figure:

    BENCH dashboard_force value=<ms> unit=ms floor=<ms> ratio=<v/f> queries=<n>
    BENCH dashboard_all ...

and, when it generates the dataset (in a child process, so that its peak
memory is its own), the generator's time and peak resident memory:

    BENCH generator_time value=<s> unit=s cases=<n>
    BENCH generator_rss value=<MiB> unit=MiB cases=<n>

The generator's figures are kept beside the database (var/bench/) and
printed again by the runs that reuse it.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

CASES = int(os.environ.get("BENCH_CASES", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "9"))
#: The benchmark's own database (kept between runs).
DATABASE = os.environ.get("BENCH_DATABASE", "bench_dashboard")
PREFIX = "BENCH"
#: The dataset's "today", so that reruns on another day measure the same.
TODAY = dt.date(2026, 6, 30)
PARAMS = {"period_start": "2025-07-01", "period_end": "2026-06-30"}


#: Where the generator's figures are kept between runs.
GENERATOR_FIGURES = Path(__file__).resolve().parent.parent / "var" / "bench"


def _generate(database: dict[str, Any]) -> None:
    """``generate_data`` into the benchmark's database, in a child process:
    its time and peak resident memory, printed and kept."""
    # The settings export DATABASE_URL (the embedded server's too): the
    # same server, the benchmark's database.
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database['NAME']}")
    command = [
        sys.executable,
        "manage.py",
        "generate_data",
        f"--cases={CASES}",
        "--seed=1",
        f"--prefix={PREFIX}",
        f"--today={TODAY.isoformat()}",
    ]
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own command, no shell
        command,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ | {"DATABASE_URL": urlunsplit(url)},
        stdout=sys.stderr,
    )
    seconds = time.perf_counter() - started
    # Linux reports the largest child's peak in KiB.
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    GENERATOR_FIGURES.mkdir(parents=True, exist_ok=True)
    (GENERATOR_FIGURES / f"{DATABASE}.txt").write_text(
        f"BENCH generator_time value={seconds:.0f} unit=s cases={CASES}\n"
        f"BENCH generator_rss value={rss_mib:.0f} unit=MiB cases={CASES}\n"
    )


def _generator_figures() -> None:
    kept = GENERATOR_FIGURES / f"{DATABASE}.txt"
    if kept.exists():
        print(kept.read_text(), end="")
    else:
        print(
            f"# the generator's figures were not kept: drop the {DATABASE} "
            "database to measure them again",
            file=sys.stderr,
        )


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.test")
    import django

    django.setup()
    import time_machine
    from django.db import connection
    from django.db.models import Count

    connection.settings_dict["TEST"]["NAME"] = DATABASE
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=True, serialize=False
    )

    from conduct.models import Force, Role
    from referrals.models import Case
    from tests.factories.conduct import UserFactory

    have = Case.objects.filter(reference__startswith=f"{PREFIX}/").count()
    if have < CASES:
        if have:
            print(
                f"# {have} {PREFIX} cases, {CASES} wanted: start again", file=sys.stderr
            )
            connection.creation.destroy_test_db(DATABASE, verbosity=0, keepdb=False)
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, keepdb=True
            )
        _generate(connection.settings_dict)
        # A bulk load leaves no visibility map (index-only scans would visit
        # the heap) and no statistics: as autovacuum would, before measuring.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    _generator_figures()
    largest = (
        Case.objects.values("force").annotate(n=Count("id")).order_by("-n").first()
    )
    assert largest is not None, "no cases generated"
    force = Force.objects.get(pk=largest["force"])
    stamp = time.time_ns()
    manager = UserFactory.create(
        username=f"bench-manager-{stamp}", role=Role.MANAGER, forces=[force]
    )
    iopc = UserFactory.create(username=f"bench-iopc-{stamp}", role=Role.IOPC_SUPERVISOR)

    noon = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)
    with time_machine.travel(noon, tick=True):
        for name, user, params in (
            ("dashboard_force", manager, PARAMS | {"force": force.code}),
            ("dashboard_all", iopc, PARAMS),
        ):
            _measure(name=name, user=user, params=params)
    return 0


def _measure(*, name: str, user: Any, params: dict[str, str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conduct.dashboard.compose import dashboard_get

    with CaptureQueriesContext(connection) as queries:
        dashboard_get(user=user, params=params)
    statements = [query["sql"] for query in queries.captured_queries]

    def product() -> None:
        dashboard_get(user=user, params=params)

    def floor() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    timings: dict[str, list[float]] = {"product": [], "floor": []}
    for _ in range(REPEATS):
        for label, run in (("product", product), ("floor", floor)):
            started = time.perf_counter()
            run()
            timings[label].append(time.perf_counter() - started)
    value = _median_ms(timings["product"])
    floor_ms = _median_ms(timings["floor"])
    print(
        f"BENCH {name} value={value:.1f} unit=ms floor={floor_ms:.1f} "
        f"ratio={value / floor_ms:.2f} queries={len(statements)}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
