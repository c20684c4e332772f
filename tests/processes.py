"""Starting and stopping real processes: the worker and beat for the broker
tests, and what the fuzz tests, the make-run test and the benchmarks and
fault harness under bench/ start (a free port, a process group stopped)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

from conduct.processes import PROCESSES

ROOT = Path(__file__).resolve().parents[1]


def current_database_url() -> str:
    """A URL for the database this test run uses, for subprocesses."""
    settings = connection.settings_dict
    auth = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or ""
    if host.startswith("/"):
        return f"postgresql://{auth}@/{settings['NAME']}?host={host}"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgresql://{auth}@{host}{port}/{settings['NAME']}"


def start(name: str, *extra: str, **environment: str) -> subprocess.Popen[bytes]:
    """Start ``worker`` or ``beat`` as make run does, on the test database."""
    command = PROCESSES[name]
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="conduct.settings.test",
        DATABASE_URL=current_database_url(),
        **environment,
    )
    return subprocess.Popen(
        [str(Path(sys.executable).parent / command[0]), *command[1:], *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes], *, kill: bool = False) -> str:
    """Stop a process group (SIGKILL when ``kill``) and return its output."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate(timeout=10)
    return output.decode(errors="replace")


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stop_group(
    process: subprocess.Popen[Any],
    *,
    sig: int = signal.SIGTERM,
    timeout: float = 20.0,
) -> None:
    """Signal a process's group, wait, and kill what is left of it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
