from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from conduct.models import Heartbeat


class Command(BaseCommand):
    help = (
        "Exit non-zero unless beat, the broker and a worker ran the heartbeat "
        "task recently (used as the beat container's health check)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-age", type=int, default=180, help="seconds")
        parser.add_argument("--source", default="scheduler")

    def handle(self, *args: Any, **options: Any) -> None:
        beat = Heartbeat.objects.filter(source=options["source"]).first()
        if beat is None:
            raise CommandError(f"No heartbeat from {options['source']!r} yet.")
        age = (timezone.now() - beat.last_seen_at).total_seconds()
        if age > options["max_age"]:
            raise CommandError(
                f"Last heartbeat from {options['source']!r} was {int(age)} s ago."
            )
        self.stdout.write(f"Heartbeat from {options['source']!r} {int(age)} s ago.")
