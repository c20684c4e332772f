"""Forms of the hearings steps (hearings.steps): ``referrals.forms.StepForm``
with the fields of the core's GOV.UK form kit (conduct.forms.fields).

As there, a form checks only the shape of what was typed; the rules of the
Conduct Regulations stay in the services, whose refusals come back next to
the field named by ``rule_fields``. Where the choices valid now are known
from the rows (the panel roles a forum has on its date, the outcomes PCR r42
allows for the findings), the form offers only those.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms

from conduct.formats import govuk_date
from conduct.forms.fields import (
    DATE_HINT,
    checkbox,
    date_field,
    long_text,
    pick_one,
    radios,
    text,
    yes_no,
)
from conduct.models import EmploymentEvent, Force
from hearings.models import (
    Appeal,
    FindingResult,
    FormerOfficerCondition,
    OutcomeKind,
    PanelRole,
    Proceeding,
)
from hearings.rules import (
    appeal_worsens,
    by_severity,
    finding_exceeds_case,
    panel_missing,
    proceeding_allowed_outcomes,
)
from hearings.selectors.proceedings import current_outcome_for
from hearings.services.appeals import appeal_kind_for
from hearings.services.outcomes import before_proceedings, current_findings
from hearings.services.proceedings import (
    former_officer_condition_for,
    is_former_officer_role,
)
from referrals.forms import StepForm, rationale_field
from referrals.models import Allegation, ProceedingsForm, Subject


def _set_choices(form: StepForm, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _form_name(proceeding: Proceeding) -> str:
    return ProceedingsForm(proceeding.form).label.lower()


# --------------------------------------------------------------- referral


class ProceedingReferForm(StepForm):
    """Refer a subject with a case to answer to a meeting, a hearing or an
    accelerated hearing (PCR r23(c)); the certificate for an accelerated
    hearing (r49) and, for a former officer, the condition that brings them
    within the regulations (r4)."""

    form = radios("Which proceedings?", "which proceedings", ProceedingsForm.choices)
    referred_on = date_field("Date referred", "the date of the referral")
    final_written_warning_in_force = checkbox(
        "A final written warning was in force at the severity assessment",
        hint="Opens a hearing, and reduction in rank or dismissal, to misconduct "
        "alone (PCR r42(5)).",
    )
    separate_incidents = checkbox(
        "The allegations concern more than one separate incident",
        hint="Not closely connected incidents (PCR r42(6)).",
    )
    previously_reduced_in_rank = checkbox(
        "The officer has been reduced in rank before",
        hint="An accelerated hearing may not reduce them in rank again (PCR r62(7)).",
    )
    is_public = checkbox("The hearing is held in public")
    special_conditions_certified_on = date_field(
        "Date the special conditions were certified (accelerated hearing only)",
        "the date the special conditions were certified",
        required=False,
    )
    special_conditions_certified_by = text(
        "Who certified them (accelerated hearing only)",
        "who certified the special conditions",
        required=False,
        max_length=200,
    )
    former_officer_condition = radios(
        "Which condition brings the former officer within the regulations?",
        "the condition that applies",
        FormerOfficerCondition.choices,
        required=False,
    )
    condition_c_determined_on = date_field(
        "Date of the Director General's special determination (Condition C only)",
        "the date of the special determination",
        required=False,
    )
    rationale = rationale_field()

    dated = "referred_on"
    rule_fields = {
        "proceeding.form": "form",
        "proceeding.directed": "form",
        "proceeding.separate_incidents": "separate_incidents",
        "proceeding.public": "is_public",
        "proceeding.certificate": "special_conditions_certified_on",
        "proceeding.former_officer": "form",
        "proceeding.former_officer_condition": "former_officer_condition",
        "proceeding.condition_c": "condition_c_determined_on",
    }

    def setup(self) -> None:
        subject: Subject = self.target
        role = subject.role
        if not is_former_officer_role(role) or role.ended_on is None:
            for name in ("former_officer_condition", "condition_c_determined_on"):
                del self.fields[name]
            return
        # A former officer faces gross misconduct proceedings only.
        _set_choices(
            self,
            "form",
            [
                (value, label)
                for value, label in ProceedingsForm.choices
                if value != ProceedingsForm.MISCONDUCT_MEETING
            ],
        )
        points_to = former_officer_condition_for(
            came_to_attention_on=subject.case.came_to_attention_on,
            left_on=role.ended_on,
        )
        condition = self.fields["former_officer_condition"]
        condition.required = True
        condition.help_text = (
            f"{subject.person.full_name} left on {govuk_date(role.ended_on)}; the "
            f"matter came to attention on "
            f"{govuk_date(subject.case.came_to_attention_on)}, which points to "
            f"{FormerOfficerCondition(points_to).label.split(':')[0]}."
        )


class NoticeOfReferralForm(StepForm):
    served_on = date_field("Date served", "the date the notice was served")
    content = long_text(
        "What the notice says",
        "what the notice says",
        hint="The allegations, the form of proceedings and the subject's rights "
        "(PCR r30).",
    )
    dated = "served_on"
    rule_fields = {"notice.content": "content"}


# --------------------------------------------------- the course of proceedings


class ScheduleForm(StepForm):
    scheduled_for = date_field("Date of the proceedings", "the date")
    dated = "scheduled_for"
    rule_fields = {
        "panel.date": "scheduled_for",
        "proceeding.r52_1": "scheduled_for",
        "proceeding.r52_1a": "scheduled_for",
    }


class AdjournForm(StepForm):
    adjourned_on = date_field("Date adjourned", "the date it was adjourned")
    reason = rationale_field("Why was it adjourned?")
    dated = "adjourned_on"


class PanelMemberForm(StepForm):
    """A person for a role the forum still needs on its scheduled date."""

    role = radios("Role on the panel", "the role on the panel", PanelRole.choices)
    name = text("Name", "the panel member's name", max_length=200)
    rule_fields = {
        "panel.role": "role",
        "panel.full": "role",
        "panel.date": "role",
        "panel.name": "name",
    }

    def setup(self) -> None:
        proceeding: Proceeding = self.target
        on = proceeding.scheduled_for
        if on is None:
            return
        missing = panel_missing(
            proceeding.form, on, [member.role for member in proceeding.panel.all()]
        )
        _set_choices(self, "role", [(role, PanelRole(role).label) for role in missing])
        role_field = self.fields["role"]
        role_field.help_text = (
            f"The roles a {_form_name(proceeding)} on {govuk_date(on)} still needs."
        )


class PanelMemberRemoveForm(StepForm):
    rationale = rationale_field("Why are they standing down?")


class ObjectionForm(StepForm):
    """An objection to the person conducting or chairing an accelerated
    hearing, upheld (PCR r51(2C), (2K)); the window is re-set from the day
    that person was replaced (r52(1A))."""

    objected_to = text(
        "Who did the officer object to?",
        "the name of the person objected to",
        max_length=200,
    )
    upheld_on = date_field(
        "Date the objection was upheld", "the date the objection was upheld"
    )
    replaced_on = date_field(
        "Date the person was replaced",
        "the date the person was replaced",
        hint="The hearing must then be held 10 to 15 working days after this "
        f"day (PCR r52(1A)). {DATE_HINT}",
    )
    reason = rationale_field("Why was the objection upheld?")
    dated = "upheld_on"
    rule_fields = {"objection.objected_to": "objected_to"}


class ProceedingResponseForm(StepForm):
    """The subject's response to the notice of referral (PCR r31)."""

    received_on = date_field("Date received", "the date the response was received")
    accepts_conduct = yes_no(
        "Does the subject accept the conduct?", "the subject accepts the conduct"
    )
    account = long_text(
        "The subject's account (optional)",
        "the subject's account",
        required=False,
        hint="Their account of the conduct, and any witnesses they propose.",
    )
    dated = "received_on"


