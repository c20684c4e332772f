"""Celery tasks of the core: thin wrappers that call services."""

from __future__ import annotations

import socket

from celery import shared_task

from conduct.services.operations import heartbeat_record


@shared_task(name="conduct.tasks.heartbeat")
def heartbeat(source: str = "scheduler") -> str:
    """Record that a worker ran this task (scheduled every minute by beat)."""
    heartbeat_record(source=source, hostname=socket.gethostname())
    return source


@shared_task(name="conduct.tasks.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    """Daily (beat): forget API idempotency keys older than 24 hours."""
    from conduct.services.tokens import idempotency_keys_purge

    return idempotency_keys_purge()
