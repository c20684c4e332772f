from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from conduct.calendar_data import SEED_FIRST_YEAR, SEED_LAST_YEAR, seed_non_working_days
from conduct.models import NonWorkingDay


class Command(BaseCommand):
    help = (
        "Add England & Wales bank and public holidays from the holidays package "
        "(idempotent; days added by administrators are kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--first-year", type=int, default=SEED_FIRST_YEAR)
        parser.add_argument("--last-year", type=int, default=SEED_LAST_YEAR)

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            added = seed_non_working_days(
                NonWorkingDay, options["first_year"], options["last_year"]
            )
        self.stdout.write(
            f"Non-working days: {added} added, {NonWorkingDay.objects.count()} in all."
        )