class PapersToChairForm(StepForm):
    supplied_on = date_field(
        "Date the papers went to the chair", "the date the papers were supplied"
    )
    dated = "supplied_on"


class PreHearingForm(StepForm):
    pre_hearing_on = date_field(
        "Date of the pre-hearing", "the date of the pre-hearing"
    )
    dated = "pre_hearing_on"


class Part3ADeterminationForm(StepForm):
    """The appropriate authority's determination under PCR Part 3A for an
    officer who resigned or retired before the gross misconduct hearing they
    were referred to (r21A(1)(d), inserted by SI 2025/558)."""

    continues = yes_no(
        "Do the proceedings continue against the former officer?",
        "the proceedings continue",
        hint="Yes: the hearing goes ahead against them as a former officer "
        "(Condition A). No: the proceedings are withdrawn and their case "
        "closes without proceedings; an advisory list entry is removed.",
    )
    decided_on = date_field("Date decided", "the date of the determination")
    rationale = rationale_field()
    dated = "decided_on"
    rule_fields = {
        "proceeding.part_3a": "continues",
        "proceeding.former_officer_condition": "continues",
    }


class HoldForm(StepForm):
    held_on = date_field("Date held", "the date it was held")
    dated = "held_on"
    rule_fields = {"proceeding.r52_1": "held_on", "proceeding.r52_1a": "held_on"}


