from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from conduct.deadline_rules import load_deadline_rules
from conduct.models import DeadlineRule


class Command(BaseCommand):
    help = "Add shipped deadline rules that are missing (local edits are kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            added = load_deadline_rules(DeadlineRule)
        unverified = DeadlineRule.objects.filter(verified=False).count()
        self.stdout.write(
            f"Deadline rules: {added} added, {DeadlineRule.objects.count()} in all "
            f"({unverified} to check against local policy)."
        )
