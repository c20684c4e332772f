"""The PCR r42 outcome table and panel composition, as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from hearings.rules import allowed_outcomes, panel_missing, panel_requirements

MEETING, HEARING, ACCELERATED = (
    "misconduct_meeting",
    "misconduct_hearing",
    "accelerated_hearing",
)
M, GM, NP = "proven_misconduct", "proven_gross_misconduct", "not_proven"
WW, FWW, RIR, DWN = (
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal_without_notice",
)
WHBD, WNHBD = "would_have_been_dismissed", "would_not_have_been_dismissed"


def outcomes(
    form: str,
    *results: str,
    former: bool = False,
    fww: bool = False,
    separate: bool = False,
    regime: str = "2020",
) -> set[str]:
    return set(
        allowed_outcomes(
            form=form,
            findings=dict(enumerate(results)),
            former_officer=former,
            final_written_warning_in_force=fww,
            separate_incidents=separate,
            regime=regime,
        )
    )


@pytest.mark.parametrize("form", [MEETING, HEARING, ACCELERATED])
def test_nothing_proven_allows_no_action_or_rprp(form: str) -> None:
    assert outcomes(form, NP, NP) == {"no_action", "refer_to_rprp"}


def test_rprp_exists_only_under_the_2020_rules() -> None:
    assert outcomes(HEARING, NP, regime="2012") == {"no_action"}


def test_misconduct_at_a_meeting_allows_warnings_only() -> None:
    assert outcomes(MEETING, M) == {WW, FWW}
    assert outcomes(MEETING, M, M, fww=True, separate=True) == {WW, FWW}


def test_misconduct_at_a_hearing_allows_warnings_only_by_default() -> None:
    assert outcomes(HEARING, M) == {WW, FWW}


def test_misconduct_at_a_hearing_with_a_warning_in_force_r42_5() -> None:
    assert outcomes(HEARING, M, fww=True) == {WW, FWW, RIR, DWN}


def test_misconduct_on_separate_incidents_r42_6() -> None:
    assert outcomes(HEARING, M, M, separate=True) == {WW, FWW, RIR, DWN}
    # One proven incident is not "more than one".
    assert outcomes(HEARING, M, NP, separate=True) == {WW, FWW}


@pytest.mark.parametrize("form", [HEARING, ACCELERATED])
def test_gross_misconduct_allows_fww_reduction_or_dismissal(form: str) -> None:
    assert outcomes(form, GM, M) == {FWW, RIR, DWN}


def test_a_former_officer_would_or_would_not_have_been_dismissed() -> None:
    assert outcomes(HEARING, GM, former=True) == {WHBD, WNHBD}
    assert outcomes(HEARING, M, former=True) == {WNHBD}
    assert outcomes(HEARING, NP, former=True) == {"no_action"}


def test_a_serving_officer_never_gets_would_have_been_dismissed() -> None:
    for form in (MEETING, HEARING, ACCELERATED):
        for result in (M, GM, NP):
            assert WHBD not in outcomes(form, result, fww=True)


def test_panel_roles_change_on_7_may_2024() -> None:
    before = panel_requirements(HEARING, dt.date(2024, 5, 6))
    after = panel_requirements(HEARING, dt.date(2024, 5, 7))
    assert before == {
        "legally_qualified_chair": 1,
        "senior_officer": 1,
        "independent_member": 1,
    }
    assert after == {
        "chief_officer_chair": 1,
        "independent_member": 2,
        "legally_qualified_person": 1,
    }
    assert panel_requirements(ACCELERATED, dt.date(2024, 5, 7)) == {"chief_officer": 1}
    assert panel_requirements(MEETING, dt.date(2020, 5, 7)) == {"person_conducting": 1}


def test_panel_missing_counts_what_is_left() -> None:
    assert panel_missing(
        HEARING, dt.date(2024, 6, 1), ["chief_officer_chair", "independent_member"]
    ) == {"independent_member": 1, "legally_qualified_person": 1}
