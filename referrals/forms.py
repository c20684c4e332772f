"""Forms of the lifecycle steps: what is about cases on top of the core's
GOV.UK form kit (``conduct.forms.kit``, ``conduct.forms.fields``).

``StepForm`` carries what a step acts on, who acts and the case's version
when the form was opened; every rule of the lifecycle stays in the
services, whose refusals ``add_service_error`` puts back on the form. Field
names are the service's keyword arguments, so ``service_data`` is the
cleaned data unless a form reshapes it (people, opinions, results).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from conduct.forms.fields import (
    DATE_HINT,
    checkbox,
    checkboxes,
    date_field,
    long_text,
    money,
    pick_many,
    pick_one,
    radios,
    text,
    whole_number,
    yes_no,
)

# Re-exported for referrals.views; new code imports it from conduct.forms.kit.
from conduct.forms.kit import GovukForm as GovukForm  # noqa: PLC0414
from conduct.models import IOPC_ROLES, PSD_ROLES, Force, PersonRole, Standard, User
from referrals.models import (
    Case,
    CaseParty,
    Charge,
    CriminalProceedings,
    DecisionBody,
    DeterminationResult,
    Investigation,
    InvestigationMode,
    NoticeResponse,
    Plea,
    ProceedingsForm,
    Recommendation,
    ReferralFactor,
    SentenceComponent,
    Severity,
    SeverityAssessment,
    Subject,
    Suspension,
    Verdict,
)
from referrals.selectors.cases import visible_people

VERSION_MISSING = "This form is out of date: open it again from the case page."


def rationale_field(
    label: str = "Reasons for this decision",
    hint: str = "Recorded in the case's timeline with the decision.",
) -> Any:
    return long_text(label, "the reasons for this decision", hint=hint)


class StepForm(GovukForm):
    """A lifecycle step's form: what it acts on (``target``), who acts
    (``user``) and the case's version when the form was opened (hidden)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": VERSION_MISSING,
            "invalid": VERSION_MISSING,
            "min_value": VERSION_MISSING,
        },
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        target: Any,
        user: User,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=dict(initial or {}))
        self.target = target
        self.user = user
        self.setup()

    def setup(self) -> None:
        """Set choices that depend on the target or the user."""

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("version", None)
        return data


def _role_label(role: PersonRole) -> str:
    details = role.get_kind_display()
    if role.rank:
        details += f", {role.rank}"
    if role.identifier:
        details += f" ({role.identifier})"
    ended = f", until {role.ended_on:%d %b %Y}" if role.ended_on else ""
    return f"{role.person.full_name}: {details}, {role.force.name}{ended}"


def _body_for(user: User) -> str:
    """Who a decision is usually for: the IOPC for its staff, else the force."""
    if user.role in IOPC_ROLES:
        return DecisionBody.IOPC.value
    return DecisionBody.APPROPRIATE_AUTHORITY.value


def _user_label(user: User) -> str:
    return f"{user} ({user.get_role_display()})"


# ------------------------------------------------------------- case forms


class CaseCreateForm(GovukForm):
    """Record a complaint, conduct matter or DSI matter."""

    force = pick_one(
        "Recording force", "the force recording the case", Force.objects.none()
    )
    reference = text(
        "Force reference",
        "the force's reference for this case",
        max_length=40,
        width="20",
    )
    trigger = radios("What is it?", "what the matter is", Case.Trigger.choices)
    came_to_attention_on = date_field(
        "Date it came to the force's attention", "the date it came to attention"
    )
    complaint_made_on = date_field(
        "Date the complaint was made",
        "the date the complaint was made",
        required=False,
        hint=f"Needed for a public complaint. {DATE_HINT}",
    )
    summary = long_text("Summary of the matter", "a summary of the matter")
    iopc_reference = text(
        "IOPC reference (optional)",
        "the IOPC reference",
        required=False,
        max_length=20,
        width="10",
        hint="For example, 2016/077885",
    )

    rule_fields = {
        "case.reference": "reference",
        "case.reference_unique": "reference",
        "case.summary": "summary",
        "case.complaint_date": "complaint_made_on",
        "case.trigger": "trigger",
        "case.force_membership": "force",
    }

    def __init__(self, data: Mapping[str, Any] | None = None, *, user: User) -> None:
        forces = Force.objects.filter(memberships__user=user, is_active=True).order_by(
            "name"
        )
        initial = {"force": forces[0]} if len(forces) == 1 else {}
        super().__init__(data, initial=initial)
        force_field = self.fields["force"]
        assert isinstance(force_field, forms.ModelChoiceField)
        force_field.queryset = forces


