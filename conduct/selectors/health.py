"""What /healthz reports: can the process reach its database and its broker?"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from conduct.models import Heartbeat

BROKER_CONNECT_TIMEOUT_SECONDS = 2.0


@dataclass
class HealthReport:
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def down(self) -> list[str]:
        return [name for name, check in self.checks.items() if check["status"] != "ok"]

    @property
    def healthy(self) -> bool:
        return not self.down


def _describe(exc: BaseException) -> str:
    # The class and message only: URLs with passwords never reach the output.
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}"[:300]


def _check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"status": "down", "error": _describe(exc)}
    return {"status": "ok"}


def _check_broker() -> dict[str, Any]:
    from kombu import Connection

    from conduct.celery import app

    broker = Connection(
        app.conf.broker_url,
        transport_options=dict(app.conf.broker_transport_options or {}),
        connect_timeout=BROKER_CONNECT_TIMEOUT_SECONDS,
    )
    try:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
        transport = broker.transport_cls
    except Exception as exc:
        return {"status": "down", "error": _describe(exc)}
    finally:
        broker.release()
    return {"status": "ok", "transport": str(transport)}


def _scheduler_info() -> dict[str, Any]:
    try:
        beat = Heartbeat.objects.filter(source="scheduler").first()
    except Exception:
        return {"last_seen_at": None}
    if beat is None:
        return {"last_seen_at": None}
    age = (timezone.now() - beat.last_seen_at).total_seconds()
    return {"last_seen_at": beat.last_seen_at.isoformat(), "age_seconds": int(age)}


def health_report() -> HealthReport:
    report = HealthReport()
    report.checks["database"] = _check_database()
    report.checks["broker"] = _check_broker()
    return report


def scheduler_info() -> dict[str, Any]:
    """Informational: when beat and a worker last ran the heartbeat task."""
    return _scheduler_info()
