"""Operational records: process heartbeats."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from conduct.models import Heartbeat


@transaction.atomic
def heartbeat_record(*, source: str, hostname: str = "") -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        source=source,
        defaults={"last_seen_at": timezone.now(), "hostname": hostname[:255]},
    )
    return heartbeat