class PartyForm(StepForm):
    kind = radios("Who are they?", "who they are", CaseParty.Kind.choices)
    name = text("Full name", "their full name", max_length=200)
    contact = long_text(
        "Contact details (optional)",
        "their contact details",
        required=False,
        hint="Address, phone number or email address",
    )
    rule_fields = {"party": "name"}


class IOPCReferenceForm(StepForm):
    iopc_reference = text(
        "IOPC reference",
        "the IOPC reference",
        required=False,
        max_length=20,
        width="10",
        hint="For example, 2016/077885. Leave empty to remove it.",
    )

    def setup(self) -> None:
        self.initial.setdefault("iopc_reference", self.target.iopc_reference)


class RestrictForm(StepForm):
    restricted = yes_no(
        "Restrict this case to named users?",
        "only named users may see this case",
        hint="You are always one of the named users.",
    )
    users = pick_many(
        "Who may see it",
        "who may see the case",
        User.objects.none(),
        required=False,
        labeller=_user_label,
    )
    rationale = rationale_field()

    def setup(self) -> None:
        case: Case = self.target
        self.initial.setdefault("restricted", "yes" if case.restricted else "no")
        self.initial.setdefault("users", list(case.restricted_to.all()))
        users = self.fields["users"]
        assert isinstance(users, forms.ModelMultipleChoiceField)
        users.queryset = (
            User.objects.filter(is_active=True, role__in=PSD_ROLES | IOPC_ROLES)
            .filter(memberships__force=case.force_id)
            .distinct()
            .order_by("last_name", "first_name", "id")
        )


class CloseForm(StepForm):
    closed_on = date_field("Date closed", "the date the case was closed")
    rationale = rationale_field()
    dated = "closed_on"


class ReopenForm(StepForm):
    rationale = rationale_field("Why is the case being reopened?")


class SubjectAddForm(StepForm):
    role = pick_one(
        "Person and the role they held at the time",
        "the person and their role",
        PersonRole.objects.none(),
        labeller=_role_label,
        hint="The role at the time of the conduct, even if it has ended.",
    )
    appropriate_authority = pick_one(
        "Appropriate authority (optional)",
        "the appropriate authority",
        Force.objects.none(),
        required=False,
        empty="The force of that role",
        hint="The force that decides for this subject, if not the role's force.",
    )
    rule_fields = {"subject.role": "role", "subject.unique": "role"}

    def setup(self) -> None:
        role = self.fields["role"]
        assert isinstance(role, forms.ModelChoiceField)
        role.queryset = (
            PersonRole.objects.filter(person__in=visible_people(self.user))
            .select_related("person", "force")
            .order_by("person__family_name", "person__given_names", "started_on")
        )
        force = self.fields["appropriate_authority"]
        assert isinstance(force, forms.ModelChoiceField)
        force.queryset = Force.objects.filter(is_active=True).order_by("name")

    def service_data(self) -> dict[str, Any]:
        role: PersonRole = self.cleaned_data["role"]
        return {
            "person": role.person,
            "role": role,
            "appropriate_authority": self.cleaned_data["appropriate_authority"],
        }


def rank_field() -> Any:
    return text(
        "Rank or grade (optional)",
        "the rank or grade",
        required=False,
        max_length=60,
        width="20",
    )


def identifier_field() -> Any:
    return text(
        "Collar, warrant or staff number (optional)",
        "the collar, warrant or staff number",
        required=False,
        max_length=40,
        width="10",
    )


def job_title_field() -> Any:
    return text("Job title (optional)", "the job title", required=False, max_length=100)


