"""The hearings steps in the browser, registered with referrals.steps (whose
docstring says how a step works and when it is offered).

Objects: a subject's proceeding, a member of its panel and an appeal waiting
for a decision are listed under the subject on the case page; a list report
has its own row in the case's list reports. What decides whether a step is
valid now beyond the object's own row (the subject's active proceeding,
current outcome and appeals, which proceedings have findings) is read once
per case by ``hearings.selectors.steps.hearings_step_state``.

When a step is valid:

- the proceeding's ``TRANSITIONS`` for scheduling, adjourning, holding and
  withdrawing; the subject's for the outcome (REFERRED_TO_PROCEEDINGS to
  OUTCOME_DECIDED), appeals (to UNDER_APPEAL), concluding and closing
  without proceedings; the appeal's and the list report's for theirs;
- the stage otherwise: notices, responses, papers and the panel (and, for
  an accelerated hearing, an upheld objection) while the proceedings are
  open, findings once they are held; the Part 3A determination while it is
  pending (and no scheduling or holding then);
- ``roles`` from the services: PSD staff (``require_staff``) or the
  appropriate authority's supervisors (``PSD_SUPERVISORS``).
"""

from __future__ import annotations

from typing import Any

from conduct.formats import govuk_date
from conduct.models import PSD_ROLES, PSD_SUPERVISORS, EmploymentEvent, User
from hearings import forms
from hearings.models import Appeal, FindingResult, ListReport, PanelMember, Proceeding
from hearings.rules import NOT_APPEALABLE, most_serious_finding, panel_missing
from hearings.selectors.proceedings import awaits_part_3a
from hearings.selectors.steps import (
    HearingsStepState,
    SubjectHearingFacts,
    appeal_get,
    hearings_step_state,
    list_report_get,
    lodged_appeals,
    panel_member_get,
    proceeding_get,
)
from hearings.services import appeals, dispatch, outcomes, proceedings
from hearings.services.employment import FINISHED_STATUSES, employment_event_record
from referrals.models import Case, ProceedingsForm, Subject
from referrals.steps import KIND_SUBJECT, Step, TargetKind, register, register_kind

SubjectStatus = Subject.Status
ProceedingStatus = Proceeding.Status


def _forum(proceeding: Proceeding) -> str:
    return "meeting" if proceeding.is_meeting else "hearing"


# ------------------------------------------------------- state readers


def _facts(subject: Subject, case: Case) -> SubjectHearingFacts:
    """The subject's hearing facts, each row pointing back at ``subject``
    (the case page's instance), so naming them and reading the case's state
    again cost no query."""
    facts = hearings_step_state(case, subject.pk).of(subject.pk)
    for proceeding in facts.proceedings:
        proceeding.subject = subject
    return facts


def _subject_facts(subject: Subject) -> SubjectHearingFacts:
    return hearings_step_state(subject.case, subject.pk).of(subject.pk)


def _state_of(proceeding: Proceeding) -> HearingsStepState:
    return hearings_step_state(proceeding.subject.case, proceeding.subject_id)


def _has_findings(proceeding: Proceeding) -> bool:
    return _state_of(proceeding).has_findings(proceeding)


def _panel_roles(proceeding: Proceeding) -> list[str]:
    return [member.role for member in _state_of(proceeding).panel_of(proceeding)]


def _subject_of(proceeding: Proceeding) -> Subject:
    return proceeding.subject


def _proceedings(subject: Subject, case: Case) -> list[Proceeding]:
    return _facts(subject, case).proceedings


def _panel(subject: Subject, case: Case) -> list[PanelMember]:
    active = _facts(subject, case).active
    if active is None or active.status not in Proceeding.OPEN_STATUSES:
        return []
    members = list(active.panel.all())
    for member in members:
        member.proceeding = active
    return members


def _appeals(subject: Subject, case: Case) -> list[Appeal]:
    # A subject with an appeal waiting is UNDER_APPEAL: no query otherwise.
    if subject.status != SubjectStatus.UNDER_APPEAL:
        return []
    waiting = lodged_appeals(case).get(subject.pk, [])
    for appeal in waiting:
        appeal.subject = subject
    return waiting


def _no_active_proceeding(subject: Subject) -> bool:
    return _subject_facts(subject).active is None


def _may_be_referred(subject: Subject) -> bool:
    return subject.role.is_police_officer and _no_active_proceeding(subject)


def _appealable(subject: Subject) -> bool:
    outcome = _subject_facts(subject).outcome
    return outcome is not None and outcome.kind not in NOT_APPEALABLE


