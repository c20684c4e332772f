"""The benchmarks' national dataset and what every benchmark shares.

``prepare()`` sets Django up on the benchmark's own database (BENCH_DATABASE,
default ``bench_national_<cases>``, kept between runs) and, when it holds
fewer than BENCH_CASES generated cases (default 100000: one national year;
``make bench SCALE=1000000`` for a national decade), generates them with
``generate_data`` (prefix BENCH, seed 1) in a child process, so that the
generator's time and peak resident memory are its own:

    BENCH generator_time value=<s> unit=s cases=<n>
    BENCH generator_rss value=<MiB> unit=MiB cases=<n>

Both are kept beside the database (var/bench/) and printed again by the
runs that reuse it. After a load the database is vacuumed and analysed, as
autovacuum would do before anyone measured.

Every figure is printed as one line on stdout,

    BENCH <name> value=<v> unit=<u> floor=<f> ratio=<v/f> queries=<n>

(floor=- ratio=- where there is none); diagnostics go to stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("BENCH_CASES", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "9"))
#: The benchmark's own database (kept between runs).
DATABASE = os.environ.get("BENCH_DATABASE", f"bench_national_{CASES}")
PREFIX = "BENCH"
#: The dataset's "today", so that reruns on another day measure the same.
TODAY = dt.date(2026, 6, 30)
#: Noon of TODAY: the clock the measurements run at.
NOON = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)
#: Where the generator's figures (and the query plans) are kept between runs.
KEPT = ROOT / "var" / "bench"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.test")
    import django

    django.setup()


def database_url(name: str) -> str:
    """DATABASE_URL (the settings export it, the embedded server's too) with
    the benchmark's database in it."""
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}")
    return urlunsplit(url)


def prepare() -> None:
    """Django on the benchmark's database, with the national dataset in it."""
    setup_django()
    from django.db import connection

    from referrals.models import Case

    connection.settings_dict["TEST"]["NAME"] = DATABASE
    connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=True, serialize=False
    )
    have = Case.objects.filter(reference__startswith=f"{PREFIX}/").count()
    if have < CASES:
        if have:
            print(
                f"# {have} {PREFIX} cases, {CASES} wanted: start again", file=sys.stderr
            )
            connection.creation.destroy_test_db(DATABASE, verbosity=0, keepdb=False)
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, keepdb=True, serialize=False
            )
        _generate()
        # A bulk load leaves no visibility map (index-only scans would visit
        # the heap) and no statistics: as autovacuum would, before measuring.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def _generate() -> None:
    """``generate_data`` into the benchmark's database, in a child process:
    its time and peak resident memory, kept."""
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
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url(DATABASE)},
        stdout=sys.stderr,
    )
    seconds = time.perf_counter() - started
    # Linux reports the largest child's peak in KiB.
    rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    KEPT.mkdir(parents=True, exist_ok=True)
    (KEPT / f"{DATABASE}.txt").write_text(
        f"BENCH generator_time value={seconds:.0f} unit=s cases={CASES}\n"
        f"BENCH generator_rss value={rss_mib:.0f} unit=MiB cases={CASES}\n"
    )


def print_generator_figures() -> None:
    kept = KEPT / f"{DATABASE}.txt"
    if kept.exists():
        print(kept.read_text(), end="", flush=True)
    else:
        print(
            f"# the generator's figures were not kept: drop the {DATABASE} "
            "database to measure them again",
            file=sys.stderr,
        )