class WithdrawForm(StepForm):
    withdrawn_on = date_field("Date withdrawn", "the date of the withdrawal")
    rationale = rationale_field("Why are the proceedings withdrawn?")
    dated = "withdrawn_on"


class ReturnForm(StepForm):
    returned_on = date_field(
        "Date the case was returned",
        "the date the chair's report returning the case reached the "
        "appropriate authority",
    )
    rationale = rationale_field("Why is the case returned rather than dismissed?")
    dated = "returned_on"


# ---------------------------------------------------- findings and outcomes


def _finding_choices(allegation: Allegation) -> list[tuple[str, str]]:
    """No finding more serious than the case to answer."""
    return [
        (value, label)
        for value, label in FindingResult.choices
        if not finding_exceeds_case(value, allegation.determination)
    ]


class FindingsForm(StepForm):
    """A finding for each allegation before the proceedings
    (``finding_<allegation id>``)."""

    recorded_on = date_field("Date of the findings", "the date of the findings")
    rationale = rationale_field("Reasons for the findings")
    dated = "recorded_on"

    def setup(self) -> None:
        proceeding: Proceeding = self.target
        self.allegations = before_proceedings(proceeding.subject)
        for allegation in self.allegations:
            self.fields[f"finding_{allegation.pk}"] = radios(
                f"Allegation: {allegation.summary}",
                "a finding for this allegation",
                _finding_choices(allegation),
            )
        self.order_fields(
            ["recorded_on"]
            + [f"finding_{allegation.pk}" for allegation in self.allegations]
        )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "recorded_on": data["recorded_on"],
            "rationale": data["rationale"],
            "results": {a.pk: data[f"finding_{a.pk}"] for a in self.allegations},
        }


def outcomes_allowed(proceeding: Proceeding) -> frozenset[str]:
    """The outcomes PCR r42 allows for the proceeding's current findings."""
    return proceeding_allowed_outcomes(
        proceeding, current_findings(proceeding), proceeding.subject.case.regime
    )