def _still_in_role(subject: Subject) -> bool:
    return subject.role.ended_on is None and subject.status not in FINISHED_STATUSES


def _panel_incomplete(proceeding: Proceeding) -> bool:
    on = proceeding.scheduled_for
    return on is not None and bool(
        panel_missing(proceeding.form, on, _panel_roles(proceeding))
    )


def _report_due(proceeding: Proceeding) -> bool:
    """The proceeding's outcome is recorded and its report not yet given."""
    outcome = _state_of(proceeding).of(proceeding.subject_id).outcome
    return (
        outcome is not None
        and outcome.proceeding_id == proceeding.pk
        and outcome.appeal_id is None
        and outcome.report_given_on is None
    )


def _may_return(proceeding: Proceeding) -> bool:
    """An accelerated hearing whose findings fall short of gross misconduct,
    before any outcome (PCR r62(8)(b), 2012 r55(6)(b))."""
    return (
        proceeding.is_accelerated
        and _ready_for_outcome(proceeding)
        and most_serious_finding(_state_of(proceeding).findings_of(proceeding))
        != FindingResult.PROVEN_GROSS_MISCONDUCT
    )


def _ready_for_outcome(proceeding: Proceeding) -> bool:
    return (
        proceeding.status == ProceedingStatus.HELD
        and _has_findings(proceeding)
        and _state_of(proceeding).of(proceeding.subject_id).outcome is None
    )


def employment_event_for_subject(
    *, actor: User | None, subject: Subject, **details: Any
) -> EmploymentEvent:
    """Record an employment event in the role ``subject`` holds (the
    service carries it through every open case of that role)."""
    return employment_event_record(actor=actor, role=subject.role, **details)


# -------------------------------------------------------------- kinds


KIND_PROCEEDING = register_kind(
    TargetKind(
        slug="proceeding",
        model=Proceeding,
        get=lambda user, pk: proceeding_get(user=user, proceeding_id=pk),
        case_of=lambda proceeding: proceeding.subject.case,
        describe=lambda proceeding: (
            f"{ProceedingsForm(proceeding.form).label.lower()} for "
            f"{proceeding.subject.person.full_name}"
        ),
        argument="proceeding",
        anchor="subjects",
        listed_under=KIND_SUBJECT,
        children=_proceedings,
    )
).slug
KIND_PANEL_MEMBER = register_kind(
    TargetKind(
        slug="panel-member",
        model=PanelMember,
        get=lambda user, pk: panel_member_get(user=user, member_id=pk),
        case_of=lambda member: member.proceeding.subject.case,
        describe=lambda member: f"{member.name}, {member.get_role_display().lower()}",
        argument="member",
        anchor="subjects",
        listed_under=KIND_SUBJECT,
        children=_panel,
    )
).slug
KIND_APPEAL = register_kind(
    TargetKind(
        slug="appeal",
        model=Appeal,
        get=lambda user, pk: appeal_get(user=user, appeal_id=pk),
        case_of=lambda appeal: appeal.subject.case,
        describe=lambda appeal: (
            f"appeal ({appeal.get_kind_display().lower()}) lodged "
            f"{govuk_date(appeal.lodged_on)}"
        ),
        argument="appeal",
        anchor="subjects",
        listed_under=KIND_SUBJECT,
        children=_appeals,
    )
).slug
KIND_LIST_REPORT = register_kind(
    TargetKind(
        slug="list-report",
        model=ListReport,
        get=lambda user, pk: list_report_get(user=user, report_id=pk),
        case_of=lambda report: report.case,
        describe=lambda report: (
            f"{report.get_kind_display().lower()} for {report.person.full_name}"
        ),
        argument="report",
        anchor="list-reports",
    )
).slug


# ------------------------------------------------------------- subject


