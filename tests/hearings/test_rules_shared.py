"""The rules the services refuse with and the forms and documents narrow
their choices by (hearings.rules, Proceeding's open and closed statuses), as
pure functions."""

from __future__ import annotations

import pytest

from hearings.models import FindingResult, OutcomeKind, Proceeding
from hearings.rules import (
    SEVERITY_ORDER,
    appeal_worsens,
    by_severity,
    finding_exceeds_case,
    proceeding_allowed_outcomes,
)
from referrals.models import DeterminationResult, ProceedingsForm

GROSS_CASE = DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT
MISCONDUCT_CASE = DeterminationResult.CASE_TO_ANSWER_MISCONDUCT


def test_gross_misconduct_exceeds_a_case_for_misconduct_only() -> None:
    assert finding_exceeds_case(FindingResult.PROVEN_GROSS_MISCONDUCT, MISCONDUCT_CASE)
    assert not finding_exceeds_case(FindingResult.PROVEN_GROSS_MISCONDUCT, GROSS_CASE)


@pytest.mark.parametrize(
    "result", [FindingResult.PROVEN_MISCONDUCT, FindingResult.NOT_PROVEN]
)
@pytest.mark.parametrize("determination", [MISCONDUCT_CASE, GROSS_CASE])
def test_no_other_finding_exceeds_a_case_to_answer(
    result: str, determination: str
) -> None:
    assert not finding_exceeds_case(result, determination)


def test_an_appeal_cannot_make_the_outcome_more_severe() -> None:
    assert appeal_worsens(
        OutcomeKind.REDUCTION_IN_RANK, OutcomeKind.DISMISSAL_WITHOUT_NOTICE
    )
    assert not appeal_worsens(
        OutcomeKind.REDUCTION_IN_RANK, OutcomeKind.FINAL_WRITTEN_WARNING
    )
    assert not appeal_worsens(
        OutcomeKind.REDUCTION_IN_RANK, OutcomeKind.REDUCTION_IN_RANK
    )


def test_an_outcome_as_severe_is_not_worse() -> None:
    assert not appeal_worsens(
        OutcomeKind.WOULD_HAVE_BEEN_DISMISSED, OutcomeKind.DISMISSAL_WITHOUT_NOTICE
    )
    assert not appeal_worsens(OutcomeKind.NO_ACTION, OutcomeKind.REFER_TO_RPRP)


def test_outcomes_are_ordered_least_severe_first() -> None:
    ordered = by_severity(OutcomeKind.values)
    assert sorted(ordered) == sorted(OutcomeKind.values)
    ranks = [SEVERITY_ORDER[kind] for kind in ordered]
    assert ranks == sorted(ranks)
    assert ordered[:2] == [OutcomeKind.NO_ACTION, OutcomeKind.REFER_TO_RPRP]


def test_the_outcomes_come_from_the_facts_recorded_on_the_proceeding() -> None:
    hearing = Proceeding(form=ProceedingsForm.MISCONDUCT_HEARING)
    misconduct = {1: FindingResult.PROVEN_MISCONDUCT}
    assert proceeding_allowed_outcomes(hearing, misconduct, "2020") == {
        OutcomeKind.WRITTEN_WARNING,
        OutcomeKind.FINAL_WRITTEN_WARNING,
    }
    hearing.final_written_warning_in_force = True
    assert OutcomeKind.DISMISSAL_WITHOUT_NOTICE in proceeding_allowed_outcomes(
        hearing, misconduct, "2020"
    )
    former = Proceeding(form=ProceedingsForm.MISCONDUCT_HEARING, former_officer=True)
    assert proceeding_allowed_outcomes(former, misconduct, "2020") == {
        OutcomeKind.FINDING_NO_FURTHER_ACTION
    }


def test_a_proceeding_is_closed_exactly_when_it_can_move_no_further() -> None:
    """Held proceedings move only to returned (PCR r62(8)(b)), which changes
    nothing of the notice, the panel or the papers: held is closed too."""
    terminal = {status for status, after in Proceeding.TRANSITIONS.items() if not after}
    closed, still_open = Proceeding.CLOSED_STATUSES, Proceeding.OPEN_STATUSES
    assert Proceeding.TRANSITIONS[Proceeding.Status.HELD] == {
        Proceeding.Status.RETURNED
    }
    assert closed == terminal | {Proceeding.Status.HELD}
    assert still_open == set(Proceeding.Status.values) - closed
    assert still_open == {
        Proceeding.Status.REFERRED,
        Proceeding.Status.SCHEDULED,
        Proceeding.Status.ADJOURNED,
    }