class SubjectNewPersonForm(StepForm):
    """A subject not yet recorded anywhere: the person and the role they held
    at the time of the conduct (referrals.services.cases.
    subject_add_new_person)."""

    given_names = text("Given names", "the given names", max_length=100)
    family_name = text("Family name", "the family name", max_length=100)
    date_of_birth = date_field(
        "Date of birth (optional)", "the date of birth", required=False
    )
    kind = radios("Role at the time", "the role they held", PersonRole.Kind.choices)
    force = pick_one("Force", "the force they served in", Force.objects.none())
    rank = rank_field()
    identifier = identifier_field()
    job_title = job_title_field()
    started_on = date_field("Date the role started", "the date the role started")
    appropriate_authority = pick_one(
        "Appropriate authority (optional)",
        "the appropriate authority",
        Force.objects.none(),
        required=False,
        empty="The force of that role",
        hint="The force that decides for this subject, if not the role's force.",
    )
    dated = "started_on"
    rule_fields = {
        "person.name": "family_name",
        "person.duplicate": "family_name",
        "person_role.kind": "kind",
        "person_role.identifier": "identifier",
        "person_role.started_on": "started_on",
    }

    def setup(self) -> None:
        for name in ("force", "appropriate_authority"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Force.objects.filter(is_active=True).order_by("name")
        case: Case = self.target
        if not self.is_bound:
            self.initial.setdefault("force", case.force_id)


class PersonRoleForm(StepForm):
    """A further role the subject's person holds at the same time, such as
    police staff as well as special constable (referrals.services.cases.
    person_role_record)."""

    kind = radios("Role", "the role they hold", PersonRole.Kind.choices)
    force = pick_one("Force", "the force they serve in", Force.objects.none())
    rank = rank_field()
    identifier = identifier_field()
    job_title = job_title_field()
    started_on = date_field("Date the role started", "the date the role started")
    dated = "started_on"
    rule_fields = {
        "person_role.duplicate": "kind",
        "person_role.identifier": "identifier",
        "person_role.started_on": "started_on",
        "person_role.kind": "kind",
    }

    def setup(self) -> None:
        field = self.fields["force"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Force.objects.filter(is_active=True).order_by("name")
        subject: Subject = self.target
        if not self.is_bound:
            self.initial.setdefault("force", subject.case.force_id)


class AllegationForm(StepForm):
    summary = long_text("The allegation", "the allegation")
    standards = pick_many(
        "Standards of Professional Behaviour engaged",
        "at least one Standard of Professional Behaviour",
        Standard.objects.order_by("number"),
    )
    occurred_on = date_field(
        "Date of the conduct (optional)", "the date of the conduct", required=False
    )
    dated = "occurred_on"
    rule_fields = {"allegation.standards": "standards", "allegation.summary": "summary"}


class SeverityForm(StepForm):
    severity = radios("Severity", "the severity", Severity.choices)
    body = radios(
        "Who assessed it?", "who assessed it", SeverityAssessment.Body.choices
    )
    assessed_on = date_field("Date assessed", "the date of the assessment")
    rationale = rationale_field()
    dated = "assessed_on"
    rule_fields = {"severity.iopc": "body", "severity.body": "body"}

    def setup(self) -> None:
        self.initial.setdefault("body", _body_for(self.user))


class ReferralForm(StepForm):
    factors = checkboxes(
        "Why is it referred?",
        "at least one reason for the referral",
        ReferralFactor.choices,
        hint="Select all that apply. Only a voluntary referral is not mandatory.",
    )
    referred_on = date_field("Date referred", "the date of the referral")
    dated = "referred_on"
    rule_fields = {"referral.factors": "factors"}


class ReferralDecisionForm(StepForm):
    decision = radios(
        "The IOPC's decision",
        "the IOPC's decision",
        [("investigate", "It must be investigated"), ("refer_back", "Refer it back")],
    )
    mode = radios(
        "Mode of investigation",
        "the mode of investigation",
        InvestigationMode.choices,
        required=False,
        hint="Only if it must be investigated.",
    )
    decided_on = date_field("Date decided", "the date of the decision")
    rationale = rationale_field()
    dated = "decided_on"
    rule_fields = {
        "referral.mode": "mode",
        "referral.legacy_mode": "mode",
        "referral.directed_mode": "mode",
        "referral.decision": "decision",
    }


class ModeChangeForm(StepForm):
    mode = radios(
        "New mode of investigation",
        "the mode of investigation",
        InvestigationMode.choices,
    )
    decided_on = date_field("Date decided", "the date of the decision")
    rationale = rationale_field()
    dated = "decided_on"
    rule_fields = {
        "referral.mode": "mode",
        "referral.legacy_mode": "mode",
        "referral.directed_mode": "mode",
        "referral.mode_same": "mode",
    }


class InvestigationOpenForm(StepForm):
    investigating_body = radios(
        "Who investigates?", "who investigates", Investigation.Body.choices
    )
    investigator_name = text(
        "Investigator's name", "the investigator's name", max_length=200
    )
    terms_of_reference = long_text("Terms of reference", "the terms of reference")
    opened_on = date_field("Date opened", "the date the investigation opened")
    dated = "opened_on"
    rule_fields = {"investigation.body": "investigating_body"}


class ReportForm(StepForm):
    """The report, with the investigator's opinion on every subject under
    investigation (``opinion_<subject id>``)."""

    submitted_on = date_field("Date submitted", "the date the report was submitted")
    summary = long_text("Summary of the report", "the summary of the report")
    dated = "submitted_on"

    def setup(self) -> None:
        case: Case = self.target
        self.subjects = list(
            case.subjects.filter(status=Subject.Status.UNDER_INVESTIGATION)
            .select_related("person")
            .order_by("id")
        )
        for subject in self.subjects:
            self.fields[f"opinion_{subject.pk}"] = radios(
                f"Investigator's opinion on {subject.person.full_name}",
                f"the investigator's opinion on {subject.person.full_name}",
                DeterminationResult.choices,
            )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "submitted_on": data["submitted_on"],
            "summary": data["summary"],
            "opinions": {s.pk: data[f"opinion_{s.pk}"] for s in self.subjects},
        }


class DeterminationForm(StepForm):
    """Case to answer, per allegation (``result_<allegation id>``)."""

    body = radios("Who decides?", "who decides", DecisionBody.choices)
    decided_on = date_field("Date decided", "the date of the decision")
    rationale = rationale_field()
    dated = "decided_on"
    rule_fields = {"determination.body": "body"}

    def setup(self) -> None:
        self.initial.setdefault("body", _body_for(self.user))
        subject: Subject = self.target
        self.allegations = list(subject.allegations.order_by("id"))
        for allegation in self.allegations:
            self.fields[f"result_{allegation.pk}"] = radios(
                f"Allegation: {allegation.summary}",
                "a determination for this allegation",
                DeterminationResult.choices,
            )
        self.order_fields(
            ["body", "decided_on"]
            + [f"result_{allegation.pk}" for allegation in self.allegations]
        )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "body": data["body"],
            "decided_on": data["decided_on"],
            "rationale": data["rationale"],
            "results": {a.pk: data[f"result_{a.pk}"] for a in self.allegations},
        }