register(
    Step(
        kind=KIND_SUBJECT,
        slug="refer-to-proceedings",
        label="Refer to misconduct proceedings",
        form=forms.ProceedingReferForm,
        service=proceedings.proceeding_refer,
        done="Referred to misconduct proceedings",
        # CASE_TO_ANSWER moves to REFERRED_TO_PROCEEDINGS; a subject whose
        # proceedings were withdrawn is referred again from there.
        statuses=frozenset(
            {SubjectStatus.CASE_TO_ANSWER, SubjectStatus.REFERRED_TO_PROCEEDINGS}
        ),
        when=_may_be_referred,
        roles=PSD_SUPERVISORS,
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="close-without-proceedings",
        label="Close without proceedings",
        form=forms.CloseWithoutProceedingsForm,
        service=proceedings.subject_close_without_proceedings,
        done="Closed without proceedings",
        transitions=(SubjectStatus.NO_FURTHER_ACTION,),
        statuses=frozenset({SubjectStatus.REFERRED_TO_PROCEEDINGS}),
        when=_no_active_proceeding,
        roles=PSD_SUPERVISORS,
        intro="After proceedings are withdrawn for good: no further action.",
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="lodge-appeal",
        label="Record an appeal",
        form=forms.AppealLodgeForm,
        service=appeals.appeal_lodge,
        done="Appeal recorded",
        transitions=(SubjectStatus.UNDER_APPEAL,),
        when=_appealable,
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="conclude",
        label="Conclude the proceedings",
        form=forms.SubjectConcludeForm,
        service=outcomes.subject_conclude,
        done="Proceedings concluded",
        transitions=(SubjectStatus.CONCLUDED,),
        roles=PSD_SUPERVISORS,
        intro="No appeal is outstanding and the outcome stands.",
    ),
    Step(
        kind=KIND_SUBJECT,
        slug="employment-event",
        label="Record leaving or a transfer",
        form=forms.EmploymentEventForm,
        service=employment_event_for_subject,
        done="Employment event recorded",
        when=_still_in_role,
        roles=PSD_ROLES,
        intro="Recorded on the role they hold and carried through every open "
        "case where they are a subject in it.",
    ),
)

# ---------------------------------------------------------- proceeding

register(
    Step(
        kind=KIND_PROCEEDING,
        slug="part-3a-determination",
        label="Part 3A determination needed",
        form=forms.Part3ADeterminationForm,
        service=proceedings.proceeding_part_3a_determine,
        done="Part 3A determination recorded",
        statuses=Proceeding.OPEN_STATUSES,
        when=awaits_part_3a,
        roles=PSD_SUPERVISORS,
        intro="The officer resigned or retired after being referred to this "
        "hearing for gross misconduct and before it was held (PCR r21A(1)(d), "
        "inserted by SI 2025/558): decide whether the proceedings continue "
        "against the former officer. Until then the hearing is neither "
        "scheduled nor held.",
        submit="Record the determination",
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="serve-notice",
        label="Serve the notice of referral",
        form=forms.NoticeOfReferralForm,
        service=proceedings.proceeding_notice_serve,
        done="Notice of referral served",
        statuses=Proceeding.OPEN_STATUSES,
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="record-response",
        label="Record the subject's response",
        form=forms.ProceedingResponseForm,
        service=proceedings.proceeding_response_record,
        done="Response recorded",
        statuses=Proceeding.OPEN_STATUSES,
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="papers-to-chair",
        label="Record the papers sent to the chair",
        form=forms.PapersToChairForm,
        service=proceedings.proceeding_papers_to_chair,
        done="Papers to the chair recorded",
        statuses=Proceeding.OPEN_STATUSES,
        when=lambda p: p.form == ProceedingsForm.MISCONDUCT_HEARING,
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="pre-hearing",
        label="Record the pre-hearing date",
        form=forms.PreHearingForm,
        service=proceedings.proceeding_pre_hearing_set,
        done="Pre-hearing date recorded",
        statuses=Proceeding.OPEN_STATUSES,
        when=lambda p: p.papers_to_chair_on is not None,
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="schedule",
        label=lambda p: f"Schedule the {_forum(p)}",
        form=forms.ScheduleForm,
        service=proceedings.proceeding_schedule,
        done="Date set",
        transitions=(ProceedingStatus.SCHEDULED,),
        when=lambda p: not awaits_part_3a(p),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="appoint-panel-member",
        label="Appoint a panel member",
        form=forms.PanelMemberForm,
        service=proceedings.panel_member_appoint,
        done="Panel member appointed",
        statuses=frozenset({ProceedingStatus.SCHEDULED}),
        when=_panel_incomplete,
        roles=PSD_SUPERVISORS,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="record-objection",
        label="Record an upheld objection to the person conducting",
        form=forms.ObjectionForm,
        service=proceedings.proceeding_objection_record,
        done="Objection recorded: the hearing's window is re-set",
        statuses=Proceeding.OPEN_STATUSES,
        when=lambda p: p.is_accelerated,
        roles=PSD_SUPERVISORS,
        intro="PCR r52(1A): after an upheld objection to the person conducting "
        "or chairing it, the accelerated hearing is held 10 to 15 working days "
        "after the day that person is replaced. Adjourn and fix a new date if "
        "the one set falls outside the new window.",
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="adjourn",
        label=lambda p: f"Adjourn the {_forum(p)}",
        form=forms.AdjournForm,
        service=proceedings.proceeding_adjourn,
        done="Adjourned",
        transitions=(ProceedingStatus.ADJOURNED,),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="hold",
        label=lambda p: f"Record that the {_forum(p)} was held",
        form=forms.HoldForm,
        service=proceedings.proceeding_hold,
        done="Recorded as held",
        transitions=(ProceedingStatus.HELD,),
        when=lambda p: not awaits_part_3a(p),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="withdraw",
        label="Withdraw the proceedings",
        form=forms.WithdrawForm,
        service=proceedings.proceeding_withdraw,
        done="Proceedings withdrawn",
        transitions=(ProceedingStatus.WITHDRAWN,),
        roles=PSD_SUPERVISORS,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="record-findings",
        label="Record findings",
        form=forms.FindingsForm,
        service=outcomes.findings_record,
        done="Findings recorded",
        statuses=frozenset({ProceedingStatus.HELD}),
        when=lambda p: not _has_findings(p),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="record-outcome",
        label="Record the outcome",
        form=forms.OutcomeForm,
        service=outcomes.outcome_record,
        done="Outcome recorded",
        state=_subject_of,
        transitions=(SubjectStatus.OUTCOME_DECIDED,),
        when=lambda p: not p.former_officer and _ready_for_outcome(p),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="return",
        label="Return the case to the appropriate authority",
        form=forms.ReturnForm,
        service=outcomes.proceeding_return,
        done="Case returned to the appropriate authority",
        transitions=(ProceedingStatus.RETURNED,),
        when=_may_return,
        roles=PSD_SUPERVISORS,
        intro="The hearing found the conduct short of gross misconduct. "
        "Instead of dismissing the case it may return it to you, to be dealt "
        "with at a misconduct meeting (or, with a final written warning in "
        "force, a misconduct hearing).",
    ),
    Step(
        kind=KIND_PROCEEDING,
        slug="former-officer-finding",
        label="Record former officer finding",
        form=forms.FormerOfficerFindingForm,
        service=outcomes.outcome_record,
        done="Former officer finding recorded",
        state=_subject_of,
        transitions=(SubjectStatus.OUTCOME_DECIDED,),
        when=lambda p: p.former_officer and _ready_for_outcome(p),
        roles=PSD_ROLES,
        intro="Proceedings against a former officer end in a finding of "
        "whether they would have been dismissed had they still been serving.",
    ),
)

