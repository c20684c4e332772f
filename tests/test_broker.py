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

import pytest
import redis

from conduct.celery import app
from conduct.models import Heartbeat
from conduct.processes import PROCESSES
from conduct.tasks import heartbeat
from tests.processes import current_database_url

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.broker, pytest.mark.slow]


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
        DATABASE_URL=current_database_url(),
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
