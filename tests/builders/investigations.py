"""The investigation's states: a case recorded, a subject and allegations,
severity assessed, the investigation opened, the notice served, the report
submitted and the case to answer determined; and what hangs off them (an
interview, the notice's clock, a suspension)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from conduct.deadline_rules import DeadlineRuleCode
from conduct.models import Force, PersonRole, Standard
from referrals.models import Case, Deadline, Interview, Notice, Subject, Suspension
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.clocks import deadline_open
from referrals.services.determinations import determination_make
from referrals.services.investigations import (
    interview_schedule,
    investigation_open,
    notice_serve,
    report_submit,
    suspension_start,
)
from tests.builders.base import BuildBase, nothing_more, numbers
from tests.builders.timeline import GROSS, MISCONDUCT, NO_CASE, severity_for


class InvestigationSteps(BuildBase):
    """From a case recorded to a case to answer."""

    def case(
        self,
        *,
        on: dt.date | None = None,
        trigger: str = Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        reference: str | None = None,
        summary: str = "A conduct matter for the tests.",
        complaint_made_on: dt.date | None = None,
        force: Force | None = None,
    ) -> Case:
        """A case recorded by the caseworker, with no subject yet."""
        on = on or self.timeline.came_to_attention_on
        if trigger == Case.Trigger.PUBLIC_COMPLAINT:
            complaint_made_on = complaint_made_on or on
        return case_create(
            actor=self.caseworker,
            force=force or self.force,
            reference=reference or f"TEST/{next(numbers):05d}",
            trigger=trigger,
            came_to_attention_on=on,
            summary=summary,
            complaint_made_on=complaint_made_on,
        )

    def recorded(
        self,
        case: Case | None = None,
        *,
        role: PersonRole | None = None,
        appropriate_authority: Force | None = None,
        allegations: int = 1,
        allegation: str = "",
        standards: Sequence[int] = (1,),
        **case_kwargs: Any,
    ) -> Subject:
        """A subject on ``case`` (or a new one) with ``allegations`` allegations
        of breaching ``standards``, none assessed. Each is "Allegation N
        against <name>." unless ``allegation`` says what."""
        if case is None:
            case = self.case(**case_kwargs)
        else:
            nothing_more("recorded", case_kwargs)
        role = role or self.role(force=case.force)
        subject = subject_add(
            actor=self.caseworker,
            case=case,
            person=role.person,
            role=role,
            appropriate_authority=appropriate_authority,
        )
        breached = list(Standard.objects.filter(number__in=standards))
        for number in range(1, allegations + 1):
            allegation_add(
                actor=self.caseworker,
                subject=subject,
                summary=allegation or f"Allegation {number} against {role.person}.",
                standards=breached,
            )
        return self.fresh_subject(subject)

    def assessed(
        self,
        subject: Subject | None = None,
        *,
        severity: str | Sequence[str] = "gross_misconduct",
        assessed_on: dt.date | None = None,
        **earlier: Any,
    ) -> Subject:
        """Every allegation assessed by the supervisor: ``severity`` for each,
        or one allegation per severity given as a sequence."""
        severities = [severity] if isinstance(severity, str) else list(severity)
        if subject is None:
            subject = self.recorded(allegations=len(severities), **earlier)
        else:
            nothing_more("assessed", earlier)
        allegations = list(subject.allegations.order_by("id"))
        if len(severities) == 1:
            severities *= len(allegations)
        on = assessed_on or self.dates(subject.case).assessed_on
        for allegation, assessed in zip(allegations, severities, strict=True):
            severity_assess(
                actor=self.supervisor,
                allegation=allegation,
                severity=assessed,
                assessed_on=on,
                body="appropriate_authority",
                rationale="Assessed on the papers.",
            )
        return self.fresh_subject(subject)

    def investigating(
        self,
        subject: Subject | None = None,
        *,
        opened_on: dt.date | None = None,
        investigating_body: str = "force",
        investigator_name: str = "DI Rowe",
        **earlier: Any,
    ) -> Subject:
        """The case's investigation opened (every subject of the case is under
        investigation); the IOPC's is opened by the IOPC investigator."""
        if subject is None:
            subject = self.assessed(**earlier)
        else:
            nothing_more("investigating", earlier)
        iopc = investigating_body == "iopc"
        investigation_open(
            actor=self.iopc_investigator if iopc else self.caseworker,
            case=subject.case,
            investigating_body=investigating_body,
            investigator_name=investigator_name,
            terms_of_reference="The conduct alleged.",
            opened_on=opened_on or self.dates(subject.case).opened_on,
        )
        return self.fresh_subject(subject)

    def noticed(
        self,
        subject: Subject | None = None,
        *,
        served_on: dt.date | None = None,
        content: str = "You are under investigation.",
        **earlier: Any,
    ) -> Notice:
        """The written notice of the investigation served on the subject."""
        if subject is None:
            subject = self.investigating(**earlier)
        else:
            nothing_more("noticed", earlier)
        return notice_serve(
            actor=self.caseworker,
            subject=subject,
            served_on=served_on or self.dates(subject.case).noticed_on,
            content=content,
        )

    def reported(
        self,
        subject: Subject | None = None,
        *,
        submitted_on: dt.date | None = None,
        opinion: str | None = None,
        **earlier: Any,
    ) -> Subject:
        """The investigation report, with ``opinion`` on every subject under
        investigation (by default a case to answer for gross misconduct if an
        allegation was assessed as gross misconduct, else for misconduct)."""
        if subject is None:
            subject = self.investigating(**earlier)
        else:
            nothing_more("reported", earlier)
        if opinion is None:
            gross = subject.allegations.filter(severity="gross_misconduct").exists()
            opinion = GROSS if gross else MISCONDUCT
        case = subject.case
        report_submit(
            actor=self.caseworker,
            case=case,
            submitted_on=submitted_on or self.dates(case).reported_on,
            summary="Investigation report.",
            opinions=dict.fromkeys(
                case.subjects.filter(
                    status=Subject.Status.UNDER_INVESTIGATION
                ).values_list("pk", flat=True),
                opinion,
            ),
        )
        return self.fresh_subject(subject)

    def case_to_answer(
        self,
        subject: Subject | None = None,
        *,
        results: Sequence[str] = (GROSS,),
        decided_on: dt.date | None = None,
        **earlier: Any,
    ) -> Subject:
        """The supervisor's determination: ``results`` for each allegation, or
        one allegation per result (assessed to fit it) when building from
        nothing. A case to answer for gross misconduct by default; a result
        may be NO_CASE."""
        if subject is None:
            answered = [result for result in results if result != NO_CASE]
            subject = self.reported(
                opinion=answered[0] if answered else NO_CASE,
                severity=[severity_for(result) for result in results],
                **earlier,
            )
        else:
            nothing_more("case_to_answer", earlier)
        allegations = list(subject.allegations.order_by("id"))
        chosen = list(results) * len(allegations) if len(results) == 1 else results
        determination_make(
            actor=self.supervisor,
            subject=subject,
            body="appropriate_authority",
            decided_on=decided_on or self.dates(subject.case).decided_on,
            results={
                allegation.pk: result
                for allegation, result in zip(allegations, chosen, strict=True)
            },
            rationale="Agrees with the investigator.",
        )
        return self.fresh_subject(subject)

    def cases_to_answer(self, count: int, **case_kwargs: Any) -> list[Subject]:
        """``count`` subjects of one new case, investigated together, each with
        a case to answer for gross misconduct on one allegation."""
        case = self.case(**case_kwargs)
        subjects = [self.assessed(case=case) for _ in range(count)]
        self.reported(self.investigating(subjects[0]), opinion=GROSS)
        return [self.case_to_answer(subject) for subject in subjects]

    def interview(
        self,
        notice: Notice | None = None,
        *,
        proposed_on: dt.date | None = None,
        **earlier: Any,
    ) -> Interview:
        """An interview proposed once the notice is served."""
        if notice is None:
            notice = self.noticed(**earlier)
        else:
            nothing_more("interview", earlier)
        subject = notice.subject
        return interview_schedule(
            actor=self.caseworker,
            subject=subject,
            proposed_on=proposed_on or self.dates(subject.case).interview_on,
        )

    def deadline(self, notice: Notice | None = None, **earlier: Any) -> Deadline:
        """The running clock for the subject's response to the notice."""
        if notice is None:
            notice = self.noticed(**earlier)
        else:
            nothing_more("deadline", earlier)
        return Deadline.objects.get(
            case=notice.subject.case_id, rule__code="notice_response"
        )

    def clock(
        self,
        case: Case,
        code: DeadlineRuleCode,
        *,
        anchor_on: dt.date,
        subject: Subject | None = None,
    ) -> Deadline:
        """A clock of the rule ``code`` opened on ``case`` (for ``subject``)
        from ``anchor_on``, owned by the caseworker, as a step opens one."""
        with transaction.atomic():
            deadline = deadline_open(
                case=case,
                rule_code=code,
                anchor_event="test",
                anchor_on=anchor_on,
                subject=subject,
                actor=self.caseworker,
            )
        assert deadline is not None, code
        return deadline

    def suspension(
        self,
        subject: Subject | None = None,
        *,
        started_on: dt.date | None = None,
        **earlier: Any,
    ) -> Suspension:
        """The (assessed) subject suspended by the caseworker."""
        if subject is None:
            subject = self.assessed(**earlier)
        else:
            nothing_more("suspension", earlier)
        return suspension_start(
            actor=self.caseworker,
            subject=subject,
            kind=Suspension.Kind.SUSPENSION,
            started_on=started_on or self.dates(subject.case).suspended_on,
            reason="Risk to the public.",
        )
