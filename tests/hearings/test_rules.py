"""The outcome tables (PCR 2020 r42 and r62, PCR 2012 r35 and r55, PCR
Sch 1 for former officers) and panel composition, as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from conduct.regimes import part_3a_applies
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
NFA, MA, FWW_EXT, DWITH = (
    "finding_no_further_action",
    "management_advice",
    "final_written_warning_extended",
    "dismissal_with_notice",
)


def outcomes(
    form: str,
    *results: str,
    former: bool = False,
    fww: bool = False,
    separate: bool = False,
    regime: str = "2020",
    reduced: bool = False,
) -> set[str]:
    return set(
        allowed_outcomes(
            form=form,
            findings=dict(enumerate(results)),
            former_officer=former,
            final_written_warning_in_force=fww,
            separate_incidents=separate,
            regime=regime,
            previously_reduced_in_rank=reduced,
        )
    )


@pytest.mark.parametrize("form", [MEETING, HEARING, ACCELERATED])
def test_nothing_proven_allows_no_action_or_rprp(form: str) -> None:
    assert outcomes(form, NP, NP) == {"no_action", "refer_to_rprp"}


def test_rprp_exists_only_under_the_2020_rules() -> None:
    assert outcomes(HEARING, NP, regime="2012") == {"no_action"}


def test_misconduct_at_a_meeting_allows_warnings_only() -> None:
    assert outcomes(MEETING, M) == {WW, FWW}
    assert outcomes(MEETING, M, M, separate=True) == {WW, FWW}


def test_misconduct_at_a_hearing_allows_warnings_only_by_default() -> None:
    assert outcomes(HEARING, M) == {WW, FWW}


def test_misconduct_at_a_hearing_with_a_warning_in_force_r42_5() -> None:
    """r42(5) opens reduction in rank and dismissal; r42(7) closes the
    written warning."""
    assert outcomes(HEARING, M, fww=True) == {FWW, RIR, DWN}


def test_misconduct_on_separate_incidents_r42_6() -> None:
    assert outcomes(HEARING, M, M, separate=True) == {WW, FWW, RIR, DWN}
    # One proven incident is not "more than one".
    assert outcomes(HEARING, M, NP, separate=True) == {WW, FWW}


@pytest.mark.parametrize("form", [HEARING, ACCELERATED])
def test_gross_misconduct_allows_fww_reduction_or_dismissal(form: str) -> None:
    assert outcomes(form, GM, M) == {FWW, RIR, DWN}


def test_a_former_officer_would_or_would_not_have_been_dismissed() -> None:
    assert outcomes(HEARING, GM, former=True) == {WHBD, WNHBD}
    assert outcomes(HEARING, M, former=True) == {NFA}
    assert outcomes(HEARING, NP, former=True) == {"no_action"}


@pytest.mark.parametrize("regime", ["2020", "2012"])
def test_a_former_officers_misconduct_is_a_finding_with_no_further_action(
    regime: str,
) -> None:
    """ "Would not have been dismissed" answers the gross misconduct question
    only (PCR Sch 1); misconduct is recorded with no further action."""
    assert outcomes(HEARING, M, M, former=True, regime=regime) == {NFA}
    assert WNHBD in outcomes(HEARING, GM, former=True, regime=regime)


def test_an_accelerated_hearing_gives_no_warning_short_of_gross_misconduct_r62_8() -> (
    None
):
    """PCR 2020 r62(8), to the effect of 2012 r55(6): on misconduct short of
    gross misconduct the case is dismissed (no warnings, no RPRP)."""
    assert outcomes(ACCELERATED, M, M, fww=True, separate=True) == {"no_action"}
    assert outcomes(ACCELERATED, M, regime="2012") == {"no_action"}


def test_an_accelerated_hearing_gives_no_second_final_written_warning_r62_3() -> None:
    """PCR 2020 r62(3): where the officer "had a final written warning in
    force, a final written warning must not be given"."""
    assert outcomes(ACCELERATED, GM, fww=True) == {RIR, DWN}
    assert outcomes(ACCELERATED, GM) == {FWW, RIR, DWN}


def test_an_accelerated_hearing_does_not_reduce_in_rank_a_second_time_r62_7() -> None:
    """PCR r62(7): reduction in rank "may not be imposed" where the officer
    had been reduced in rank before; at a hearing it still may."""
    assert outcomes(ACCELERATED, GM, reduced=True) == {FWW, DWN}
    assert outcomes(ACCELERATED, GM, fww=True, reduced=True) == {DWN}
    assert RIR in outcomes(HEARING, GM, reduced=True)


def test_a_2012_meeting_offers_management_advice_and_warnings_r35_3_a() -> None:
    """PCR 2012 r35(3)(a) and r35(1)(b): management advice, written or final
    written warning, or a finding of misconduct with no further action."""
    assert outcomes(MEETING, M, regime="2012") == {NFA, MA, WW, FWW}
    assert outcomes(MEETING, M, fww=True, regime="2012") == {NFA, MA, WW, FWW}


