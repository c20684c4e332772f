"""The case timeline selector (referrals.selectors.timeline), which the case
page and the API both read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.http import Http404

from conduct.audit import action_title, registered_actions
from conduct.models import AuditEvent, User
from conduct.services.audit import audit_record
from referrals.audit import ReferralsAction
from referrals.models import Case
from referrals.selectors.timeline import case_timeline

pytestmark = pytest.mark.django_db


def test_it_reads_the_audit_trail_in_words(
    caseworker: User, reference_cases: dict[str, Case]
) -> None:
    case = reference_cases["A"]
    entries = case_timeline(user=caseworker, case_id=case.pk)
    assert len(entries) == AuditEvent.objects.filter(case_id=case.pk).count()
    first = entries[0]
    assert first.action == "case.created"
    assert first.title == "Case recorded"
    assert first.actor_name == "Priya Shah"
    assert "Force: Northamptonshire Police" in first.description
    assert "Came to attention: 10 August 2022" in first.description
    decided = next(entry for entry in entries if entry.action == "referral.decided")
    assert decided.rationale == "The force can investigate this itself."
    assert (
        "Status: Referred, awaiting IOPC decision to Referred back to the force"
        in decided.description
    )
    assert decided.new_values["mode"] == "local"


def test_every_action_the_reference_cases_write_has_a_title(
    caseworker: User, reference_cases: dict[str, Case]
) -> None:
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions <= set(registered_actions())


def test_an_unknown_action_reads_as_words() -> None:
    assert action_title("widget.frobnicated_twice") == "Widget frobnicated twice"


def test_a_system_event_is_shown_as_the_system(
    caseworker: User, unreferred_case: Case
) -> None:
    with transaction.atomic():
        audit_record(
            actor=None,
            action=ReferralsAction.CASE_CLOSED,
            target=unreferred_case,
            case_id=unreferred_case.pk,
            new={"flag": True},
        )
    entry = case_timeline(user=caseworker, case_id=unreferred_case.pk)[-1]
    assert entry.actor_name == "System"
    assert entry.description == "Case closed. Flag: Yes."


def test_it_is_a_404_outside_the_users_scope(
    outsider: User, iopc_investigator: User, unreferred_case: Case
) -> None:
    with pytest.raises(Http404):
        case_timeline(user=outsider, case_id=unreferred_case.pk)
    with pytest.raises(Http404):
        case_timeline(user=iopc_investigator, case_id=unreferred_case.pk)


@pytest.mark.parametrize("extra", [5, 50])
def test_its_query_count_does_not_grow_with_events(
    caseworker: User,
    unreferred_case: Case,
    extra: int,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    with transaction.atomic():
        for number in range(extra):
            audit_record(
                actor=caseworker,
                action=ReferralsAction.CASE_PARTY_ADDED,
                target=unreferred_case,
                case_id=unreferred_case.pk,
                new={"name": f"Witness {number}"},
            )
    with django_assert_max_num_queries(8):
        entries = case_timeline(user=caseworker, case_id=unreferred_case.pk)
    assert len(entries) == extra + 1
