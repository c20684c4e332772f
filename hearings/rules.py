"""Pure rules of proceedings: who sits on a panel, which findings and
outcomes are open.

No database access here: services gather the facts, these functions decide.
Each rule is said once; the service refuses with it, and the form or document
uses it to offer only what the service would accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from conduct.regimes import Regime, hearing_panel_is_chief_officer_led
from hearings.models import FindingResult, OutcomeKind, PanelRole, Proceeding
from referrals.models import DeterminationResult, ProceedingsForm

#: Determinations that put an allegation before misconduct proceedings
#: (PCR r23(c)).
CASE_TO_ANSWER = frozenset(
    {
        DeterminationResult.CASE_TO_ANSWER_MISCONDUCT,
        DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT,
    }
)

#: Outcomes that put a person on the barred list (PA96 s88A(1)).
BARRING_OUTCOMES = frozenset(
    {OutcomeKind.DISMISSAL_WITHOUT_NOTICE, OutcomeKind.WOULD_HAVE_BEEN_DISMISSED}
)
#: Outcomes that are not disciplinary action: nothing to appeal against.
NOT_APPEALABLE = frozenset({OutcomeKind.NO_ACTION, OutcomeKind.REFER_TO_RPRP})
#: Order of severity, for "an appeal cannot make things worse".
SEVERITY_ORDER: dict[str, int] = {
    OutcomeKind.NO_ACTION: 0,
    OutcomeKind.REFER_TO_RPRP: 0,
    OutcomeKind.WOULD_NOT_HAVE_BEEN_DISMISSED: 1,
    OutcomeKind.WRITTEN_WARNING: 1,
    OutcomeKind.FINAL_WRITTEN_WARNING: 2,
    OutcomeKind.REDUCTION_IN_RANK: 3,
    OutcomeKind.DISMISSAL_WITHOUT_NOTICE: 4,
    OutcomeKind.WOULD_HAVE_BEEN_DISMISSED: 4,
}


def by_severity(kinds: Iterable[str]) -> list[str]:
    """``kinds`` of outcome, least severe first (ties by value)."""
    return sorted(kinds, key=lambda kind: (SEVERITY_ORDER[kind], kind))


def appeal_worsens(current: str, substituted: str) -> bool:
    """Whether an appeal substituting ``substituted`` for the ``current``
    outcome would leave the officer worse off, which it cannot (PA96 Sch 6;
    PCR r47 - exact wording unverified)."""
    return SEVERITY_ORDER[substituted] > SEVERITY_ORDER[current]


def finding_exceeds_case(result: str, determination: str) -> bool:
    """Whether finding ``result`` is more serious than the case to answer
    (``determination``): gross misconduct needs a case to answer for gross
    misconduct."""
    return (
        result == FindingResult.PROVEN_GROSS_MISCONDUCT
        and determination != DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT
    )


def panel_requirements(form: str, hearing_on: dt.date) -> dict[str, int]:
    """The roles, and how many of each, that conduct ``form`` on ``hearing_on``.

    Hearings before 7 May 2024: legally qualified chair, senior officer and
    independent member. From 7 May 2024 (SI 2024/521): the chief officer or a
    delegate chairs with two independent members, advised by a legally
    qualified person. An accelerated hearing of a non-senior officer is
    conducted by the chief officer (PCR r55(1)); a meeting by one person.
    """
    if form == ProceedingsForm.MISCONDUCT_MEETING:
        return {PanelRole.PERSON_CONDUCTING: 1}
    if form == ProceedingsForm.ACCELERATED_HEARING:
        return {PanelRole.CHIEF_OFFICER: 1}
    if hearing_panel_is_chief_officer_led(hearing_on):
        return {
            PanelRole.CHIEF_OFFICER_CHAIR: 1,
            PanelRole.INDEPENDENT_MEMBER: 2,
            PanelRole.LEGALLY_QUALIFIED_PERSON: 1,
        }
    return {
        PanelRole.LEGALLY_QUALIFIED_CHAIR: 1,
        PanelRole.SENIOR_OFFICER: 1,
        PanelRole.INDEPENDENT_MEMBER: 1,
    }


def panel_missing(
    form: str, hearing_on: dt.date, roles: Collection[str]
) -> dict[str, int]:
    """Roles still to be filled (role: how many more) for the panel."""
    required = panel_requirements(form, hearing_on)
    roles = list(roles)
    return {
        role: count - roles.count(role)
        for role, count in required.items()
        if roles.count(role) < count
    }


def most_serious_finding(results: Collection[str]) -> str:
    if FindingResult.PROVEN_GROSS_MISCONDUCT in results:
        return FindingResult.PROVEN_GROSS_MISCONDUCT
    if FindingResult.PROVEN_MISCONDUCT in results:
        return FindingResult.PROVEN_MISCONDUCT
    return FindingResult.NOT_PROVEN


def allowed_outcomes(  # noqa: PLR0911 - one return per row of the r42 table
    *,
    form: str,
    findings: Mapping[int, str],
    former_officer: bool,
    final_written_warning_in_force: bool,
    separate_incidents: bool,
    regime: str,
) -> frozenset[str]:
    """The outcomes PCR r42 allows for these findings in this forum.

    - Nothing proven: no action, or (2020 rules) referral to reflective
      practice.
    - Former officers (gross misconduct proceedings only, PCR Sch 1): a
      finding that they would, or would not, have been dismissed; "would have
      been dismissed" needs a gross misconduct finding.
    - Misconduct at a meeting: written or final written warning.
    - Misconduct at a hearing: also reduction in rank or dismissal without
      notice, but only where a final written warning was in force at the
      severity assessment (r42(5)) or the findings rest on more than one not
      closely connected incident (r42(6)).
    - Gross misconduct: final written warning, reduction in rank, dismissal.
    """
    results = list(findings.values())
    finding = most_serious_finding(results)
    if finding == FindingResult.NOT_PROVEN:
        if regime == Regime.R2020 and not former_officer:
            return frozenset({OutcomeKind.NO_ACTION, OutcomeKind.REFER_TO_RPRP})
        return frozenset({OutcomeKind.NO_ACTION})
    if former_officer:
        if finding == FindingResult.PROVEN_GROSS_MISCONDUCT:
            return frozenset(
                {
                    OutcomeKind.WOULD_HAVE_BEEN_DISMISSED,
                    OutcomeKind.WOULD_NOT_HAVE_BEEN_DISMISSED,
                }
            )
        return frozenset({OutcomeKind.WOULD_NOT_HAVE_BEEN_DISMISSED})
    if finding == FindingResult.PROVEN_GROSS_MISCONDUCT:
        return frozenset(
            {
                OutcomeKind.FINAL_WRITTEN_WARNING,
                OutcomeKind.REDUCTION_IN_RANK,
                OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
            }
        )
    warnings = frozenset(
        {OutcomeKind.WRITTEN_WARNING, OutcomeKind.FINAL_WRITTEN_WARNING}
    )
    if form == ProceedingsForm.MISCONDUCT_MEETING:
        return warnings
    proven = sum(1 for result in results if result != FindingResult.NOT_PROVEN)
    if final_written_warning_in_force or (separate_incidents and proven > 1):
        return warnings | {
            OutcomeKind.REDUCTION_IN_RANK,
            OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
        }
    return warnings


def proceeding_allowed_outcomes(
    proceeding: Proceeding, findings: Mapping[int, str], regime: str
) -> frozenset[str]:
    """``allowed_outcomes`` for ``findings`` in ``proceeding``'s forum, from
    the facts recorded on it at referral."""
    return allowed_outcomes(
        form=proceeding.form,
        findings=findings,
        former_officer=proceeding.former_officer,
        final_written_warning_in_force=proceeding.final_written_warning_in_force,
        separate_incidents=proceeding.separate_incidents,
        regime=regime,
    )
