"""A task goes through the real Redis broker to a real worker process.

Needs REDIS_URL (CI always sets it; elsewhere these tests are skipped with a
reason). The worker is the same command as `make run` and compose start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from conduct.celery import app
from conduct.models import Heartbeat
from conduct.processes import PROCESSES
from conduct.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.broker, pytest.mark.slow]


def test_database_url() -> str:
    """A URL for the database this test run uses, for a worker subprocess."""
    settings = connection.settings_dict
    auth = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or ""
    if host.startswith("/"):
        return f"postgresql://{auth}@/{settings['NAME']}?host={host}"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgresql://{auth}@{host}{port}/{settings['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_round_trips_through_redis_and_a_real_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue = f"test-{uuid.uuid4().hex[:12]}"
    source = f"round-trip-{queue}"
    # Test settings run tasks eagerly; this test needs the real path.
    monkeypatch.setitem(app.conf, "task_always_eager", False)

    heartbeat.apply_async(kwargs={"source": source}, queue=queue)

    # The message waits in Redis: nothing has run it yet.
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert broker.llen(queue) == 1
    assert not Heartbeat.objects.filter(source=source).exists()

    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="conduct.settings.test",
        DATABASE_URL=test_database_url(),
    )
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / PROCESSES["worker"][0]),
            *PROCESSES["worker"][1:],
            "--pool",
            "solo",
            "--queues",
            queue,
            "--hostname",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Heartbeat.objects.filter(source=source).exists():
                break
            assert worker.poll() is None, (
                worker.stdout.read().decode() if worker.stdout else ""
            )
            time.sleep(0.3)
        row = Heartbeat.objects.get(source=source)
        assert row.hostname
        assert broker.llen(queue) == 0
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        broker.delete(queue)
