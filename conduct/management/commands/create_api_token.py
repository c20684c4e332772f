from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.services.tokens import DEFAULT_TOKEN_DAYS, api_token_create


class Command(BaseCommand):
    help = (
        "Create a personal API token for USERNAME and print it once: only its "
        "hash is stored, so it cannot be shown again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name",
            default="API token",
            help="Where the token is used, e.g. 'IOPC case system' (shown in lists).",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_TOKEN_DAYS,
            help=f"Days until it expires (default {DEFAULT_TOKEN_DAYS}, at most 365).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['username']!r}.")
        try:
            token, plaintext = api_token_create(
                actor=None,
                user=user,
                name=options["name"],
                expires_in_days=options["days"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token {token.key_prefix}… '{token.name}' for {user.username}, expires "
            f"{token.expires_at:%d %b %Y %H:%M %Z}. It is shown only now; keep it "
            "secret (Authorization: Bearer <token>)."
        )
        self.stdout.write(plaintext)
