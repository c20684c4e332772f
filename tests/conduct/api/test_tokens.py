"""API tokens: issuing, revoking, the audit trail and the operator command."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import ApiToken, AuditEvent, User
from conduct.services.tokens import (
    ONLY_ADMINISTRATORS_ISSUE_FOR_OTHERS,
    ONLY_OWNER_OR_ADMINISTRATOR_REVOKES,
    api_token_create,
    api_token_revoke,
)

pytestmark = pytest.mark.django_db

TOKEN_FORMAT = re.compile(r"cnd_[A-Za-z0-9_-]{43}")


def test_it_issues_a_token_and_stores_only_its_hash(iopc_investigator: User) -> None:
    with time_machine.travel(dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        token, plaintext = api_token_create(
            actor=iopc_investigator, user=iopc_investigator, name="IOPC case system"
        )
    assert TOKEN_FORMAT.fullmatch(plaintext)
    assert token.key_prefix == plaintext[:8]
    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in {token.key_hash, token.key_prefix, token.name}
    assert token.created_at == dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC)
    assert token.expires_at == dt.datetime(2025, 7, 30, 9, 0, tzinfo=dt.UTC)
    assert token.last_used_at is None
    assert token.revoked_at is None


def test_two_tokens_never_share_a_secret(caseworker: User) -> None:
    _, first = api_token_create(actor=None, user=caseworker, name="One")
    _, second = api_token_create(actor=None, user=caseworker, name="Two")
    assert first != second


def test_issuing_writes_one_audit_event_without_the_secret(caseworker: User) -> None:
    token, plaintext = api_token_create(
        actor=caseworker, user=caseworker, name="Laptop", expires_in_days=7
    )
    event = AuditEvent.objects.get(action="api_token.created")
    assert event.actor == caseworker
    assert event.case_id is None
    assert event.object_type == "conduct.ApiToken"
    assert event.object_id == str(token.pk)
    assert event.new_values["key_prefix"] == token.key_prefix
    assert plaintext not in str(event.new_values)
    assert token.key_hash not in str(event.new_values)


def test_only_an_administrator_issues_a_token_for_someone_else(
    caseworker: User, supervisor: User, administrator: User
) -> None:
    with pytest.raises(NotPermitted, match=ONLY_ADMINISTRATORS_ISSUE_FOR_OTHERS):
        api_token_create(actor=supervisor, user=caseworker, name="Not mine")
    token, _ = api_token_create(actor=administrator, user=caseworker, name="Issued")
    assert token.user == caseworker
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "days", "rule"),
    [
        ("  ", 30, "api_token.name"),
        ("x" * 101, 30, "api_token.name"),
        ("Fine", 0, "api_token.lifetime"),
        ("Fine", 366, "api_token.lifetime"),
    ],
)
def test_it_refuses_bad_names_and_lifetimes(
    caseworker: User, name: str, days: int, rule: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        api_token_create(actor=None, user=caseworker, name=name, expires_in_days=days)
    assert refused.value.rule == rule
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.created").exists()


def test_it_refuses_a_token_for_an_inactive_user(caseworker: User) -> None:
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    caseworker.refresh_from_db()
    with pytest.raises(ApplicationError, match="is not active"):
        api_token_create(actor=None, user=caseworker, name="Old")


def test_the_owner_revokes_their_token(caseworker: User) -> None:
    token, _ = api_token_create(actor=None, user=caseworker, name="Laptop")
    revoked = api_token_revoke(actor=caseworker, token=token)
    assert revoked.revoked_at is not None
    assert revoked.revoked_at <= timezone.now()
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == caseworker
    assert event.case_id is None
    assert event.object_id == str(token.pk)


def test_an_administrator_revokes_anyones_token(
    caseworker: User, administrator: User
) -> None:
    token, _ = api_token_create(actor=None, user=caseworker, name="Laptop")
    api_token_revoke(actor=administrator, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_else_revokes_a_token(caseworker: User, supervisor: User) -> None:
    token, _ = api_token_create(actor=None, user=caseworker, name="Laptop")
    with pytest.raises(NotPermitted, match=ONLY_OWNER_OR_ADMINISTRATOR_REVOKES):
        api_token_revoke(actor=supervisor, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoked").exists()


def test_a_token_is_revoked_once(caseworker: User) -> None:
    token, _ = api_token_create(actor=None, user=caseworker, name="Laptop")
    api_token_revoke(actor=caseworker, token=token)
    with pytest.raises(ApplicationError, match="already revoked"):
        api_token_revoke(actor=caseworker, token=token)
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_usable_until_expiry_or_revocation(caseworker: User) -> None:
    token, _ = api_token_create(
        actor=None, user=caseworker, name="Laptop", expires_in_days=1
    )
    now = timezone.now()
    assert token.is_usable(now) is True
    assert token.is_usable(now + dt.timedelta(days=1, seconds=1)) is False
    api_token_revoke(actor=None, token=token)
    token.refresh_from_db()
    assert token.is_usable(now) is False


def test_the_command_prints_the_new_token_once(iopc_investigator: User) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token",
        iopc_investigator.username,
        "--name",
        "IOPC case system",
        "--days",
        "30",
        stdout=out,
        stderr=err,
    )
    plaintext = out.getvalue().strip()
    assert TOKEN_FORMAT.fullmatch(plaintext)
    token = ApiToken.objects.get(user=iopc_investigator)
    assert token.name == "IOPC case system"
    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    assert token.key_prefix in err.getvalue()
    assert plaintext not in err.getvalue()
    assert AuditEvent.objects.get(action="api_token.created").actor is None


def test_the_command_refuses_unknown_users_and_bad_lifetimes(caseworker: User) -> None:
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command("create_api_token", "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match="must expire after 1 to 365 days"):
        call_command(
            "create_api_token", caseworker.username, "--days", "400", stdout=StringIO()
        )
    assert not ApiToken.objects.exists()