class RecommendationForm(StepForm):
    kind = radios(
        "Recommendation or direction?",
        "a recommendation or a direction",
        Recommendation.Kind.choices,
    )
    proceedings_form = radios(
        "Form of proceedings", "the form of proceedings", ProceedingsForm.choices
    )
    made_on = date_field("Date made", "the date it was made")
    rationale = rationale_field()
    dated = "made_on"
    rule_fields = {
        "recommendation.direction": "kind",
        "recommendation.form": "proceedings_form",
    }


class OutcomeWithoutProceedingsForm(StepForm):
    decided_on = date_field("Date decided", "the date of the decision")
    rationale = rationale_field()
    dated = "decided_on"


# ----------------------------------------------------- investigation forms


class NoticeServeForm(StepForm):
    served_on = date_field("Date served", "the date the notice was served")
    content = long_text(
        "What the notice says",
        "what the notice says",
        hint="The conduct, how it may fall below the Standards, and who investigates.",
    )
    dated = "served_on"
    rule_fields = {"notice.severity": "content", "notice.content": "content"}


class ResponseForm(StepForm):
    kind = radios(
        "What was received?", "what was received", NoticeResponse.Kind.choices
    )
    received_on = date_field("Date received", "the date it was received")
    content = long_text(
        "The response (optional if none was given)",
        "the response",
        required=False,
    )
    dated = "received_on"
    rule_fields = {"response.content": "content"}


class InterviewScheduleForm(StepForm):
    proposed_on = date_field("Date of the interview", "the date of the interview")
    alternative_on = date_field(
        "Alternative date proposed by the subject (optional)",
        "the alternative date",
        required=False,
    )
    dated = "proposed_on"
    rule_fields = {
        "interview.before_notice": "proposed_on",
        "interview.alternative": "alternative_on",
    }


class InterviewRecordForm(StepForm):
    held_on = date_field("Date held", "the date the interview was held")
    attended = yes_no("Did the subject attend?", "the subject attended")
    no_comment = checkbox("The subject answered no comment")
    notes = long_text("Notes (optional)", "notes", required=False)
    dated = "held_on"
    rule_fields = {"interview.no_comment": "no_comment"}


class SuspensionStartForm(StepForm):
    kind = radios(
        "Suspension or restricted duties?",
        "suspension or restricted duties",
        Suspension.Kind.choices,
    )
    started_on = date_field("Start date", "the start date")
    reason = rationale_field("Reasons", "Why the subject is suspended or restricted.")
    dated = "started_on"
    rule_fields = {"suspension.open": "kind"}


class SuspensionEndForm(StepForm):
    ended_on = date_field("End date", "the end date")
    dated = "ended_on"


# ---------------------------------------------------------- deadline forms


class DeadlineExtendForm(StepForm):
    new_due_on = date_field("New due date", "the new due date")
    reason = rationale_field("Reasons for the extension", "Recorded with the deadline.")
    rule_fields = {"deadline.extension_date": "new_due_on"}


class DeadlineCancelForm(StepForm):
    reason = rationale_field(
        "Why does this deadline no longer apply?", "Recorded with the deadline."
    )


