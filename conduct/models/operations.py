from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task for ``source``.

    Beat schedules the task every minute with source "scheduler", so the row
    shows that beat, the broker and a worker are all alive; /healthz reports
    its age. Written only by ``conduct.services.operations.heartbeat_record``.
    """

    source = models.CharField(max_length=64, unique=True)
    last_seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.source} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"
