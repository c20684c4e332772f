"""The assertions the tests share about what a service call wrote: exactly
one audit event, nothing at all, or a refusal (with its rule) that wrote
nothing; and an HTTP answer that refuses (a problem with its status and
rule).

    with one_audit_event("criminal.charged"):
        charge_add(...)

    with refused("The plea date cannot be in the future.", case=case):
        charge_plea_record(...)

    with nothing_written(case):
        api_refused(post(client, url, body), 409, rule="date.future")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from conduct.exceptions import ApplicationError
from conduct.models import AuditEvent, Person
from referrals.models import Case


@contextmanager
def one_audit_event(action: str | None = None) -> Iterator[None]:
    """The block (one service call) wrote exactly one audit event, of
    ``action`` when given."""
    before = AuditEvent.objects.count()
    yield
    assert AuditEvent.objects.count() == before + 1
    if action is not None:
        assert AuditEvent.objects.latest("id").action == action


@contextmanager
def nothing_written(case: Case | int | None = None) -> Iterator[None]:
    """The block wrote no audit event anywhere and recorded no person, and
    the case (when given) is at the version it was."""
    case_id = case.pk if isinstance(case, Case) else case
    events = AuditEvent.objects.count()
    people = Person.objects.count()
    version = _version(case_id)
    yield
    assert AuditEvent.objects.count() == events
    assert Person.objects.count() == people
    assert _version(case_id) == version


@contextmanager
def refused(
    message: str | None = None,
    *,
    containing: str | None = None,
    rule: str | None = None,
    error: type[ApplicationError] = ApplicationError,
    case: Case | int | None = None,
) -> Iterator[pytest.ExceptionInfo[ApplicationError]]:
    """The block raised ``error`` with exactly ``message`` (or a message
    ``containing`` the words given), of ``rule`` when given, and wrote
    nothing (see :func:`nothing_written`)."""
    if message is not None:
        pattern: str | None = f"^{re.escape(message)}$"
    elif containing is not None:
        pattern = re.escape(containing)
    else:
        pattern = None
    with nothing_written(case), pytest.raises(error, match=pattern) as raised:
        yield raised
    if rule is not None:
        assert raised.value.rule == rule


def api_refused(
    response: Any,
    status: int,
    *,
    rule: str | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    """The HTTP answer refuses with ``status`` as a problem (RFC 9457), of
    ``rule`` and with ``detail`` when given; its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    if rule is not None:
        assert body["rule"] == rule
    if detail is not None:
        assert body["detail"] == detail
    return body


def _version(case_id: int | None) -> int | None:
    if case_id is None:
        return None
    return Case.objects.values_list("version", flat=True).get(pk=case_id)