# ---------------------------------------------------------- criminal forms


class CriminalOpenForm(StepForm):
    started_on = date_field(
        "Start of the criminal investigation", "the start of the criminal investigation"
    )
    arrested_on = date_field(
        "Date of arrest (optional)", "the date of arrest", required=False
    )
    arrest_location = text(
        "Where arrested (optional)",
        "where they were arrested",
        required=False,
        max_length=200,
    )
    arrest_notes = long_text("Notes on the arrest (optional)", "notes", required=False)
    reference = text(
        "Crime or court reference (optional)",
        "the reference",
        required=False,
        max_length=60,
        width="20",
    )
    court = text("Court (optional)", "the court", required=False, max_length=120)
    rule_fields = {
        "criminal.once": "started_on",
        "date.future": "started_on",
        "date.order": "arrested_on",
    }


class ReleaseForm(StepForm):
    release = radios(
        "How were they released?",
        "how they were released",
        CriminalProceedings.Release.choices,
    )
    released_on = date_field("Date released", "the date of release")
    bail_return_on = date_field(
        "Bail return date (optional)", "the bail return date", required=False
    )
    conditions = long_text("Bail conditions (optional)", "conditions", required=False)
    dated = "released_on"
    rule_fields = {"criminal.release": "release", "criminal.bail": "bail_return_on"}


class ChargeForm(StepForm):
    offence = long_text("Offence, as worded on the charge", "the offence")
    charged_on = date_field("Date charged", "the date of the charge")
    dated = "charged_on"
    rule_fields = {"charge.offence": "offence"}


class PleaForm(StepForm):
    plea = radios(
        "Plea",
        "the plea",
        [(Plea.GUILTY, Plea.GUILTY.label), (Plea.NOT_GUILTY, Plea.NOT_GUILTY.label)],
    )
    plea_on = date_field("Date of the plea", "the date of the plea")
    dated = "plea_on"
    rule_fields = {"charge.plea": "plea"}


class VerdictForm(StepForm):
    verdict = radios("How was the count decided?", "the verdict", Verdict.choices)
    verdict_on = date_field("Date decided", "the date of the verdict")
    dated = "verdict_on"
    rule_fields = {"charge.verdict": "verdict", "charge.verdict_plea": "verdict"}


def _count_label(charge: Charge) -> str:
    return f"Count {charge.count_number}: {charge.offence[:80]}"


class SentenceForm(StepForm):
    kind = radios(
        "Sentence or order", "the sentence or order", SentenceComponent.Kind.choices
    )
    sentenced_on = date_field("Date of sentence", "the date of sentence")
    charge = pick_one(
        "Count it is passed on",
        "the count",
        Charge.objects.none(),
        required=False,
        labeller=_count_label,
        empty="The whole case",
        hint="Needed for custody and suspended sentences.",
    )
    length_months = whole_number("Length in months", "the length in months")
    concurrent_with = pick_one(
        "Runs concurrently with",
        "the count it runs alongside",
        Charge.objects.none(),
        required=False,
        labeller=_count_label,
        empty="Not concurrent",
    )
    duration_years = whole_number(
        "Duration in years (SHPO or notification)", "the duration in years"
    )
    indefinite = checkbox("Until further order, or indefinite")
    amount = money("Amount of the fine, in pounds", "the amount")
    description = long_text("Description (optional)", "a description", required=False)
    dated = "sentenced_on"
    rule_fields = {
        "sentence.charge": "charge",
        "sentence.length": "length_months",
        "sentence.concurrent": "concurrent_with",
        "sentence.duration": "duration_years",
        "sentence.amount": "amount",
        "sentence.description": "description",
        "sentence.kind": "kind",
    }

    def setup(self) -> None:
        proceedings: CriminalProceedings = self.target
        for name in ("charge", "concurrent_with"):
            count = self.fields[name]
            assert isinstance(count, forms.ModelChoiceField)
            count.queryset = Charge.objects.filter(proceedings=proceedings).order_by(
                "count_number"
            )


class ConcludeForm(StepForm):
    concluded_on = date_field("Date concluded", "the date the proceedings concluded")
    dated = "concluded_on"


class DiscontinueForm(StepForm):
    discontinued_on = date_field(
        "Date discontinued", "the date the proceedings were discontinued"
    )
    rationale = rationale_field("Why were they discontinued?")
    dated = "discontinued_on"


class SubJudiceForm(StepForm):
    on = date_field("Date", "the date")
    rationale = rationale_field()
    dated = "on"
    rule_fields = {"sub_judice.overlap": "on"}
