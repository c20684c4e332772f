from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from conduct.models import Force, Standard
from conduct.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Create or correct the forces and the Standards of Professional Behaviour."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = load_reference_data(Force, Standard)
        self.stdout.write(
            f"Reference data: {Force.objects.count()} forces, "
            f"{Standard.objects.count()} standards "
            f"({counts['created']} created, {counts['updated']} corrected)."
        )