def sizes() -> dict[str, int]:
    """What the dataset holds, for the record (estimates from statistics
    where a count would take seconds)."""
    from django.db import connection

    tables = {
        "cases": "referrals_case",
        "subjects": "referrals_subject",
        "allegations": "referrals_allegation",
        "audit events": "conduct_auditevent",
        "clocks": "referrals_deadline",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)",
            [list(tables.values())],
        )
        estimates = dict(cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM referrals_deadline "
            "WHERE status IN ('open', 'extended', 'missed')"
        )
        (running,) = cursor.fetchone()
        cursor.execute("SELECT pg_database_size(current_database())")
        (size,) = cursor.fetchone()
    figures = {label: int(estimates.get(table, 0)) for label, table in tables.items()}
    return figures | {"running clocks": running, "database MiB": size // 2**20}


def people() -> dict[str, Any]:
    """A caseworker of the largest force, an IOPC investigator with an API
    token, each made for this run."""
    from django.db.models import Count

    from conduct.models import Force, Role
    from conduct.services.tokens import api_token_create
    from referrals.models import Case
    from tests.factories.conduct import UserFactory

    largest = (
        Case.objects.values("force").annotate(n=Count("id")).order_by("-n").first()
    )
    assert largest is not None, "no cases generated"
    force = Force.objects.get(pk=largest["force"])
    stamp = uuid.uuid4().hex[:12]
    caseworker = UserFactory.create(
        username=f"bench-caseworker-{stamp}", role=Role.PSD_CASEWORKER, forces=[force]
    )
    investigator = UserFactory.create(
        username=f"bench-investigator-{stamp}", role=Role.IOPC_INVESTIGATOR
    )
    _, token = api_token_create(
        actor=None, user=investigator, name="Benchmark", expires_in_days=1
    )
    return {
        "force": force,
        "caseworker": caseworker,
        "investigator": investigator,
        "token": token,
    }


def long_history(cases: Any) -> int:
    """Of ``cases``, the one at the 99th percentile of audit events: a
    long history, not a freak."""
    from django.db import connection

    ids = list(cases.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT case_id FROM (
                SELECT case_id, count(*) AS events
                  FROM conduct_auditevent WHERE case_id = ANY(%s)
                 GROUP BY case_id
            ) AS counted
            ORDER BY events DESC, case_id
            OFFSET %s LIMIT 1
            """,
            [ids, len(ids) // 100],
        )
        row = cursor.fetchone()
    assert row is not None, "no audit events on the users' cases"
    return int(row[0])


def line(
    name: str,
    value: float,
    unit: str,
    *,
    floor: float | None = None,
    queries: int | None = None,
) -> str:
    """One figure as the summary and the closing notes read it."""
    decimals = {"s": 3, "requests": 0}.get(unit, 1)
    text = f"BENCH {name} value={value:.{decimals}f} unit={unit}"
    if floor is None:
        text += " floor=- ratio=-"
    else:
        text += f" floor={floor:.{decimals}f} ratio={value / floor:.2f}"
    return text + f" queries={queries if queries is not None else 0}"


def emit(text: str) -> None:
    print(text, flush=True)


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


def timed(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


@dataclass
class Figure:
    """A figure's samples: the product's and its floor's, in seconds."""

    name: str
    product: list[float]
    floor: list[float]
    queries: int


def measure(name: str, runs: Sequence[Callable[[], Any]], *, rounds: int) -> Figure:
    """Times each of ``runs`` and its floor (the SQL it sent, captured once
    after a warming run, then run on the cursor), alternating, ``rounds``
    times; a sample is one run, so medians are per request."""
    floors: list[Callable[[], str]] = []
    queries = 0
    for run in runs:
        run()  # warm: the token's last use, sessions, caches
        statements = capture(run)
        queries = max(queries, len(statements))
        floors.append(captured_floor(statements))
    figure = Figure(name=name, product=[], floor=[], queries=queries)
    for _ in range(rounds):
        for run, floor in zip(runs, floors, strict=True):
            figure.product.append(timed(run))
            figure.floor.append(timed(floor))
    return figure


def report(figure: Figure, *, name: str | None = None, p95: bool = False) -> None:
    """Prints ``figure``'s line: medians (or 95th percentiles) in ms."""
    pick = p95_ms if p95 else median_ms
    emit(
        line(
            name or figure.name,
            pick(figure.product),
            "ms",
            floor=pick(figure.floor),
            queries=figure.queries,
        )
    )


def capture(run: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL statements ``run`` sends, with their parameters."""
    from django.db import connection

    statements: list[tuple[str, Any]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        run()
    return statements


def captured_floor(statements: Sequence[tuple[str, Any]]) -> Callable[[], str]:
    """The floor of a read: the product's own SQL statements (captured with
    their parameters) run straight on the cursor, their rows fetched and
    serialised to JSON. What the product takes beyond it is the ORM, the
    serialisers, the templates and the request's handling."""
    from django.db import connection

    def floor() -> str:
        rows = []
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    rows.append(cursor.fetchall())
        return json.dumps(rows, default=str)

    return floor


def main() -> int:
    """Prepares the dataset: its generator figures and what it holds."""
    prepare()
    print_generator_figures()
    held = ", ".join(f"{count} {label}" for label, count in sizes().items())
    print(f"# {DATABASE}: {held}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
