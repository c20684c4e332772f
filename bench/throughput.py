"""Benchmark: requests per second under gunicorn, and a web worker's memory.

Starts the web process exactly as ``make run`` and docker-compose.yml do
(conduct.processes.WEB: gunicorn, 2 gthread workers) with production
settings on a free port of 127.0.0.1 (bench.settings adds one URL, a
minimal view), and drives it from a second process (bench.load, keep-alive
connections) for BENCH_LOAD_SECONDS per phase, alternating:

- the minimal view, the floor: Django's request handling and middleware
  and nothing else;
- a minimal API view (bench.urls): the API's authentication, throttling
  and rendering and nothing else;
- ``GET /api/v1/cases/<id>/`` with an IOPC investigator's bearer token
  (authentication, throttling in Redis, scope, the case and its ETag).

Then it drives the API case list (200 rows a page) and reads the workers'
peak resident memory (VmHWM). Prints:

    BENCH api_throughput value=<rps> unit=rps floor=<rps> ratio=<v/f> queries=<n>
    BENCH api_throughput_vs_api ... (the floor: the minimal API view)
    BENCH api_throughput_errors value=<n> unit=requests floor=- ratio=- queries=0
    BENCH worker_rss value=<MiB> unit=MiB floor=- ratio=- queries=0

Needs REDIS_URL (production settings keep the throttle's counters there).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench import dataset
from tests.processes import free_port, stop_group

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "8"))
#: Alternations of the minimal view and the API (each SECONDS / ROUNDS).
ROUNDS = 2
STARTUP_TIMEOUT = 60.0


def _start_web(port: int) -> subprocess.Popen[bytes]:
    from conduct.processes import WEB

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise SystemExit("bench.throughput needs REDIS_URL (the machine's Redis)")
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": dataset.database_url(dataset.DATABASE),
        "REDIS_URL": redis_url,
        # One client's budget must not be the limit measured.
        "DJANGO_API_RATE": "100000/second",
        "DJANGO_BIND": f"127.0.0.1:{port}",
        "DJANGO_WEB_WORKERS": "2",
        "DJANGO_WEB_RELOAD": "",
    }
    executable = Path(sys.executable).parent / WEB[0]
    return subprocess.Popen(  # noqa: S603 - our own command, no shell
        [str(executable), *WEB[1:]],
        cwd=dataset.ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
        start_new_session=True,
    )


def _wait_ready(base: str, web: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise SystemExit(f"gunicorn exited with {web.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/bench/minimal", timeout=5):  # noqa: S310
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {STARTUP_TIMEOUT:.0f} s")


def _load(url: str, seconds: float, headers: list[str]) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.load",
        url,
        f"--seconds={seconds}",
        f"--connections={CONNECTIONS}",
    ]
    for header in headers:
        command.append(f"--header={header}")
    done = subprocess.run(  # noqa: S603 - our own command, no shell
        command,
        cwd=dataset.ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    print(f"#   {url}: {result}", file=sys.stderr)
    return result


def _peak_rss_mib(web: subprocess.Popen[bytes]) -> float:
    """The largest peak resident set (VmHWM) of gunicorn's workers."""
    import psutil

    peaks = []
    for worker in psutil.Process(web.pid).children():
        status = Path(f"/proc/{worker.pid}/status").read_text()
        for row in status.splitlines():
            if row.startswith("VmHWM:"):
                peaks.append(int(row.split()[1]) / 1024)
    if not peaks:
        raise SystemExit("no gunicorn worker to measure")
    return max(peaks)


def _detail_queries(people: dict[str, Any], case_id: int) -> int:
    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {people['token']}"}
    client.get(f"/api/v1/cases/{case_id}/", headers=headers)
    statements = dataset.capture(
        lambda: client.get(f"/api/v1/cases/{case_id}/", headers=headers)
    )
    return len(statements)


def main() -> int:
    dataset.prepare()
    from django.db import connection

    from referrals.permissions import visible_cases

    people = dataset.people()
    case_id = dataset.long_history(visible_cases(people["investigator"]))
    queries = _detail_queries(people, case_id)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bearer = [f"Authorization: Bearer {people['token']}"]
    web = _start_web(port)
    try:
        _wait_ready(base, web)
        minimal_url = f"{base}/bench/minimal"
        detail_url = f"{base}/api/v1/cases/{case_id}/"
        # Warm both: imports, connections, the plan cache.
        _load(minimal_url, min(2.0, SECONDS), [])
        _load(detail_url, min(2.0, SECONDS), bearer)
        totals = {
            "minimal": [0, 0.0, 0],
            "minimal_api": [0, 0.0, 0],
            "detail": [0, 0.0, 0],
        }
        for _ in range(ROUNDS):
            for label, url, headers in (
                ("minimal", minimal_url, []),
                ("minimal_api", f"{base}/bench/minimal-api", bearer),
                ("detail", detail_url, bearer),
            ):
                result = _load(url, SECONDS / ROUNDS, headers)
                totals[label][0] += result["ok"]
                totals[label][1] += result["seconds"]
                totals[label][2] += result["errors"]
        listed = _load(f"{base}/api/v1/cases/?page_size=200", SECONDS, bearer)
        rss = _peak_rss_mib(web)
    finally:
        stop_group(web, timeout=30)
    rps = {label: ok / seconds for label, (ok, seconds, _) in totals.items()}
    errors = int(sum(total[2] for total in totals.values()) + listed["errors"])
    dataset.emit(
        dataset.line(
            "api_throughput",
            rps["detail"],
            "rps",
            floor=rps["minimal"],
            queries=queries,
        )
    )
    # The same against an API view that does nothing but authenticate,
    # throttle and render: what the case detail itself costs.
    dataset.emit(
        dataset.line(
            "api_throughput_vs_api",
            rps["detail"],
            "rps",
            floor=rps["minimal_api"],
            queries=queries,
        )
    )
    dataset.emit(dataset.line("api_throughput_errors", errors, "requests"))
    dataset.emit(dataset.line("worker_rss", rss, "MiB"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
