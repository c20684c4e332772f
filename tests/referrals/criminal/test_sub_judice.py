"""The sub judice pause of misconduct proceedings (PCR r10(3)) and its
history, and the days it adds to the clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from conduct.exceptions import NotPermitted
from conduct.models import AuditEvent, User
from referrals.models import Case, SubJudicePeriod
from referrals.selectors.criminal import (
    paused_dates,
    paused_working_days,
    proceedings_paused,
    sub_judice_periods,
)
from referrals.services import criminal as svc
from tests.assertions import one_audit_event, refused
from tests.referrals.criminal import tomorrow

pytestmark = pytest.mark.django_db


def test_pause_and_resume_keep_a_history(supervisor: User, case: Case) -> None:
    assert proceedings_paused(case) is False
    with one_audit_event("case.misconduct_paused"):
        first = svc.criminal_sub_judice_set(
            actor=supervisor,
            case=case,
            paused=True,
            rationale="A misconduct hearing now would prejudice the trial.",
            on=dt.date(2022, 8, 15),
        )
    assert proceedings_paused(case) is True
    assert first.ended_on is None
    with one_audit_event("case.misconduct_resumed"):
        svc.criminal_sub_judice_set(
            actor=supervisor,
            case=case,
            paused=False,
            rationale="Guilty pleas entered: no longer prejudicial.",
            on=dt.date(2022, 9, 13),
        )
    assert proceedings_paused(case) is False
    with one_audit_event("case.misconduct_paused"):
        svc.criminal_sub_judice_set(
            actor=supervisor,
            case=case,
            paused=True,
            rationale="Co-defendant trial pending.",
            on=dt.date(2022, 9, 13),
        )
    periods = sub_judice_periods(case)
    assert [(p.started_on, p.ended_on) for p in periods] == [
        (dt.date(2022, 8, 15), dt.date(2022, 9, 13)),
        (dt.date(2022, 9, 13), None),
    ]
    assert periods[0].started_by == supervisor
    assert periods[0].ended_by == supervisor
    assert periods[0].end_rationale == "Guilty pleas entered: no longer prejudicial."
    assert proceedings_paused(case) is True
    event = AuditEvent.objects.filter(action="case.misconduct_resumed").get()
    assert event.old_values == {"misconduct_paused": True, "started_on": "2022-08-15"}
    assert event.new_values == {
        "misconduct_paused": False,
        "on": "2022-09-13",
        "deadlines": 0,
    }


def test_paused_days_for_deadlines(supervisor: User, case: Case) -> None:
    # Paused Mon 15 Aug to Tue 23 Aug 2022 (resumed Wed 24 Aug), then again
    # from Mon 29 Aug (a bank holiday) onwards.
    for paused, on in [
        (True, dt.date(2022, 8, 15)),
        (False, dt.date(2022, 8, 24)),
        (True, dt.date(2022, 8, 29)),
    ]:
        svc.criminal_sub_judice_set(
            actor=supervisor, case=case, paused=paused, rationale="r10(3)", on=on
        )
    dates = paused_dates(case, start=dt.date(2022, 8, 20), end=dt.date(2022, 8, 31))
    assert sorted(dates) == [
        dt.date(2022, 8, 20),
        dt.date(2022, 8, 21),
        dt.date(2022, 8, 22),
        dt.date(2022, 8, 23),
        dt.date(2022, 8, 29),
        dt.date(2022, 8, 30),
        dt.date(2022, 8, 31),
    ]
    assert (
        paused_working_days(
            case,
            start=dt.date(2022, 8, 1),
            end=dt.date(2022, 8, 31),
            holidays={dt.date(2022, 8, 29)},
        )
        == 9  # 15-19, 22-23 Aug, then 30-31 Aug
    )


def test_sub_judice_refusals(supervisor: User, case: Case) -> None:
    def set_pause(
        paused: bool, on: dt.date, rationale: str = "r10(3)"
    ) -> SubJudicePeriod:
        return svc.criminal_sub_judice_set(
            actor=supervisor, case=case, paused=paused, rationale=rationale, on=on
        )

    with refused(svc.NOT_PAUSED, case=case):
        set_pause(False, dt.date(2022, 9, 1))
    with refused("Give the rationale for this decision.", case=case):
        set_pause(True, dt.date(2022, 9, 1), rationale="")
    with refused("The date cannot be in the future.", case=case):
        set_pause(True, tomorrow())
    with refused(
        "The pause (01 Aug 2022) cannot be before the case date (10 Aug 2022).",
        case=case,
    ):
        set_pause(True, dt.date(2022, 8, 1))
    set_pause(True, dt.date(2022, 9, 1))
    with refused(
        "Misconduct proceedings are already paused (since 01 Sep 2022).", case=case
    ):
        set_pause(True, dt.date(2022, 9, 2))
    with refused(
        "The resumption (31 Aug 2022) cannot be before the pause (01 Sep 2022).",
        case=case,
    ):
        set_pause(False, dt.date(2022, 8, 31))
    set_pause(False, dt.date(2022, 10, 1))
    with refused(
        "The pause cannot start on 30 Sep 2022: the previous pause ran until "
        "01 Oct 2022.",
        case=case,
    ):
        set_pause(True, dt.date(2022, 9, 30))
    assert SubJudicePeriod.objects.filter(case=case).count() == 1
    assert proceedings_paused(case) is False


def test_sub_judice_is_the_appropriate_authoritys_decision(
    caseworker: User, outsider: User, case: Case
) -> None:
    for actor in (caseworker, outsider):
        with pytest.raises(NotPermitted):
            svc.criminal_sub_judice_set(
                actor=actor,
                case=case,
                paused=True,
                rationale="r10(3)",
                on=dt.date(2022, 9, 1),
            )
    assert proceedings_paused(case) is False


def test_the_database_allows_one_open_pause_per_case(case: Case) -> None:
    SubJudicePeriod.objects.create(
        case=case, started_on=dt.date(2022, 9, 1), start_rationale="r10(3)"
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        SubJudicePeriod.objects.create(
            case=case, started_on=dt.date(2022, 9, 2), start_rationale="again"
        )
    assert SubJudicePeriod.objects.filter(case=case).count() == 1