class OutcomeForm(StepForm):
    """The outcome for the subject, from those PCR r42 allows for the
    findings in this forum."""

    kind = radios("Outcome", "the outcome", OutcomeKind.choices)
    decided_on = date_field("Date decided", "the date of the outcome")
    reasons = rationale_field("Reasons for the outcome")
    dated = "decided_on"
    rule_fields = {
        "outcome.r42": "kind",
        "outcome.r42_5_6": "kind",
        "outcome.r62_3": "kind",
        "outcome.r62_7": "kind",
        "outcome.r35_5": "kind",
        "outcome.r55_3": "kind",
        "outcome.former_officer": "kind",
    }
    #: How each outcome reads on this form, where not its own label.
    labels: ClassVar[Mapping[str, str]] = {}

    def setup(self) -> None:
        allowed = by_severity(outcomes_allowed(self.target))
        if self.labels:
            # The form's own wording, in its own order (yes before no).
            order = list(self.labels)
            allowed.sort(key=lambda k: order.index(k) if k in order else len(order))
        _set_choices(
            self,
            "kind",
            [
                (kind, self.labels.get(kind, OutcomeKind(kind).label))
                for kind in allowed
            ],
        )
        kind = self.fields["kind"]
        kind.help_text = "The outcomes the regulations allow for these findings."


class FormerOfficerFindingForm(OutcomeForm):
    """For a former officer: whether they would have been dismissed had they
    still been serving (PCR Sch 1), or no action if nothing was proven."""

    kind = radios(
        "Would they have been dismissed if they were still serving?",
        "whether they would have been dismissed",
        OutcomeKind.choices,
    )
    reasons = rationale_field("Reasons for the finding")
    labels: ClassVar[Mapping[str, str]] = {
        OutcomeKind.WOULD_HAVE_BEEN_DISMISSED: "Yes, they would have been dismissed",
        OutcomeKind.WOULD_NOT_HAVE_BEEN_DISMISSED: (
            "No, they would not have been dismissed"
        ),
        OutcomeKind.FINDING_NO_FURTHER_ACTION: (
            "Misconduct, not gross misconduct, was found: no further action"
        ),
        OutcomeKind.NO_ACTION: "Nothing was proven: no action",
    }


# ------------------------------------------------------------------ appeals


class OutcomeReportForm(StepForm):
    """The chair's report: when the appropriate authority received it (PCR
    r43(1), r63(1)) and when it was given to the officer (r43(2))."""

    received_on = date_field(
        "Date the appropriate authority received the report",
        "the date the report was received",
    )
    given_on = date_field(
        "Date given to the officer",
        "the date the report was given to the officer",
        hint=f"The appeal window opens on this day. {DATE_HINT}",
    )
    dated = "given_on"


class AppealLodgeForm(StepForm):
    lodged_on = date_field("Date lodged", "the date the appeal was lodged")
    notice_received_on = date_field(
        "Date the appropriate authority received its copy of the notice of appeal",
        "the date the notice was received",
        hint="The respondent's papers are due from this day (PAT Rules r13(3)). "
        f"{DATE_HINT}",
    )
    grounds = long_text("Grounds of appeal", "the grounds of appeal")
    dated = "lodged_on"
    rule_fields = {
        "appeal.grounds": "grounds",
        "appeal.notice_received_on": "notice_received_on",
    }

    def setup(self) -> None:
        outcome = current_outcome_for(self.target)
        proceeding = outcome.proceeding if outcome is not None else None
        if proceeding is None or (
            appeal_kind_for(proceeding.form) != Appeal.Kind.POLICE_APPEALS_TRIBUNAL
        ):
            del self.fields["notice_received_on"]

    def service_data(self) -> dict[str, Any]:
        return {"notice_received_on": None, **super().service_data()}


