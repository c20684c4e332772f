"""`make faults` keeps working: the harness, on a tiny dataset, starts its own
PostgreSQL and Redis, makes every fault and prints one FAULT line for each in
the format docs/operations.md quotes, every one holding. Times are not
asserted. A missing program fails the harness, and so this test: nothing is
skipped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

LINE = re.compile(
    r"^FAULT (?P<name>\w+)(?P<fields>(?: \w+=\S+)+) result=(?P<result>ok|FAIL)$"
)
FIELD = re.compile(r" (\w+)=(\S+)")
FAULTS = {
    "worker_kill": {
        "reminders_sent",
        "reminders_expected",
        "list_reports_sent",
        "list_reports_expected",
        "duplicates",
    },
    "redis_flush": {
        "queued_at_flush",
        "reminders_sent",
        "reminders_expected",
        "list_reports_sent",
        "list_reports_expected",
        "duplicates",
    },
    "postgres_restart": {"clients", "requests", "failed", "recovery_s"},
    "concurrent_edits": {"clients", "succeeded", "conflicts", "lost_updates"},
    "keyed_post": {"clients", "created", "duplicates"},
}


def test_every_fault_holds_and_prints_its_line() -> None:
    environment = {
        name: value
        for name, value in os.environ.items()
        # The harness makes its own servers; the suite's must not leak in.
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.faults",
            "--deadlines",
            "25",
            "--list-reports",
            "1",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("FAULT ")]
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    found = {m["name"]: m for m in matches if m is not None}
    assert list(found) == list(FAULTS), lines
    for name, match in found.items():
        fields = dict(FIELD.findall(match["fields"]))
        assert FAULTS[name] <= set(fields), (name, fields)
        assert match["result"] == "ok", match.string
    worker_kill = dict(FIELD.findall(found["worker_kill"]["fields"]))
    assert worker_kill["reminders_sent"] == worker_kill["reminders_expected"] == "25"
    assert worker_kill["duplicates"] == "0"
    assert dict(FIELD.findall(found["keyed_post"]["fields"]))["created"] == "1"
    assert done.stdout.splitlines()[-1].endswith("all held")
