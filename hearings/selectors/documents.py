"""What the printable documents of proceedings say, and the case page's list
of every document and evidence file.

- Notice of referral to misconduct proceedings (PCR 2020 r30; r51 for an
  accelerated hearing): the conduct alleged, the form of proceedings, who
  conducts them, the subject's response and its due date (r31), and the
  outcomes open if the conduct is proved (r42).
- Outcome letter (PCR r43): the findings, the outcome, its reasons and the
  right of appeal (r45 to an appeal meeting; a Police Appeals Tribunal after
  a hearing).
- List reports are rendered by ``hearings.services.documents`` only.

Each read is scoped by ``visible_cases``: 404 for anything the user may not
see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from conduct.models import User
from conduct.regimes import Regime
from hearings.models import (
    Appeal,
    Finding,
    FindingResult,
    HearingsClock,
    ListReport,
    Outcome,
    OutcomeKind,
    Proceeding,
    ReferralNotice,
)
from hearings.rules import (
    BARRING_OUTCOMES,
    CASE_TO_ANSWER,
    NOT_APPEALABLE,
    by_severity,
    proceeding_allowed_outcomes,
)
from hearings.selectors.case_page import SubjectHearings
from hearings.selectors.steps import list_report_get
from hearings.services.appeals import appeal_kind_for
from hearings.services.documents import RenderedReport, list_report_render
from referrals.models import (
    Allegation,
    Case,
    Deadline,
    DeterminationResult,
    EvidenceItem,
    Subject,
)
from referrals.permissions import scoped_get
from referrals.selectors.documents import clock_started_by, served_notice_get
from referrals.selectors.evidence import case_evidence
from referrals.selectors.steps import subject_objects

NO_SUCH_NOTICE = "No such notice of referral."
NO_SUCH_OUTCOME = "No such outcome."

GROSS_MISCONDUCT_CASES = frozenset(
    {DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT, "gross_misconduct"}
)


# ---------------------------------------------------------------- case page


@dataclass(frozen=True)
class DocumentRow:
    """One generated document on the case page: its page is ``url_name``
    with ``pk``; ``note`` says when it no longer stands (replaced on appeal)."""

    title: str
    person_name: str
    dated_on: dt.date
    url_name: str
    pk: int
    note: str = ""


@dataclass(frozen=True)
class CaseDocuments:
    evidence: list[EvidenceItem]
    documents: list[DocumentRow]


def case_documents_get(
    *,
    case: Case,
    subjects: Sequence[SubjectHearings],
    list_reports: Sequence[ListReport],
) -> CaseDocuments:
    """Evidence and generated documents of a case already checked as
    visible, from what the case page has read: the notices the steps read
    (``subject_objects``, kept on ``case``; one query if they have not), the
    proceedings with their notices of referral, the outcomes and the list
    reports. Only the evidence is read here, whatever the number of rows."""
    names = {row.subject.pk: row.subject.person.full_name for row in subjects}
    rows: list[DocumentRow] = []
    notices = sorted(
        (
            notice
            for objects in subject_objects(case).values()
            for notice in objects.notices
        ),
        key=lambda notice: notice.pk,
    )
    for notice in notices:
        rows.append(
            DocumentRow(
                title=notice.title,
                person_name=names.get(notice.subject_id, ""),
                dated_on=notice.served_on,
                url_name="notice-document",
                pk=notice.pk,
            )
        )
    referral_notices = sorted(
        (
            (referral_notice, row.subject.pk)
            for row in subjects
            for proceeding in row.proceedings
            for referral_notice in proceeding.notices.all()
        ),
        key=lambda pair: pair[0].pk,
    )
    for referral_notice, subject_id in referral_notices:
        rows.append(
            DocumentRow(
                title=referral_notice.title,
                person_name=names.get(subject_id, ""),
                dated_on=referral_notice.served_on,
                url_name="referral-notice-document",
                pk=referral_notice.pk,
            )
        )
    for row in subjects:
        for outcome in row.outcomes:
            rows.append(
                DocumentRow(
                    title=f"Outcome letter: {outcome.get_kind_display()}",
                    person_name=names[row.subject.pk],
                    dated_on=outcome.decided_on,
                    url_name="outcome-letter",
                    pk=outcome.pk,
                    note="" if outcome.is_current else "Replaced on appeal",
                )
            )
    for report in list_reports:
        rows.append(
            DocumentRow(
                title=report.get_kind_display(),
                person_name=report.person.full_name,
                dated_on=report.event_on,
                url_name="list-report-document",
                pk=report.pk,
            )
        )
    rows.sort(key=lambda row: (row.dated_on, row.title))
    return CaseDocuments(evidence=list(case_evidence(case)), documents=rows)


# ---------------------------------------------------------------- notice of referral


def _is_gross(allegation: Allegation) -> bool:
    return (allegation.determination or allegation.severity) in GROSS_MISCONDUCT_CASES


def _outcome_labels(kinds: frozenset[str]) -> list[str]:
    return [OutcomeKind(kind).label for kind in by_severity(kinds)]


@dataclass(frozen=True)
class ReferralNoticeDocument:
    """A notice of referral as printed.

    ``allegations`` are those referred (a case to answer, or all of the
    subject's if none was determined yet); ``outcomes_if_proved`` and
    ``outcomes_if_not_proved`` come from the PCR r42 table (2020 rules only:
    empty otherwise); ``response_deadline`` is the clock the notice started
    for the subject's response (r31, or r51 for an accelerated hearing).
    """

    notice: ReferralNotice
    proceeding: Proceeding
    subject: Subject
    case: Case
    allegations: list[Allegation]
    outcomes_if_proved: list[str]
    outcomes_if_not_proved: list[str]
    response_deadline: Deadline | None
    hearing_window: Deadline | None

    @property
    def is_2020(self) -> bool:
        return self.case.regime == Regime.R2020

    @property
    def form_phrase(self) -> str:
        """The form with its article: "an accelerated misconduct hearing"."""
        label = self.proceeding.get_form_display().lower()
        return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"

    @property
    def gross_misconduct(self) -> bool:
        return any(_is_gross(allegation) for allegation in self.allegations)


def _referred(subject: Subject) -> list[Allegation]:
    """The allegations before the proceedings (as ``before_proceedings``, from
    the prefetched rows), or all of them if none was determined yet."""
    allegations = list(subject.allegations.all())
    referred = [
        allegation
        for allegation in allegations
        if allegation.determination in CASE_TO_ANSWER
    ]
    return referred or allegations


def referral_notice_document_get(
    *, user: User, notice_id: int
) -> ReferralNoticeDocument:
    """The notice of referral ``notice_id`` on a case ``user`` may see, or 404."""
    notice = served_notice_get(
        ReferralNotice.objects.prefetch_related("proceeding__panel"),
        "proceeding__subject",
        user=user,
        pk=notice_id,
        missing=NO_SUCH_NOTICE,
    )
    proceeding = notice.proceeding
    subject = proceeding.subject
    case = subject.case
    allegations = _referred(subject)
    proved: frozenset[str] = frozenset()
    not_proved: frozenset[str] = frozenset()
    if case.regime == Regime.R2020:
        proved = proceeding_allowed_outcomes(
            proceeding,
            {
                allegation.pk: FindingResult.PROVEN_GROSS_MISCONDUCT
                if _is_gross(allegation)
                else FindingResult.PROVEN_MISCONDUCT
                for allegation in allegations
            },
            case.regime,
        )
        not_proved = proceeding_allowed_outcomes(
            proceeding,
            {allegation.pk: FindingResult.NOT_PROVEN for allegation in allegations},
            case.regime,
        )
    accelerated = proceeding.is_accelerated
    return ReferralNoticeDocument(
        notice=notice,
        proceeding=proceeding,
        subject=subject,
        case=case,
        allegations=allegations,
        outcomes_if_proved=_outcome_labels(proved),
        outcomes_if_not_proved=_outcome_labels(not_proved),
        response_deadline=clock_started_by(
            case=case,
            subject=subject,
            rule_codes=[
                HearingsClock.ACCELERATED_NOTICE_RESPONSE
                if accelerated
                else HearingsClock.REFERRAL_RESPONSE
            ],
            anchor_on=notice.served_on,
        ),
        hearing_window=clock_started_by(
            case=case,
            subject=subject,
            rule_codes=[HearingsClock.ACCELERATED_HEARING_WINDOW],
            anchor_on=notice.served_on,
        )
        if accelerated
        else None,
    )


# ---------------------------------------------------------------- outcome letter


@dataclass(frozen=True)
class OutcomeLetter:
    """The letter telling a subject the outcome (PCR r43).

    ``findings`` are the findings the outcome rests on (current ones, or those
    an appeal substituted); ``appeal_kind`` is the forum of any appeal (empty
    when the outcome is not disciplinary action); ``appeal_deadline`` the
    clock opened for the notice of appeal; ``barred_list`` whether the
    outcome puts the person on the Police Barred List (PA96 s88A).
    """

    outcome: Outcome
    proceeding: Proceeding
    subject: Subject
    case: Case
    findings: list[Finding]
    appeal_kind: str
    appeal_deadline: Deadline | None
    barred_list: bool
    replaced_by: Outcome | None
    substituted_on_appeal: Appeal | None

    @property
    def appeal_kind_label(self) -> str:
        return Appeal.Kind(self.appeal_kind).label if self.appeal_kind else ""


def outcome_letter_get(*, user: User, outcome_id: int) -> OutcomeLetter:
    """The outcome ``outcome_id`` on a case ``user`` may see, or 404."""
    outcome = scoped_get(
        (
            Outcome.objects.select_related(
                "decided_by",
                "superseded_by",
                "appeal",
                "proceeding",
                "subject__person",
                "subject__role__force",
                "subject__appropriate_authority",
                "subject__case__force",
            )
        ),
        case_path="subject__case",
        user=user,
        pk=outcome_id,
        missing=NO_SUCH_OUTCOME,
    )
    subject = outcome.subject
    # The findings the outcome rests on: those the appeal that made it
    # substituted, else the proceeding's own.
    findings = Finding.objects.filter(proceeding=outcome.proceeding).select_related(
        "allegation"
    )
    rested_on: list[Finding] = []
    if outcome.appeal_id is not None:
        rested_on = list(findings.filter(appeal_id=outcome.appeal_id).order_by("id"))
    if not rested_on:
        rested_on = list(findings.filter(appeal__isnull=True).order_by("id"))
    appealable = outcome.kind not in NOT_APPEALABLE and outcome.appeal_id is None
    return OutcomeLetter(
        outcome=outcome,
        proceeding=outcome.proceeding,
        subject=subject,
        case=subject.case,
        findings=rested_on,
        appeal_kind=appeal_kind_for(outcome.proceeding.form) if appealable else "",
        appeal_deadline=clock_started_by(
            case=subject.case,
            subject=subject,
            rule_codes=[HearingsClock.MEETING_APPEAL, HearingsClock.PAT_APPEAL_NOTICE],
            anchor_on=outcome.decided_on,
        )
        if appealable
        else None,
        barred_list=outcome.kind in BARRING_OUTCOMES,
        replaced_by=outcome.superseded_by,
        substituted_on_appeal=outcome.appeal,
    )


# ---------------------------------------------------------------- list reports


#: The rendered report is a whole HTML document (it is also the HTML part of
#: the College's email): the page shows what is inside its <body>.
REPORT_BODY = re.compile(
    r"<body\b[^>]*\bclass=\"(?P<classes>[^\"]*)\"[^>]*>(?P<inner>.*)</body>",
    re.DOTALL,
)
REPORT_MAIN = re.compile(r"<(/?)main\b")


@dataclass(frozen=True)
class ListReportDocument:
    """A list report as ``list_report_render`` renders it for the College;
    ``body_html`` and ``body_classes`` are its <body>, for the page."""

    report: ListReport
    case: Case
    rendered: RenderedReport

    @property
    def _body(self) -> re.Match[str] | None:
        return REPORT_BODY.search(self.rendered.html)

    @property
    def body_html(self) -> str:
        match = self._body
        inner = match.group("inner") if match else self.rendered.html
        # The page has its own <main>: the report's becomes a plain block.
        return REPORT_MAIN.sub(r"<\1div", inner)

    @property
    def body_classes(self) -> str:
        match = self._body
        return match.group("classes") if match else ""


def list_report_document_get(*, user: User, report_id: int) -> ListReportDocument:
    """A list report on a case ``user`` may see, rendered as the College
    receives it (``list_report_render``), or 404."""
    report = list_report_get(user=user, report_id=report_id)
    return ListReportDocument(
        report=report, case=report.case, rendered=list_report_render(report)
    )
