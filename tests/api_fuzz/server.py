"""The app under gunicorn, as ``make run`` starts it, on the test database.

A real server in its own process: the requests go through gunicorn, the WSGI
app and PostgreSQL exactly as in production, and a crash in a request cannot
take the test process with it. Its output (access log, Django's error log
with tracebacks) goes to a file, shown when a test fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from conduct.processes import PROCESSES
from tests.processes import ROOT, current_database_url, free_port, stop_group

STARTUP_SECONDS = 60
#: The run sends far more than a client's budget a minute; throttling has
#: its own tests (tests/conduct/api).
UNTHROTTLED = "1000000/minute"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]

    def log_since(self, offset: int) -> str:
        self.log.flush()
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    def log_offset(self) -> int:
        self.log.flush()
        return self.log_path.stat().st_size

    def stop(self) -> None:
        stop_group(self.process, timeout=30)
        self.log.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own server
            return True
    except urllib.error.HTTPError:
        return True  # 401 without a token: it is serving
    except OSError:
        return False


def start_server(log_path: Path) -> Server:
    port = free_port()
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="conduct.settings.test",
        DATABASE_URL=current_database_url(),
        DJANGO_BIND=f"127.0.0.1:{port}",
        DJANGO_WEB_WORKERS="1",
        DJANGO_WEB_RELOAD="false",
        DJANGO_API_RATE=UNTHROTTLED,
        # Uploaded evidence and any other files go with the log, not to var/.
        DJANGO_VAR_DIR=str(log_path.parent / "var"),
        DJANGO_MEDIA_ROOT=str(log_path.parent / "media"),
        # Each line in the log as it happens, for the report of a failure.
        PYTHONUNBUFFERED="1",
    )
    command = PROCESSES["web"]
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / command[0]), *command[1:]],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", process, log_path, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while not _answers(f"{server.url}/api/v1/me/"):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise AssertionError(
                "gunicorn did not start:\n" + log_path.read_text(errors="replace")
            )
        time.sleep(0.2)
    return server