def test_a_2012_hearing_dismisses_for_misconduct_only_with_a_warning_r35_5() -> None:
    """PCR 2012 r35(5): no dismissal for misconduct "unless a final written
    warning was in force on the date of the assessment"; r35(3)(b) adds
    dismissal with or without notice; there is no reduction in rank and no
    separate-incidents ground in 2012."""
    assert outcomes(HEARING, M, M, separate=True, regime="2012") == {NFA, MA, WW, FWW}
    assert outcomes(HEARING, M, fww=True, regime="2012") == {
        NFA,
        MA,
        WW,
        FWW,
        DWITH,
        DWN,
    }


def test_a_2012_hearing_on_gross_misconduct_has_no_reduction_in_rank_r35_3() -> None:
    assert outcomes(HEARING, GM, regime="2012") == {MA, WW, FWW, DWITH, DWN}


def test_a_2012_special_case_hearing_extends_a_warning_in_force_r55() -> None:
    """PCR 2012 r55(1): final written warning or dismissal without notice;
    r55(3): the extension of a final written warning in force."""
    assert outcomes(ACCELERATED, GM, regime="2012") == {FWW, DWN}
    assert outcomes(ACCELERATED, GM, fww=True, regime="2012") == {FWW, FWW_EXT, DWN}


@pytest.mark.parametrize("regime", ["2020", "2012"])
def test_each_rule_set_offers_only_its_own_outcomes(regime: str) -> None:
    """Reduction in rank and RPRP exist only under the 2020 rules; management
    advice, dismissal with notice and the extension only under 2012."""
    offered: set[str] = set()
    for form in (MEETING, HEARING, ACCELERATED):
        for results in ((M,), (GM,), (NP,), (M, M)):
            for fww in (False, True):
                offered |= outcomes(
                    form, *results, fww=fww, separate=True, regime=regime
                )
    only_2020 = {RIR, "refer_to_rprp"}
    only_2012 = {MA, DWITH, FWW_EXT}
    assert offered & (only_2012 if regime == "2020" else only_2020) == set()
    assert offered >= (only_2020 if regime == "2020" else only_2012)


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


def test_a_hearing_before_legally_qualified_chairs_had_a_senior_officer_chair() -> None:
    """SI 2015/626 reg 5 brought legally qualified chairs from 1 January 2016
    (not read in full, so the day is a setting); before it a senior officer
    chaired a 2012-rules hearing."""
    before = {"senior_officer_chair": 1, "senior_officer": 1, "independent_member": 1}
    assert panel_requirements(HEARING, dt.date(2015, 12, 31)) == before
    assert "legally_qualified_chair" in panel_requirements(HEARING, dt.date(2016, 1, 1))
    with override_settings(LEGALLY_QUALIFIED_CHAIRS_FROM=dt.date(2016, 6, 1)):
        assert panel_requirements(HEARING, dt.date(2016, 5, 31)) == before
    assert panel_requirements(ACCELERATED, dt.date(2015, 6, 1)) == {"chief_officer": 1}


def test_part_3a_covers_leaving_from_28_may_2025() -> None:
    """SI 2025/558 (in force 28 May 2025) inserts PCR Part 3A, r21A(1)(d):
    its transitional provisions were not read, so the first day of leaving
    it covers is a setting."""
    assert not part_3a_applies(dt.date(2025, 5, 27))
    assert part_3a_applies(dt.date(2025, 5, 28))
    with override_settings(PART_3A_FROM=dt.date(2025, 7, 1)):
        assert not part_3a_applies(dt.date(2025, 6, 30))
        assert part_3a_applies(dt.date(2025, 7, 1))


def test_panel_missing_counts_what_is_left() -> None:
    assert panel_missing(
        HEARING, dt.date(2024, 6, 1), ["chief_officer_chair", "independent_member"]
    ) == {"independent_member": 1, "legally_qualified_person": 1}


@pytest.mark.parametrize("form", [MEETING, HEARING])
def test_no_written_warning_under_a_final_written_warning_r42_7(form: str) -> None:
    """PCR 2020 r42(7), read from its first words and the Ministry of Defence
    Police copy ("A written warning must not be given where, on the date of
    the severity assessment ..."): with a final written warning in force, a
    written warning is not offered; the rule is a setting while its full text
    is unread, and turned off the table is r42(2)-(6) alone."""
    assert WW not in outcomes(form, M, fww=True)
    assert WW in outcomes(form, M)
    with override_settings(OUTCOME_R42_7=False):
        assert WW in outcomes(form, M, fww=True)


def test_r42_7_is_a_2020_rule_only() -> None:
    """PCR 2012 r35(3) has no such bar: a 2012 meeting still offers a written
    warning with a final written warning in force."""
    assert WW in outcomes(MEETING, M, fww=True, regime="2012")