register(
    Step(
        kind=KIND_PROCEEDING,
        slug="record-report",
        label="Record the outcome report",
        form=forms.OutcomeReportForm,
        service=outcomes.outcome_report_record,
        done="Outcome report recorded",
        statuses=frozenset({ProceedingStatus.HELD}),
        when=_report_due,
        roles=PSD_ROLES,
        intro="When the appropriate authority received the chair's report and "
        "when it was given to the officer: the appeal window opens that day.",
    ),
)

# ------------------------------------------- panel, appeals, list reports

register(
    Step(
        kind=KIND_PANEL_MEMBER,
        slug="remove",
        label="Stand down",
        form=forms.PanelMemberRemoveForm,
        service=proceedings.panel_member_remove,
        done="Panel member stood down",
        when=lambda member: member.proceeding.status in Proceeding.OPEN_STATUSES,
        roles=PSD_SUPERVISORS,
    ),
    Step(
        kind=KIND_APPEAL,
        slug="decide",
        label="Record the appeal decision",
        form=forms.AppealDecideForm,
        service=appeals.appeal_decide,
        done="Appeal decision recorded",
        transitions=(Appeal.Status.DISMISSED, Appeal.Status.ALLOWED),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_APPEAL,
        slug="withdraw",
        label="Record that the appeal was withdrawn",
        form=forms.AppealWithdrawForm,
        service=appeals.appeal_withdraw,
        done="Appeal withdrawn",
        transitions=(Appeal.Status.WITHDRAWN,),
        roles=PSD_ROLES,
    ),
    Step(
        kind=KIND_LIST_REPORT,
        slug="requeue",
        label="Send it again",
        form=forms.ListReportRequeueForm,
        service=dispatch.list_report_requeue,
        done="List report queued to send again",
        # DRAFT may also move to PENDING, but only a failed report is re-sent.
        transitions=(ListReport.Status.PENDING,),
        statuses=frozenset({ListReport.Status.FAILED}),
        roles=dispatch.REQUEUE_ROLES,
    ),
)
