from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from conduct.demo.users import demo_password, load_demo_users


class Command(BaseCommand):
    help = "Create one demo user per role (idempotent) and say where the password is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo users even though DEBUG is off (never on a live system).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo users are for local use: DEBUG is off. "
                "Pass --allow-production to load them anyway."
            )
        password = demo_password()
        loaded = load_demo_users(password.value)
        created = sum(1 for _, was_created in loaded if was_created)
        self.stdout.write(
            f"Demo users ({created} created, {len(loaded) - created} already there); "
            f"the password is in {password.source}:"
        )
        for user, _ in loaded:
            where = (
                "IOPC"
                if user.is_iopc
                else ", ".join(force.code for force in user.forces.all()) or "-"
            )
            self.stdout.write(
                f"  {user.username:<20} {user.get_role_display()} [{where}]"
            )