class AppealDecideForm(StepForm):
    """Dismissed, or allowed with the outcome (and, if they changed, the
    findings) it substitutes (``finding_<allegation id>``)."""

    result = radios(
        "What was decided?",
        "what was decided",
        [
            (Appeal.Status.DISMISSED, "Dismissed: the outcome stands"),
            (Appeal.Status.ALLOWED, "Allowed"),
        ],
    )
    decided_on = date_field("Date decided", "the date of the decision")
    substituted_outcome = radios(
        "Outcome substituted (only if allowed)",
        "the outcome substituted",
        OutcomeKind.choices,
        required=False,
    )
    reasons = rationale_field()
    dated = "decided_on"
    rule_fields = {
        "appeal.result": "result",
        "appeal.outcome": "substituted_outcome",
        "appeal.worsen": "substituted_outcome",
        "outcome.r42": "substituted_outcome",
        "outcome.r42_5_6": "substituted_outcome",
        "outcome.r62_3": "substituted_outcome",
        "outcome.r62_7": "substituted_outcome",
        "outcome.r35_5": "substituted_outcome",
        "outcome.r55_3": "substituted_outcome",
        "outcome.former_officer": "substituted_outcome",
    }

    def setup(self) -> None:
        appeal: Appeal = self.target
        outcome = appeal.outcome
        _set_choices(
            self,
            "substituted_outcome",
            [
                (kind, OutcomeKind(kind).label)
                for kind in by_severity(OutcomeKind.values)
                if not appeal_worsens(outcome.kind, kind)
            ],
        )
        self.fields["substituted_outcome"].help_text = (
            f"The outcome appealed against: {outcome.get_kind_display().lower()}. "
            "An appeal cannot make it more severe."
        )
        self.allegations = before_proceedings(appeal.subject)
        for allegation in self.allegations:
            self.fields[f"finding_{allegation.pk}"] = radios(
                f"Finding substituted on: {allegation.summary} (optional)",
                "a finding for this allegation",
                _finding_choices(allegation),
                required=False,
                hint="Only if the appeal changed the findings: then give one for "
                "every allegation.",
            )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        findings = {
            a.pk: data[f"finding_{a.pk}"]
            for a in self.allegations
            if data.get(f"finding_{a.pk}")
        }
        return {
            "result": data["result"],
            "decided_on": data["decided_on"],
            "reasons": data["reasons"],
            "substituted_outcome": data["substituted_outcome"] or "",
            "substituted_findings": findings or None,
        }


class AppealWithdrawForm(StepForm):
    withdrawn_on = date_field("Date withdrawn", "the date the appeal was withdrawn")
    rationale = rationale_field("Why was it withdrawn?")
    dated = "withdrawn_on"


# ------------------------------------------------------------- the subject


class SubjectConcludeForm(StepForm):
    concluded_on = date_field("Date concluded", "the date proceedings concluded")
    dated = "concluded_on"


class CloseWithoutProceedingsForm(StepForm):
    decided_on = date_field("Date decided", "the date of the decision")
    rationale = rationale_field()
    dated = "decided_on"


LEAVING_OR_MOVING = [
    (kind.value, kind.label)
    for kind in EmploymentEvent.Kind
    if kind != EmploymentEvent.Kind.JOINED
]


class EmploymentEventForm(StepForm):
    """A transfer, resignation, retirement or dismissal in the role the
    subject holds, carried through every open case (hearings.services.
    employment)."""

    kind = radios("What happened?", "what happened", LEAVING_OR_MOVING)
    occurred_on = date_field("Date", "the date it happened")
    to_force = pick_one(
        "Force they transferred to (transfers only)",
        "the force they transferred to",
        Force.objects.none(),
        required=False,
        empty="Not a transfer",
    )
    new_identifier = text(
        "Collar or staff number in the new force (optional)",
        "the new collar or staff number",
        required=False,
        max_length=40,
        width="10",
    )
    notes = long_text("Notes (optional)", "notes", required=False)
    dated = "occurred_on"
    rule_fields = {
        "employment_event.force": "to_force",
        "employment_event.kind": "kind",
        "employment_event.date": "occurred_on",
    }

    def setup(self) -> None:
        subject: Subject = self.target
        forces = self.fields["to_force"]
        assert isinstance(forces, forms.ModelChoiceField)
        forces.queryset = (
            Force.objects.filter(is_active=True)
            .exclude(pk=subject.role.force_id)
            .order_by("name")
        )


# ------------------------------------------------------------- list reports


class ListReportRequeueForm(StepForm):
    reason = rationale_field(
        "What was fixed?", "Why the report can be sent to the College now."
    )
