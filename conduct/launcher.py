"""`make run`: the whole product on one machine, stopped by Ctrl-C.

Starts PostgreSQL (embedded unless DATABASE_URL is set), migrates, loads
reference data, demo users, the reference cases A, B and C and a few hundred
generated cases (generate_data --demo), then runs the
web server, a Celery worker and Celery beat with the same commands as
docker-compose.yml (conduct.processes).
When any of them stops, or on SIGINT/SIGTERM, it stops the others and the
embedded database.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from conduct.processes import PROCESSES

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_TIMEOUT_SECONDS = 15


def _say(message: str) -> None:
    print(f"[make run] {message}", flush=True)


def _manage(*arguments: str) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
        check=True,
        cwd=BASE_DIR,
    )


def _stop(children: dict[str, subprocess.Popen[bytes]]) -> None:
    for child in children.values():
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for name, child in children.items():
        remaining = max(0.1, deadline - time.monotonic())
        try:
            child.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            _say(f"{name} did not stop in time: killing it")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)  # leftovers in its group


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduct.settings.local")
    os.environ.setdefault("DJANGO_WEB_RELOAD", "true")
    os.environ["PATH"] = (
        f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    )
    var_dir = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)

    if os.environ.get("DATABASE_URL", "").strip():
        _say("PostgreSQL: DATABASE_URL")
    else:
        from conduct.embedded import database_url_from_environment_or_embedded

        # This process holds the embedded server's handle; it stops on exit.
        database_url_from_environment_or_embedded(var_dir)
        _say(f"PostgreSQL: embedded, data in {var_dir / 'pgdata'}")
    if os.environ.get("REDIS_URL", "").strip():
        _say("Broker: REDIS_URL")
    else:
        _say(f"Broker: embedded filesystem transport in {var_dir / 'broker'}")

    _manage("migrate", "--noinput")
    _manage("load_reference_data")
    _manage("load_demo_users")
    _manage("load_demo")
    # A few hundred generated cases in the demo users' forces, at every stage
    # and with clocks running around today (once: the DEMO prefix is checked).
    _manage("generate_data", "--demo")

    stopping = False

    def request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    children: dict[str, subprocess.Popen[bytes]] = {}
    for name, command in PROCESSES.items():
        children[name] = subprocess.Popen(  # noqa: S603 - commands defined in code
            command, cwd=BASE_DIR, start_new_session=True
        )
    bind = os.environ.get("DJANGO_BIND", "127.0.0.1:8000")
    _say(f"Serving on http://{bind}/ (health: /healthz). Ctrl-C stops everything.")

    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    _say(f"{name} exited with code {child.returncode}: stopping")
                    exit_code = child.returncode or 1
                    stopping = True
                    break
            time.sleep(0.5)
    finally:
        _say("Stopping web, worker and beat...")
        _stop(children)
        _say("Stopped.")
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())
