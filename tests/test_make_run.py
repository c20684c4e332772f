"""`make run` on the embedded defaults: serves the login page and /healthz,
stops cleanly on SIGTERM, and a second run reuses the data it made (demo
users, reference cases and generated demo cases are not loaded twice)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start(var_dir: Path, port: int) -> subprocess.Popen[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(
        DJANGO_VAR_DIR=str(var_dir),
        DJANGO_BIND=f"127.0.0.1:{port}",
        DJANGO_WEB_RELOAD="false",
        DJANGO_WEB_WORKERS="1",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "conduct.launcher"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_until_healthy(process: subprocess.Popen[str], port: int) -> dict[str, object]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            status, body = fetch(f"http://127.0.0.1:{port}/healthz")
        except OSError:
            time.sleep(0.5)
            continue
        if status == 200:
            return dict(json.loads(body))
        time.sleep(0.5)
    raise AssertionError("make run did not become healthy in time")


def stop(process: subprocess.Popen[str]) -> str:
    os.killpg(process.pid, signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    return output


def test_make_run_serves_and_restarts_on_its_own_data(tmp_path: Path) -> None:
    port = free_port()
    process = start(tmp_path, port)
    try:
        health = wait_until_healthy(process, port)
        assert health["down"] == []
        status, page = fetch(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200
        assert b"Sign in" in page
    finally:
        first_output = stop(process)
    assert process.returncode == 0, first_output
    assert "PostgreSQL: embedded" in first_output
    assert "(9 created, 0 already there)" in first_output
    assert "Reference cases (3 loaded, 0 already loaded):" in first_output
    assert "Generated 300 cases (prefix DEMO" in first_output
    assert "Stopped." in first_output
    with pytest.raises(OSError):
        fetch(f"http://127.0.0.1:{port}/healthz")

    process = start(tmp_path, port)
    try:
        wait_until_healthy(process, port)
    finally:
        second_output = stop(process)
    assert "(0 created, 9 already there)" in second_output
    assert "Reference cases (0 loaded, 3 already loaded):" in second_output
    assert "prefix 'DEMO' are already loaded: nothing added" in second_output
    for reference in ("NH/A/2022/0810", "NT/B/2020/0601", "NH/C/2016/1114"):
        assert f"{reference:<16} already loaded;" in second_output
    assert "44 forces, 10 standards (0 created, 0 corrected)" in second_output
