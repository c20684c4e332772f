"""`make bench` keeps working: both benchmarks, on a tiny dataset each and a
database of their own (dropped after), print their BENCH lines in the
format the closing notes and docs/operations.md quote. Times are not
asserted: they are measured by `make bench`, not by tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

LINE = re.compile(
    r"^BENCH (?P<name>\w+) value=(?P<value>[\d.]+) unit=(?P<unit>\w+)"
    r"(?: floor=(?P<floor>[\d.]+|-) ratio=(?P<ratio>[\d.]+|-) queries=(?P<queries>\d+)"
    r"| cases=(?P<cases>\d+))$"
)


@pytest.fixture
def databases() -> Iterator[dict[str, str]]:
    """Names for the benchmarks' databases, dropped afterwards with the
    generator figures the dashboard bench keeps for its database."""
    suffix = uuid.uuid4().hex[:8]
    names = {
        "BENCH_DATABASE": f"bench_dash_{suffix}",
        "BENCH_SWEEP_DATABASE": f"bench_sweep_{suffix}",
    }
    yield names
    url = urlsplit(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname="postgres",
        user=url.username,
        password=url.password,
        host=url.hostname,
        port=url.port,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in names.values():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()
    for name in names.values():
        (ROOT / "var" / "bench" / f"{name}.txt").unlink(missing_ok=True)


def run(module: str, environment: dict[str, str]) -> list[re.Match[str]]:
    done = subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        env=os.environ | environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    return [match for match in matches if match is not None]


def test_both_benchmarks_print_their_lines(databases: dict[str, str]) -> None:
    small = {"BENCH_DEADLINES": "300", "BENCH_CASES": "40", "BENCH_REPEATS": "1"}
    [sweep] = run("bench.deadline_sweep", databases | small)
    assert (sweep["name"], sweep["unit"], sweep["floor"]) == (
        "deadline_sweep",
        "s",
        "-",
    )
    dashboard = {m["name"]: m for m in run("bench.dashboard", databases | small)}
    assert set(dashboard) == {
        "generator_time",
        "generator_rss",
        "dashboard_force",
        "dashboard_all",
    }
    assert dashboard["generator_rss"]["unit"] == "MiB"
    assert dashboard["generator_time"]["cases"] == "40"
    for name in ("dashboard_force", "dashboard_all"):
        figure = dashboard[name]
        assert figure["unit"] == "ms"
        assert float(figure["ratio"]) > 0
        assert int(figure["queries"]) > 0
    # A second run reuses the database and prints the kept generator figures.
    again = {m["name"] for m in run("bench.dashboard", databases | small)}
    assert {"generator_time", "generator_rss"} <= again
