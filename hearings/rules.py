"""Pure rules of proceedings: who sits on a panel, which findings and
outcomes are open.

No database access here: services gather the facts, these functions decide.
Each rule is said once; the service refuses with it, and the form or document
uses it to offer only what the service would accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from conduct.regimes import (
    Regime,
    hearing_panel_has_senior_officer_chair,
    hearing_panel_is_chief_officer_led,
    written_warning_barred_by_final_warning,
)
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

#: Outcomes that put a person on the barred list (PA96 s88A(1): dismissal,
#: or a former officer who would have been dismissed).
BARRING_OUTCOMES = frozenset(
    {
        OutcomeKind.DISMISSAL_WITH_NOTICE,
        OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
        OutcomeKind.WOULD_HAVE_BEEN_DISMISSED,
    }
)
#: Outcomes that are not disciplinary action: nothing to appeal against.
NOT_APPEALABLE = frozenset({OutcomeKind.NO_ACTION, OutcomeKind.REFER_TO_RPRP})
#: Order of severity, for "an appeal cannot make things worse".
SEVERITY_ORDER: dict[str, int] = {
    OutcomeKind.NO_ACTION: 0,
    OutcomeKind.REFER_TO_RPRP: 0,
    OutcomeKind.FINDING_NO_FURTHER_ACTION: 1,
    OutcomeKind.WOULD_NOT_HAVE_BEEN_DISMISSED: 1,
    OutcomeKind.MANAGEMENT_ADVICE: 2,
    OutcomeKind.WRITTEN_WARNING: 3,
    OutcomeKind.FINAL_WRITTEN_WARNING: 4,
    OutcomeKind.FINAL_WRITTEN_WARNING_EXTENDED: 5,
    OutcomeKind.REDUCTION_IN_RANK: 6,
    OutcomeKind.DISMISSAL_WITH_NOTICE: 7,
    OutcomeKind.DISMISSAL_WITHOUT_NOTICE: 8,
    OutcomeKind.WOULD_HAVE_BEEN_DISMISSED: 8,
}

WARNINGS = frozenset({OutcomeKind.WRITTEN_WARNING, OutcomeKind.FINAL_WRITTEN_WARNING})
#: Dismissal under the 2012 rules (r35(3)(b)).
DISMISSALS_2012 = frozenset(
    {OutcomeKind.DISMISSAL_WITH_NOTICE, OutcomeKind.DISMISSAL_WITHOUT_NOTICE}
)
#: Reduction in rank or dismissal for misconduct at a 2020 hearing (r42(5)-(6)).
SEVERE_2020 = frozenset(
    {OutcomeKind.REDUCTION_IN_RANK, OutcomeKind.DISMISSAL_WITHOUT_NOTICE}
)


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


def outside_hearing_window(
    on: dt.date, *, first: dt.date | None, last: dt.date
) -> bool:
    """Whether an accelerated hearing on ``on`` falls outside its window.

    PCR r52(1): the date "must be not less than 10 and not more than 15
    working days after the date on which notice is given under regulation
    51(1)"; r52(1A): after an upheld objection to the person conducting or
    chairing it, the same count from the day that person is replaced. The
    window's days are its clock's (``earliest_on`` to ``due_on``), so a pause
    for criminal proceedings moves them (r10(3)); ``first`` is None only for
    a rule a force has changed to set a last day alone.
    """
    return on > last or (first is not None and on < first)


def panel_requirements(form: str, hearing_on: dt.date) -> dict[str, int]:
    """The roles, and how many of each, that conduct ``form`` on ``hearing_on``.

    Hearings before legally qualified chairs (2012 rules, before 1 January
    2016 by default, ``hearing_panel_has_senior_officer_chair``): a senior
    officer chairs, with a second senior officer and an independent member
    (the second member's rank UNVERIFIED). Then until 7 May 2024: legally
    qualified chair, senior officer and independent member. From 7 May 2024
    (SI 2024/521): the chief officer or a delegate chairs with two
    independent members, advised by a legally qualified person. An
    accelerated hearing of a non-senior officer is conducted by the chief
    officer (PCR r55(1)); a meeting by one person.
    """
    if form == ProceedingsForm.MISCONDUCT_MEETING:
        return {PanelRole.PERSON_CONDUCTING: 1}
    if form == ProceedingsForm.ACCELERATED_HEARING:
        return {PanelRole.CHIEF_OFFICER: 1}
    if hearing_panel_has_senior_officer_chair(hearing_on):
        return {
            PanelRole.SENIOR_OFFICER_CHAIR: 1,
            PanelRole.SENIOR_OFFICER: 1,
            PanelRole.INDEPENDENT_MEMBER: 1,
        }
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


def allowed_outcomes(
    *,
    form: str,
    findings: Mapping[int, str],
    former_officer: bool,
    final_written_warning_in_force: bool,
    separate_incidents: bool,
    regime: str,
    previously_reduced_in_rank: bool = False,
) -> frozenset[str]:
    """The outcomes the regulations allow for these findings in this forum.

    - Nothing proven: no action, or (2020 rules) referral to reflective
      practice.
    - Former officers (PCR Sch 1; 2012 as amended by SI 2017/1134): gross
      misconduct, a finding that they would, or would not, have been
      dismissed; misconduct, a finding of misconduct with no further action.
    - Otherwise the forum's table for the case's rules: ``_outcomes_2020``
      (PCR 2020 r42, r62) or ``_outcomes_2012`` (PCR 2012 r35, r55).
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
        return frozenset({OutcomeKind.FINDING_NO_FURTHER_ACTION})
    gross = finding == FindingResult.PROVEN_GROSS_MISCONDUCT
    if regime == Regime.R2020:
        proven = sum(1 for result in results if result != FindingResult.NOT_PROVEN)
        return _outcomes_2020(
            form=form,
            gross=gross,
            fww_in_force=final_written_warning_in_force,
            separate_incidents=separate_incidents and proven > 1,
            reduced_before=previously_reduced_in_rank,
        )
    return _outcomes_2012(
        form=form, gross=gross, fww_in_force=final_written_warning_in_force
    )


def _outcomes_2020(
    *,
    form: str,
    gross: bool,
    fww_in_force: bool,
    separate_incidents: bool,
    reduced_before: bool,
) -> frozenset[str]:
    """PCR 2020 r42 (meetings and hearings) and r62 (accelerated hearings).

    - Accelerated hearing, gross misconduct: final written warning (not where
      one was in force, r62(3)), reduction in rank (not where the officer had
      been reduced in rank before, r62(7)), dismissal without notice.
    - Accelerated hearing, misconduct only: no disciplinary action; the case
      is dismissed (r62(8)).
    - Meeting, misconduct: written or final written warning.
    - Hearing, misconduct: also reduction in rank or dismissal without
      notice, but only where a final written warning was in force at the
      severity assessment (r42(5)) or the findings rest on more than one not
      closely connected incident (r42(6)).
    - Hearing, gross misconduct: final written warning, reduction in rank,
      dismissal without notice.
    - No written warning where a final written warning was in force at the
      severity assessment (r42(7), UNVERIFIED: the setting OUTCOME_R42_7).
    """
    if form == ProceedingsForm.ACCELERATED_HEARING:
        if not gross:
            return frozenset({OutcomeKind.NO_ACTION})
        allowed = {OutcomeKind.DISMISSAL_WITHOUT_NOTICE}
        if not fww_in_force:
            allowed.add(OutcomeKind.FINAL_WRITTEN_WARNING)
        if not reduced_before:
            allowed.add(OutcomeKind.REDUCTION_IN_RANK)
        return frozenset(allowed)
    if gross:
        allowed = {OutcomeKind.FINAL_WRITTEN_WARNING, *SEVERE_2020}
    elif form == ProceedingsForm.MISCONDUCT_MEETING:
        allowed = set(WARNINGS)
    elif fww_in_force or separate_incidents:
        allowed = {*WARNINGS, *SEVERE_2020}
    else:
        allowed = set(WARNINGS)
    if fww_in_force and written_warning_barred_by_final_warning():
        allowed.discard(OutcomeKind.WRITTEN_WARNING)
    return frozenset(allowed)


def _outcomes_2012(*, form: str, gross: bool, fww_in_force: bool) -> frozenset[str]:
    """PCR 2012 r35 (meetings and hearings) and r55 (special case hearings,
    the accelerated hearings of the 2012 rules). There is no reduction in
    rank and no "separate incidents" ground.

    - Special case hearing, gross misconduct: final written warning, its
      extension where one is in force (r55(3)), dismissal without notice
      (r55(1)).
    - Special case hearing, misconduct only: the case is dismissed (r55(6)).
    - Misconduct (not gross): a finding with no further action (r35(1)(b)).
    - Meeting: management advice, written or final written warning
      (r35(3)(a)).
    - Hearing: also dismissal with or without notice (r35(3)(b)); for
      misconduct only where a final written warning was in force at the
      severity assessment (r35(5)).
    """
    if form == ProceedingsForm.ACCELERATED_HEARING:
        if not gross:
            return frozenset({OutcomeKind.NO_ACTION})
        allowed = {
            OutcomeKind.FINAL_WRITTEN_WARNING,
            OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
        }
        if fww_in_force:
            allowed.add(OutcomeKind.FINAL_WRITTEN_WARNING_EXTENDED)
        return frozenset(allowed)
    allowed = {OutcomeKind.MANAGEMENT_ADVICE, *WARNINGS}
    if not gross:
        allowed.add(OutcomeKind.FINDING_NO_FURTHER_ACTION)
    if form == ProceedingsForm.MISCONDUCT_HEARING and (gross or fww_in_force):
        allowed |= DISMISSALS_2012
    return frozenset(allowed)


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
        previously_reduced_in_rank=proceeding.previously_reduced_in_rank,
        separate_incidents=proceeding.separate_incidents,
        regime=regime,
    )
