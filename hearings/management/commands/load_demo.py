from __future__ import annotations

from typing import Any

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from conduct.demo.users import demo_password, load_demo_users
from conduct.exceptions import ApplicationError
from hearings.demo.reference_cases import case_summary, load_reference_cases


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Load reference cases A, B and C (domain.md section 9) through the "
        "services, with the demo users as actors; cases already loaded are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo cases even though DEBUG is off (never on a live system).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo cases are for local use: DEBUG is off. "
                "Pass --allow-production to load them anyway."
            )
        # The cases are walked by the demo users, so make sure they exist.
        users = load_demo_users(demo_password().value)
        users_created = sum(1 for _, was_created in users if was_created)
        if users_created:
            self.stdout.write(f"Demo users: {users_created} created.")
        try:
            with pghistory.context(command="load_demo"):
                loaded = load_reference_cases()
        except ApplicationError as error:
            raise CommandError(
                f"Could not load the reference cases: {error}"
            ) from error
        created = sum(1 for _, was_created in loaded if was_created)
        self.stdout.write(
            f"Reference cases ({created} loaded, "
            f"{len(loaded) - created} already loaded):"
        )
        for case, was_created in loaded:
            summary = case_summary(case)
            self.stdout.write(
                f"  {summary.reference:<16} "
                f"{'loaded' if was_created else 'already loaded'}; "
                f"{summary.force}; case {summary.status.lower()}; "
                f"subjects: {', '.join(summary.subject_statuses).lower()}; "
                f"{_count(summary.audit_events, 'audit event')}, "
                f"{_count(summary.deadlines, 'deadline')}, "
                f"{_count(summary.list_reports, 'list report')}"
            )
