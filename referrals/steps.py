"""Every lifecycle step the browser offers, as a form on the object it acts
on: the registry behind ``/steps/<kind>/<id>/<step>/`` (referrals.views) and
the case page's Actions.

A ``TargetKind`` is something a step acts on (a case, a subject, a charge):
its slug in the URL, its model, how to find one in the user's scope (404
otherwise), its case, how to name it and where it sits on the case page. A
``Step`` is one service call: its slug and label, the kind it acts on, its
form (a ``referrals.forms.StepForm``), the service, and when it is valid now.

When a step is valid comes from the models' ``TRANSITIONS``, not from a
second copy of the services' rules:

- ``transitions``: the statuses the step moves ``state(target)`` to (the
  target itself unless ``state`` says otherwise, e.g. the case's referral);
  offered only when the table allows one of them from the current status;
- ``statuses``: the stage the step belongs to (serving a notice is for a
  subject under investigation);
- ``when``: what the rows say (a charge without a verdict, an interview not
  yet held, no referral yet);
- ``roles``: the service's own constant of who may act, where it has one.

Only PSD and IOPC staff are offered steps, and only ``reopen`` on a closed
case. A step the service may still refuse (a regime rule, a date) is offered:
the service's refusal comes back on the form, with nothing written.

Adding steps from another app (hearings)
========================================
Nothing in referrals changes. The registry imports the ``steps`` module of
every installed app the first time it is read (as the admin does with
``admin`` modules), so the hearings steps live in ``hearings/steps.py``
(their forms in ``hearings/forms.py``):

1. Forms subclass ``referrals.forms.StepForm`` and build fields with the
   core's GOV.UK form kit, ``conduct.forms.fields`` (``date_field``,
   ``radios``, ``checkboxes``, ``text``, ``long_text``, ``pick_one``...),
   and ``referrals.forms.rationale_field`` for every decision. Field names
   are the service's keyword arguments, or override ``service_data()``;
   ``setup()`` sets choices from ``self.target`` and ``self.user``;
   ``rule_fields`` maps a refusal's ``rule`` to its field.
2. New objects: ``register_kind(TargetKind(slug="proceeding",
   model=Proceeding, get=lambda user, pk: ..., case_of=lambda p:
   p.subject.case, describe=lambda p: ..., argument="proceeding",
   anchor="subjects", listed_under="subject", children=lambda subject,
   case: ...))``. ``get`` must raise Http404 outside the user's scope
   (``referrals.selectors.steps.scoped_get`` does). The referrals kinds
   (``KIND_*`` below) take steps from any app: a step on a subject is
   ``Step(kind=KIND_SUBJECT, ...)``.
3. Steps: ``register(Step(kind="proceeding", slug="schedule", label=
   "Schedule the hearing", form=ScheduleForm, service=proceeding_schedule,
   done="Hearing scheduled", transitions=(Proceeding.Status.SCHEDULED,)))``;
   the service is called as ``service(actor=user, <argument>=target,
   **fixed, **form.service_data())`` under the case's row lock at the
   version the form was opened with.
4. On the case page, ``{% include "referrals/steps/_actions.html" with
   target=proceeding %}`` lists the steps valid now for ``proceeding`` and
   for the objects of kinds ``listed_under`` its kind (``children``). The
   predicates run for every row shown: they may read only what the page
   has loaded (``children`` may load once per case and keep it), so the
   page's query count stays flat.

URLs need nothing: ``/steps/<kind>/<id>/<step>/`` resolves through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

from conduct.formats import govuk_date
from conduct.models import (
    IOPC_ROLES,
    IOPC_SUPERVISORS,
    PSD_ROLES,
    PSD_SUPERVISORS,
    STAFF_ROLES,
    PersonRole,
    User,
)
from conduct.regimes import investigation_notice_name
from conduct.transitions import can_transition
from referrals import forms
from referrals.models import (
    Allegation,
    Case,
    Charge,
    CriminalProceedings,
    Deadline,
    Interview,
    Investigation,
    IOPCReferral,
    Notice,
    Plea,
    Subject,
    Suspension,
    Verdict,
)
from referrals.selectors.cases import (
    allegation_get,
    case_get,
    notice_get,
    subject_get,
)
from referrals.selectors.steps import (
    case_step_state,
    charge_get,
    criminal_proceedings_get,
    deadline_get,
    interview_get,
    subject_objects_of,
    suspension_get,
)
from referrals.services import (
    cases,
    criminal,
    deadlines,
    determinations,
    investigations,
    iopc,
)

#: Who may take any step at all (managers read; administrators see no cases).
STEP_ROLES = STAFF_ROLES


@dataclass(frozen=True, eq=False)
class TargetKind:
    """Something steps act on.

    ``get(user, pk)`` finds it in the user's scope (Http404 otherwise);
    ``case_of`` gives its case; ``describe`` names it in a sentence;
    ``argument`` is the services' keyword for it; ``anchor`` the case page's
    section. ``children(parent, case)``, for a kind ``listed_under`` another,
    gives the objects of this kind the parent's Actions list.
    """

    slug: str
    model: type[Model]
    get: Callable[[User, int], Any]
    case_of: Callable[[Any], Case]
    describe: Callable[[Any], str]
    argument: str
    anchor: str = "summary"
    listed_under: str = ""
    children: Callable[[Any, Case], Iterable[Any]] | None = None


@dataclass(frozen=True, eq=False)
class Step:
    """One lifecycle step: a form and the one service call it makes."""

    kind: str
    slug: str
    label: str | Callable[[Any], str]
    form: type[forms.StepForm]
    service: Callable[..., Any]
    done: str
    transitions: tuple[str, ...] = ()
    statuses: frozenset[str] = frozenset()
    state: Callable[[Any], Any] | None = None
    when: Callable[[Any], bool] | None = None
    roles: frozenset[str] | None = None
    fixed: Mapping[str, Any] = field(default_factory=dict)
    on_closed_case: bool = False
    intro: str = ""
    submit: str = "Save"

    def label_for(self, target: Any) -> str:
        return self.label(target) if callable(self.label) else self.label

    def stateful(self, target: Any) -> Any:
        """The object whose status and TRANSITIONS this step reads."""
        return self.state(target) if self.state is not None else target

    def available(self, target: Any, user: User) -> bool:
        """Whether the step is valid now for ``target`` and ``user``, from
        the transition table and the rows (no query for the kinds the case
        page lists, whose rows it has loaded)."""
        if self.roles is not None and user.role not in self.roles:
            return False
        if self.transitions or self.statuses:
            stateful = self.stateful(target)
            if stateful is None:
                return False
            if self.transitions and not any(
                can_transition(stateful, status) for status in self.transitions
            ):
                return False
            if self.statuses and stateful.status not in self.statuses:
                return False
        return self.when is None or self.when(target)

    def call(self, user: User, target: Any, data: Mapping[str, Any]) -> Any:
        argument = registry.kind(self.kind).argument
        return self.service(
            actor=user, **{argument: target}, **self.fixed, **dict(data)
        )


@dataclass(frozen=True)
class StepLink:
    """A step offered on the case page: what the link says, where it goes,
    and (for screen readers) what it is about when the label does not say."""

    label: str
    url: str
    slug: str
    kind: str
    target_id: int
    context: str = ""


class Registry:
    """Kinds and their steps, in the order registered (the page's order)."""

    def __init__(self) -> None:
        self._kinds: dict[str, TargetKind] = {}
        self._steps: dict[str, dict[str, Step]] = {}
        self._discovered = False

    def _discover(self) -> None:
        if not self._discovered:
            self._discovered = True
            autodiscover_modules("steps")

    def add_kind(self, kind: TargetKind) -> None:
        if kind.slug in self._kinds:
            raise ImproperlyConfigured(f"Step kind {kind.slug!r} registered twice.")
        self._kinds[kind.slug] = kind
        self._steps[kind.slug] = {}

    def add(self, step: Step) -> None:
        if step.kind not in self._kinds:
            raise ImproperlyConfigured(f"Register the kind {step.kind!r} first.")
        if step.slug in self._steps[step.kind]:
            raise ImproperlyConfigured(
                f"Step {step.kind}/{step.slug} registered twice."
            )
        self._steps[step.kind][step.slug] = step

    def kind(self, slug: str) -> TargetKind:
        self._discover()
        return self._kinds[slug]

    def kinds(self) -> list[TargetKind]:
        self._discover()
        return list(self._kinds.values())

    def kind_of(self, target: Any) -> TargetKind | None:
        self._discover()
        for model in type(target).__mro__:
            for kind in self._kinds.values():
                if kind.model is model:
                    return kind
        return None

    def steps(self, kind: str) -> list[Step]:
        self._discover()
        return list(self._steps.get(kind, {}).values())

    def step(self, kind: str, slug: str) -> Step | None:
        self._discover()
        return self._steps.get(kind, {}).get(slug)


registry = Registry()


def register_kind(kind: TargetKind) -> TargetKind:
    registry.add_kind(kind)
    return kind


def register(*steps: Step) -> None:
    for step in steps:
        registry.add(step)


def offered(step: Step, target: Any, user: User, case: Case) -> bool:
    """Whether the browser offers ``step`` on ``target`` (of ``case``) now."""
    if user.role not in STEP_ROLES:
        return False
    if case.status != Case.Status.OPEN and not step.on_closed_case:
        return False
    return step.available(target, user)


def offered_steps(target: Any, user: User, case: Case) -> list[Step]:
    kind = registry.kind_of(target)
    if kind is None:
        return []
    return [
        step for step in registry.steps(kind.slug) if offered(step, target, user, case)
    ]


def step_url(step: Step, target: Any) -> str:
    return reverse("case-step", args=[step.kind, target.pk, step.slug])


def step_links(target: Any, user: User, case: Case) -> list[StepLink]:
    """The steps valid now on ``target``, then on the objects listed under
    it (an allegation's under its subject), as links."""
    kind = registry.kind_of(target)
    if kind is None or user.role not in STEP_ROLES:
        return []
    about = "" if isinstance(target, Case) else kind.describe(target)
    links = [
        StepLink(
            label=step.label_for(target),
            url=step_url(step, target),
            slug=step.slug,
            kind=kind.slug,
            target_id=target.pk,
            context=about,
        )
        for step in offered_steps(target, user, case)
    ]
    for child_kind in registry.kinds():
        if child_kind.listed_under != kind.slug or child_kind.children is None:
            continue
        for child in child_kind.children(target, case):
            links.extend(
                StepLink(
                    label=f"{step.label_for(child)}: {child_kind.describe(child)}",
                    url=step_url(step, child),
                    slug=step.slug,
                    kind=child_kind.slug,
                    target_id=child.pk,
                    context=about,
                )
                for step in offered_steps(child, user, case)
            )
    return links


# ------------------------------------------------------------------ kinds


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else f"{text[: length - 1].rstrip()}…"


KIND_CASE = register_kind(
    TargetKind(
        slug="case",
        model=Case,
        get=lambda user, pk: case_get(user=user, case_id=pk),
        case_of=lambda case: case,
        describe=lambda case: f"Case {case.reference}",
        argument="case",
    )
).slug
KIND_SUBJECT = register_kind(
    TargetKind(
        slug="subject",
        model=Subject,
        get=lambda user, pk: subject_get(user=user, subject_id=pk),
        case_of=lambda subject: subject.case,
        describe=lambda subject: subject.person.full_name,
        argument="subject",
        anchor="subjects",
    )
).slug
KIND_ALLEGATION = register_kind(
    TargetKind(
        slug="allegation",
        model=Allegation,
        get=lambda user, pk: allegation_get(user=user, allegation_id=pk),
        case_of=lambda allegation: allegation.subject.case,
        describe=lambda allegation: _short(allegation.summary),
        argument="allegation",
        anchor="subjects",
        listed_under="subject",
        children=lambda subject, case: subject.allegations.all(),
    )
).slug
KIND_NOTICE = register_kind(
    TargetKind(
        slug="notice",
        model=Notice,
        get=lambda user, pk: notice_get(user=user, notice_id=pk),
        case_of=lambda notice: notice.subject.case,
        describe=lambda notice: f"{notice.title} served {govuk_date(notice.served_on)}",
        argument="notice",
        anchor="subjects",
        listed_under="subject",
        children=lambda subject, case: subject_objects_of(case, subject.pk).notices,
    )
).slug
KIND_INTERVIEW = register_kind(
    TargetKind(
        slug="interview",
        model=Interview,
        get=lambda user, pk: interview_get(user=user, interview_id=pk),
        case_of=lambda interview: interview.subject.case,
        describe=lambda interview: f"interview on {govuk_date(interview.proposed_on)}",
        argument="interview",
        anchor="subjects",
        listed_under="subject",
        children=lambda subject, case: subject_objects_of(case, subject.pk).interviews,
    )
).slug
KIND_SUSPENSION = register_kind(
    TargetKind(
        slug="suspension",
        model=Suspension,
        get=lambda user, pk: suspension_get(user=user, suspension_id=pk),
        case_of=lambda suspension: suspension.subject.case,
        describe=lambda suspension: (
            f"{Suspension.Kind(suspension.kind).label.lower()} from "
            f"{govuk_date(suspension.started_on)}"
        ),
        argument="suspension",
        anchor="subjects",
        listed_under="subject",
        children=lambda subject, case: subject_objects_of(case, subject.pk).suspensions,
    )
).slug
KIND_DEADLINE = register_kind(
    TargetKind(
        slug="deadline",
        model=Deadline,
        get=lambda user, pk: deadline_get(user=user, deadline_id=pk),
        case_of=lambda deadline: deadline.case,
        describe=lambda deadline: (
            f"{deadline.title}, due {govuk_date(deadline.due_on)}"
        ),
        argument="deadline",
        anchor="deadlines",
    )
).slug
KIND_PROCEEDINGS = register_kind(
    TargetKind(
        slug="criminal-proceedings",
        model=CriminalProceedings,
        get=lambda user, pk: criminal_proceedings_get(user=user, proceedings_id=pk),
        case_of=lambda proceedings: proceedings.case,
        describe=lambda proceedings: (
            f"criminal proceedings against {proceedings.subject.person}"
        ),
        argument="proceedings",
        anchor="criminal",
    )
).slug
KIND_CHARGE = register_kind(
    TargetKind(
        slug="charge",
        model=Charge,
        get=lambda user, pk: charge_get(user=user, charge_id=pk),
        case_of=lambda charge: charge.proceedings.case,
        describe=lambda charge: f"count {charge.count_number}",
        argument="charge",
        anchor="criminal",
        listed_under="criminal-proceedings",
        children=lambda proceedings, case: proceedings.charges.all(),
    )
).slug


# ------------------------------------------------------- state readers


def _referral(case: Case) -> IOPCReferral | None:
    return case_step_state(case).referral


def _investigation(case: Case) -> Investigation | None:
    return case_step_state(case).investigation


def _can_open_investigation(case: Case) -> bool:
    return _investigation(case) is None and any(
        can_transition(subject, Subject.Status.UNDER_INVESTIGATION)
        for subject in case.subjects.all()
    )


def _notice_label(subject: Subject) -> str:
    case = subject.case
    name = investigation_notice_name(case.regime, schedule_3=case.is_schedule_3)
    return f"Serve the {name}"


def _convicted(proceedings: CriminalProceedings) -> bool:
    return any(
        charge.verdict == Verdict.CONVICTED for charge in proceedings.charges.all()
    )


def _proceedings_of(charge: Charge) -> CriminalProceedings:
    return charge.proceedings


def person_role_for_subject(
    *, actor: User | None, subject: Subject, **details: Any
) -> PersonRole:
    """Record a further role for the person ``subject`` is (the view has
    found the subject, and so the person, in the actor's scope)."""
    return cases.person_role_record(actor=actor, person=subject.person, **details)


DECIDERS = PSD_SUPERVISORS
CTA_DECIDERS = PSD_SUPERVISORS | IOPC_SUPERVISORS
SubjectStatus = Subject.Status
ProceedingsStatus = CriminalProceedings.Status

# --------------------------------------------------------------- case


register(
    Step(
        kind=KIND_CASE,
        slug="add-party",
        label="Add a complainant or interested person",
        form=forms.PartyForm,
        service=cases.case_party_add,
        done="Complainant or interested person added",
    ),
    Step(
        kind=KIND_CASE,
        slug="iopc-reference",
        label="Set the IOPC reference",
        form=forms.IOPCReferenceForm,
        service=cases.case_iopc_reference_set,
        done="IOPC reference recorded",
    ),
    Step(
        kind=KIND_CASE,
        slug="add-subject",
        label="Add a subject",
        form=forms.SubjectAddForm,
        service=cases.subject_add,
        done="Subject added",
    ),
    Step(
        kind=KIND_CASE,
        slug="add-new-subject",
        label="Add a subject not yet recorded",
        form=forms.SubjectNewPersonForm,
        service=cases.subject_add_new_person,
        done="Person recorded and added as a subject",
    ),
    Step(
        kind=KIND_CASE,
        slug="refer-to-iopc",
        label="Refer to the IOPC",
        form=forms.ReferralForm,
        service=iopc.referral_make,
        done="Referred to the IOPC",
        roles=PSD_ROLES,
        when=lambda case: _referral(case) is None,
    ),
    Step(
        kind=KIND_CASE,
        slug="iopc-decision",
        label="Record the IOPC's decision on the referral",
        form=forms.ReferralDecisionForm,
        service=iopc.referral_decide,
        done="IOPC decision recorded",
        state=_referral,
        transitions=(
            IOPCReferral.Status.INVESTIGATING,
            IOPCReferral.Status.REFERRED_BACK,
        ),
        roles=IOPC_ROLES,
    ),
    Step(
        kind=KIND_CASE,
        slug="change-mode",
        label="Change the mode of investigation",
        form=forms.ModeChangeForm,
        service=iopc.referral_mode_change,
        done="Mode of investigation changed",
        state=_referral,
        statuses=frozenset({IOPCReferral.Status.INVESTIGATING}),
        roles=IOPC_ROLES,
    ),
    Step(
        kind=KIND_CASE,
        slug="open-investigation",
        label="Open the investigation",
        form=forms.InvestigationOpenForm,
        service=investigations.investigation_open,
        done="Investigation opened",
        when=_can_open_investigation,
    ),
    Step(
        kind=KIND_CASE,
        slug="submit-report",
        label="Submit the investigation report",
        form=forms.ReportForm,
        service=investigations.report_submit,
        done="Investigation report submitted",
        state=_investigation,
        transitions=(Investigation.Status.REPORTED,),
    ),
    Step(
        kind=KIND_CASE,
        slug="pause-misconduct",
        label="Pause misconduct proceedings (sub judice)",
        form=forms.SubJudiceForm,
        service=criminal.criminal_sub_judice_set,
        fixed={"paused": True},
        done="Misconduct proceedings paused",
        roles=criminal.DECIDERS,
        when=lambda case: not case_step_state(case).paused,
    ),
    Step(
        kind=KIND_CASE,
        slug="resume-misconduct",
        label="Resume misconduct proceedings",
        form=forms.SubJudiceForm,
        service=criminal.criminal_sub_judice_set,
        fixed={"paused": False},
        done="Misconduct proceedings resumed",
        roles=criminal.DECIDERS,
        when=lambda case: case_step_state(case).paused,
    ),
    Step(
        kind=KIND_CASE,
        slug="restrict",
        label="Change who may see this case",
        form=forms.RestrictForm,
        service=cases.case_restrict,
        done="Access restriction changed",
        roles=cases.RESTRICT_ROLES,
    ),
    Step(
        kind=KIND_CASE,
        slug="close",
        label="Close the case",
        form=forms.CloseForm,
        service=cases.case_close,
        done="Case closed",
        transitions=(Case.Status.CLOSED,),
    ),
    Step(
        kind=KIND_CASE,
        slug="reopen",
        label="Reopen the case",
        form=forms.ReopenForm,
        service=cases.case_reopen,
        done="Case reopened",
        transitions=(Case.Status.OPEN,),
        on_closed_case=True,
    ),
)

# ------------------------------------------------------------ subject

register(
    Step(
        kind=KIND_SUBJECT,
        slug="add-allegation",
        label="Add an allegation",
        form=forms.AllegationForm,
        service=cases.allegation_add,
        done="Allegation added",
        statuses=frozenset({SubjectStatus.RECORDED, SubjectStatus.UNDER_INVESTIGATION}),
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="serve-notice",
        label=_notice_label,
        form=forms.NoticeServeForm,
        service=investigations.notice_serve,
        done="Notice served",
        statuses=frozenset({SubjectStatus.UNDER_INVESTIGATION}),
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="schedule-interview",
        label="Arrange an interview",
        form=forms.InterviewScheduleForm,
        service=investigations.interview_schedule,
        done="Interview arranged",
        statuses=frozenset({SubjectStatus.UNDER_INVESTIGATION}),
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="determine",
        label="Decide case to answer",
        form=forms.DeterminationForm,
        service=determinations.determination_make,
        done="Case to answer decided",
        transitions=(SubjectStatus.CASE_TO_ANSWER, SubjectStatus.NO_CASE_TO_ANSWER),
        roles=CTA_DECIDERS,
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="recommend",
        label="Recommend or direct proceedings",
        form=forms.RecommendationForm,
        service=determinations.recommendation_make,
        done="Recommendation recorded",
        statuses=frozenset({SubjectStatus.CASE_TO_ANSWER}),
        roles=IOPC_SUPERVISORS,
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="management-action",
        label="Decide management action",
        form=forms.OutcomeWithoutProceedingsForm,
        service=determinations.subject_management_action,
        done="Management action decided",
        transitions=(SubjectStatus.MANAGEMENT_ACTION,),
        roles=DECIDERS,
        intro="Management action instead of proceedings (2012 rules).",
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="reflective-practice",
        label="Refer to reflective practice (RPRP)",
        form=forms.OutcomeWithoutProceedingsForm,
        service=determinations.subject_reflective_practice,
        done="Referred to reflective practice",
        transitions=(SubjectStatus.REFLECTIVE_PRACTICE,),
        roles=DECIDERS,
        intro="The reflective practice review process (2020 rules).",
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="no-further-action",
        label="Decide no further action",
        form=forms.OutcomeWithoutProceedingsForm,
        service=determinations.subject_no_further_action,
        done="No further action decided",
        transitions=(SubjectStatus.NO_FURTHER_ACTION,),
        # Once referred to proceedings, closing without them is the hearings
        # step (it checks none are in progress and reports to the lists).
        when=lambda subject: subject.status != SubjectStatus.REFERRED_TO_PROCEEDINGS,
        roles=DECIDERS,
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="start-suspension",
        label="Suspend or restrict duties",
        form=forms.SuspensionStartForm,
        service=investigations.suspension_start,
        done="Suspension or restricted duties recorded",
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="open-criminal-proceedings",
        label="Record criminal proceedings",
        form=forms.CriminalOpenForm,
        service=criminal.criminal_proceedings_open,
        done="Criminal proceedings recorded",
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="record-role",
        label="Record another role",
        form=forms.PersonRoleForm,
        service=person_role_for_subject,
        done="Role recorded",
        roles=cases.PEOPLE_RECORDERS,
        intro="A further role this person holds at the same time, for example "
        "police staff as well as special constable.",
    ),
)

# ------------------------------------------- allegations, notices and more

register(
    Step(
        kind=KIND_ALLEGATION,
        slug="assess-severity",
        label="Assess severity",
        form=forms.SeverityForm,
        service=cases.severity_assess,
        done="Severity assessed",
        when=lambda allegation: not allegation.determination,
    ),
    Step(
        kind=KIND_NOTICE,
        slug="record-response",
        label="Record the response",
        form=forms.ResponseForm,
        service=investigations.notice_response_record,
        done="Response recorded",
    ),
    Step(
        kind=KIND_INTERVIEW,
        slug="record-interview",
        label="Record the interview",
        form=forms.InterviewRecordForm,
        service=investigations.interview_record,
        done="Interview recorded",
        when=lambda interview: interview.held_on is None,
    ),
    Step(
        kind=KIND_SUSPENSION,
        slug="end",
        label="End it",
        form=forms.SuspensionEndForm,
        service=investigations.suspension_end,
        done="Suspension or restricted duties ended",
        when=lambda suspension: suspension.ended_on is None,
    ),
    Step(
        kind=KIND_DEADLINE,
        slug="extend",
        label="Extend",
        form=forms.DeadlineExtendForm,
        service=deadlines.deadline_extend,
        done="Deadline extended",
        transitions=(Deadline.Status.EXTENDED,),
        when=lambda deadline: deadline.rule.extendable,
    ),
    Step(
        kind=KIND_DEADLINE,
        slug="cancel",
        label="Cancel",
        form=forms.DeadlineCancelForm,
        service=deadlines.deadline_cancel,
        done="Deadline cancelled",
        transitions=(Deadline.Status.CANCELLED,),
        roles=deadlines.CANCEL_ROLES,
    ),
)

# ------------------------------------------------- criminal proceedings

register(
    Step(
        kind=KIND_PROCEEDINGS,
        slug="release",
        label="Record bail or release",
        form=forms.ReleaseForm,
        service=criminal.criminal_release_record,
        done="Release recorded",
        statuses=frozenset({ProceedingsStatus.INVESTIGATION}),
        when=lambda proceedings: proceedings.arrested_on is not None,
    ),
    Step(
        kind=KIND_PROCEEDINGS,
        slug="charge",
        label="Record a charge",
        form=forms.ChargeForm,
        service=criminal.charge_add,
        done="Charge recorded",
        statuses=frozenset(
            {ProceedingsStatus.INVESTIGATION, ProceedingsStatus.CHARGED}
        ),
    ),
    Step(
        kind=KIND_PROCEEDINGS,
        slug="sentence",
        label="Record a sentence or order",
        form=forms.SentenceForm,
        service=criminal.sentence_component_add,
        done="Sentence recorded",
        statuses=frozenset({ProceedingsStatus.CHARGED}),
        when=_convicted,
    ),
    Step(
        kind=KIND_PROCEEDINGS,
        slug="conclude",
        label="Record that they concluded",
        form=forms.ConcludeForm,
        service=criminal.criminal_proceedings_conclude,
        done="Criminal proceedings concluded",
        transitions=(ProceedingsStatus.CONCLUDED,),
    ),
    Step(
        kind=KIND_PROCEEDINGS,
        slug="discontinue",
        label="Record that they were discontinued",
        form=forms.DiscontinueForm,
        service=criminal.criminal_proceedings_discontinue,
        done="Criminal proceedings discontinued",
        transitions=(ProceedingsStatus.DISCONTINUED,),
    ),
    Step(
        kind=KIND_CHARGE,
        slug="plea",
        label="Record the plea",
        form=forms.PleaForm,
        service=criminal.charge_plea_record,
        done="Plea recorded",
        state=_proceedings_of,
        statuses=frozenset({ProceedingsStatus.CHARGED}),
        when=lambda charge: not charge.verdict and charge.plea != Plea.GUILTY,
    ),
    Step(
        kind=KIND_CHARGE,
        slug="verdict",
        label="Record the verdict",
        form=forms.VerdictForm,
        service=criminal.charge_verdict_record,
        done="Verdict recorded",
        state=_proceedings_of,
        statuses=frozenset({ProceedingsStatus.CHARGED}),
        when=lambda charge: not charge.verdict,
    ),
)
