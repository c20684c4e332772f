"""`make bench` keeps working: every benchmark, on a tiny dataset and
databases of their own (dropped after), prints its BENCH lines in the format
the closing notes and docs/performance.md quote, and the summary table.
Times are not asserted: they are measured by `make bench`, not by tests."""

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


def run(environment: dict[str, str]) -> tuple[list[re.Match[str]], list[str]]:
    """``python -m bench`` (what `make bench` runs): its BENCH lines and its
    summary table."""
    done = subprocess.run(
        [sys.executable, "-m", "bench"],
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
    table = done.stdout.split("\n\n# ", 1)[1].splitlines()
    return [match for match in matches if match is not None], table


#: Every figure `make bench` prints, with its unit.
FIGURES = {
    "generator_time": "s",
    "generator_rss": "MiB",
    "api_list": "ms",
    "api_list_p95": "ms",
    "api_list_size10": "ms",
    "api_list_size200": "ms",
    "api_detail": "ms",
    "case_list_page": "ms",
    "case_page": "ms",
    "search": "ms",
    "dashboard_force": "ms",
    "dashboard_all": "ms",
    "api_throughput": "rps",
    "api_throughput_vs_api": "rps",
    "api_throughput_errors": "requests",
    "worker_rss": "MiB",
    "deadline_sweep": "s",
    "deadline_sweep_due_1k": "s",
    "deadline_sweep_due_50k": "s",
}
#: Figures measured against a floor.
WITH_FLOOR = {
    "api_list",
    "api_list_p95",
    "api_list_size10",
    "api_list_size200",
    "api_detail",
    "case_list_page",
    "case_page",
    "search",
    "dashboard_force",
    "dashboard_all",
    "api_throughput",
    "api_throughput_vs_api",
}


def test_make_bench_prints_every_figure_and_the_summary(
    databases: dict[str, str],
) -> None:
    small = {
        "BENCH_DEADLINES": "300",
        "BENCH_CASES": "40",
        "BENCH_REPEATS": "1",
        "BENCH_LOAD_SECONDS": "1",
    }
    matches, table = run(databases | small)
    figures = {match["name"]: match for match in matches}
    assert {name: figures[name]["unit"] for name in figures} == FIGURES
    assert figures["generator_time"]["cases"] == "40"
    for name in WITH_FLOOR:
        figure = figures[name]
        assert float(figure["floor"]) > 0, name
        ratio = float(figure["value"]) / float(figure["floor"])
        assert float(figure["ratio"]) == pytest.approx(ratio, rel=0.05, abs=0.01)
        assert int(figure["queries"]) > 0, name
    for name in ("deadline_sweep", "deadline_sweep_due_1k", "deadline_sweep_due_50k"):
        assert figures[name]["floor"] == "-"
    # The list costs the same queries whatever the page size.
    assert (
        len(
            {
                figures[f"api_list{size}"]["queries"]
                for size in ("", "_size10", "_size200")
            }
        )
        == 1
    )
    assert figures["api_throughput_errors"]["value"] == "0"
    # The summary: a header, then one row per figure with its goal's verdict.
    assert table[0] == "40 cases in " + databases["BENCH_DATABASE"]
    rows = {row.split()[1]: row for row in table[2:]}
    assert set(rows) == set(FIGURES)
    for name in ("api_list", "search", "deadline_sweep", "worker_rss"):
        assert rows[name].endswith((" met", " MISSED")), rows[name]
    # A second run reuses the database and prints the kept generator figures.
    again, _ = run(databases | small | {"BENCH_ONLY": "dashboard"})
    assert {match["name"] for match in again} == {
        "generator_time",
        "generator_rss",
        "dashboard_force",
        "dashboard_all",
    }
