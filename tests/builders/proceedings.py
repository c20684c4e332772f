"""The proceedings' states: referred, the notice of referral served, the
papers to the chair, scheduled with a panel, held, findings, the outcome and
an appeal; withdrawn proceedings; a former officer, and an officer who left
before the hearing; and the list reports an outcome makes, sent or
failed."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Sequence
from typing import Any

from django.test import override_settings

from hearings.models import Appeal, ListReport, Outcome, Proceeding
from hearings.services.appeals import appeal_kind_for, appeal_lodge
from hearings.services.clocks import hearing_window
from hearings.services.dispatch import list_report_dispatch
from hearings.services.employment import employment_event_record
from hearings.services.outcomes import findings_record, outcome_record
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_papers_to_chair,
    proceeding_refer,
    proceeding_schedule,
    proceeding_withdraw,
)
from referrals.models import Subject
from tests.builders.base import nothing_more
from tests.builders.investigations import InvestigationSteps
from tests.builders.timeline import NO_CASE, Panel, Timeline, panel_for


class ProceedingSteps(InvestigationSteps):
    """From a case to answer to an appeal, and the list reports."""

    def referred(
        self,
        subject: Subject | None = None,
        *,
        form: str = "misconduct_hearing",
        referred_on: dt.date | None = None,
        final_written_warning_in_force: bool = False,
        separate_incidents: bool = False,
        previously_reduced_in_rank: bool = False,
        is_public: bool = False,
        special_conditions_certified_on: dt.date | None = None,
        special_conditions_certified_by: str = "",
        former_officer_condition: str = "",
        condition_c_determined_on: dt.date | None = None,
        **earlier: Any,
    ) -> Proceeding:
        """Referred by the supervisor to misconduct proceedings of ``form``; an
        accelerated hearing has its special conditions certified that day."""
        if subject is None:
            subject = self.case_to_answer(**earlier)
        else:
            nothing_more("referred", earlier)
        referred_on = referred_on or self.dates(subject.case).referred_on
        if form == "accelerated_hearing" and not special_conditions_certified_by:
            special_conditions_certified_on = (
                special_conditions_certified_on or referred_on
            )
            special_conditions_certified_by = "DCC Certifier"
        proceeding = proceeding_refer(
            actor=self.supervisor,
            subject=subject,
            form=form,
            referred_on=referred_on,
            rationale="A case to answer.",
            final_written_warning_in_force=final_written_warning_in_force,
            separate_incidents=separate_incidents,
            previously_reduced_in_rank=previously_reduced_in_rank,
            is_public=is_public,
            special_conditions_certified_on=special_conditions_certified_on,
            special_conditions_certified_by=special_conditions_certified_by,
            former_officer_condition=former_officer_condition,
            condition_c_determined_on=condition_c_determined_on,
        )
        return self.fresh_proceeding(proceeding)

    def served(
        self,
        proceeding: Proceeding | None = None,
        *,
        served_on: dt.date | None = None,
        **earlier: Any,
    ) -> Proceeding:
        """The notice of referral served (the day of the referral, by default)."""
        if proceeding is None:
            proceeding = self.referred(**earlier)
        else:
            nothing_more("served", earlier)
        proceeding_notice_serve(
            actor=self.supervisor,
            proceeding=proceeding,
            served_on=served_on or proceeding.referred_on,
            content="You are referred to a misconduct hearing.",
        )
        return self.fresh_proceeding(proceeding)

    def papers_sent(
        self,
        proceeding: Proceeding | None = None,
        *,
        supplied_on: dt.date | None = None,
        **earlier: Any,
    ) -> Proceeding:
        """The papers of a referred hearing supplied to its chair."""
        if proceeding is None:
            proceeding = self.referred(**earlier)
        else:
            nothing_more("papers_sent", earlier)
        proceeding_papers_to_chair(
            actor=self.supervisor,
            proceeding=proceeding,
            supplied_on=supplied_on or self._proceeding_dates(proceeding).papers_on,
        )
        return self.fresh_proceeding(proceeding)

    def withdrawn(
        self,
        proceeding: Proceeding | None = None,
        *,
        withdrawn_on: dt.date | None = None,
        **earlier: Any,
    ) -> Proceeding:
        """Referred proceedings withdrawn by the supervisor."""
        if proceeding is None:
            proceeding = self.referred(**earlier)
        else:
            nothing_more("withdrawn", earlier)
        proceeding_withdraw(
            actor=self.supervisor,
            proceeding=proceeding,
            withdrawn_on=withdrawn_on
            or self._proceeding_dates(proceeding).withdrawn_on,
            rationale="The complainant's evidence is no longer available.",
        )
        return self.fresh_proceeding(proceeding)

    def scheduled(
        self,
        proceeding: Proceeding | None = None,
        *,
        hearing_on: dt.date | None = None,
        panel: Panel = (),
        **earlier: Any,
    ) -> Proceeding:
        """A date set for the served proceedings (an accelerated hearing's
        on the first day of its window, PCR r52(1)), and ``panel`` appointed."""
        if proceeding is None:
            proceeding = self.served(**earlier)
        else:
            nothing_more("scheduled", earlier)
        hearing_on = hearing_on or self._hearing_on(proceeding)
        proceeding_schedule(
            actor=self.supervisor, proceeding=proceeding, scheduled_for=hearing_on
        )
        members = panel_for(proceeding.form, hearing_on) if panel == "full" else panel
        for role, name in members:
            panel_member_appoint(
                actor=self.supervisor, proceeding=proceeding, role=role, name=name
            )
        return self.fresh_proceeding(proceeding)

    def held(
        self,
        proceeding: Proceeding | None = None,
        *,
        held_on: dt.date | None = None,
        **earlier: Any,
    ) -> Proceeding:
        """Proceedings with their full panel held on the day scheduled."""
        if proceeding is None:
            proceeding = self.scheduled(panel="full", **earlier)
        else:
            nothing_more("held", earlier)
            proceeding = self.fresh_proceeding(proceeding)
        assert proceeding.scheduled_for is not None
        held = proceeding_hold(
            actor=self.supervisor,
            proceeding=proceeding,
            held_on=held_on or proceeding.scheduled_for,
        )
        return self.fresh_proceeding(held)

    def found(
        self,
        proceeding: Proceeding | None = None,
        *,
        findings: str | Sequence[str] = "proven_gross_misconduct",
        **earlier: Any,
    ) -> Proceeding:
        """Findings on every allegation before the proceedings (``findings``
        for each, or one each in order), recorded the day they were held."""
        if proceeding is None:
            proceeding = self.held(**earlier)
        else:
            nothing_more("found", earlier)
            proceeding = self.fresh_proceeding(proceeding)
        allegations = list(
            proceeding.subject.allegations.exclude(determination=NO_CASE).order_by("id")
        )
        results = (
            [findings] * len(allegations) if isinstance(findings, str) else findings
        )
        assert proceeding.held_on is not None
        findings_record(
            actor=self.supervisor,
            proceeding=proceeding,
            results={
                allegation.pk: result
                for allegation, result in zip(allegations, results, strict=True)
            },
            recorded_on=proceeding.held_on,
            rationale="Proven on the evidence.",
        )
        return self.fresh_proceeding(proceeding)

    def decided(
        self,
        proceeding: Proceeding | None = None,
        *,
        outcome: str = "dismissal_without_notice",
        decided_on: dt.date | None = None,
        **earlier: Any,
    ) -> Outcome:
        """The outcome (dismissal without notice by default), decided the day
        of the hearing."""
        if proceeding is None:
            proceeding = self.found(**earlier)
        else:
            nothing_more("decided", earlier)
            proceeding = self.fresh_proceeding(proceeding)
        assert proceeding.held_on is not None
        decided = outcome_record(
            actor=self.supervisor,
            proceeding=proceeding,
            kind=outcome,
            decided_on=decided_on or proceeding.held_on,
            reasons="The panel's reasons.",
        )
        return Outcome.objects.select_related("subject__case", "proceeding").get(
            pk=decided.pk
        )

    def appealed(
        self,
        outcome: Outcome | None = None,
        *,
        lodged_on: dt.date | None = None,
        **earlier: Any,
    ) -> Appeal:
        """An appeal against the outcome lodged by the supervisor; a
        tribunal's notice reaches the appropriate authority the day it is
        lodged."""
        if outcome is None:
            outcome = self.decided(**earlier)
        else:
            nothing_more("appealed", earlier)
        lodged_on = lodged_on or self.dates(outcome.subject.case).lodged_on
        tribunal = appeal_kind_for(outcome.proceeding.form) == (
            Appeal.Kind.POLICE_APPEALS_TRIBUNAL
        )
        appeal = appeal_lodge(
            actor=self.supervisor,
            subject=outcome.subject,
            lodged_on=lodged_on,
            notice_received_on=lodged_on if tribunal else None,
            grounds="The finding was against the weight of the evidence.",
        )
        return Appeal.objects.select_related("subject__case").get(pk=appeal.pk)

    def former_officer(
        self,
        subject: Subject | None = None,
        *,
        left_on: dt.date | None = None,
        kind: str = "resigned",
        **earlier: Any,
    ) -> Subject:
        """The subject (a case to answer by default) has left the force since:
        the employment event the supervisor records (``kind``)."""
        if subject is None:
            subject = self.case_to_answer(**earlier)
        else:
            nothing_more("former_officer", earlier)
        employment_event_record(
            actor=self.supervisor,
            role=subject.role,
            kind=kind,
            occurred_on=left_on or self.dates(subject.case).left_on,
        )
        return self.fresh_subject(subject)

    def left_before_hearing(
        self,
        proceeding: Proceeding | None = None,
        *,
        left_on: dt.date | None = None,
        kind: str = "resigned",
        **earlier: Any,
    ) -> Proceeding:
        """The officer referred to the proceedings (a misconduct hearing for
        gross misconduct by default) resigned (``kind``) before it was held:
        from 28 May 2025 it waits for the appropriate authority's Part 3A
        determination (PCR r21A(1)(d)); before, it went on against the former
        officer at once. Build the case with ``build.starting_on(...)`` for a
        date on either side."""
        if proceeding is None:
            proceeding = self.referred(**earlier)
        else:
            nothing_more("left_before_hearing", earlier)
        employment_event_record(
            actor=self.supervisor,
            role=proceeding.subject.role,
            kind=kind,
            occurred_on=left_on
            or self._proceeding_dates(proceeding).left_before_hearing_on,
        )
        return self.fresh_proceeding(proceeding)

    def barred_report(
        self, outcome: Outcome | None = None, **earlier: Any
    ) -> ListReport:
        """The barred list report a dismissal makes, waiting to be sent."""
        if outcome is None:
            outcome = self.decided(**earlier)
        else:
            nothing_more("barred_report", earlier)
        return ListReport.objects.get(
            subject=outcome.subject_id, kind=ListReport.Kind.BARRED
        )

    def failed_report(
        self, report: ListReport | None = None, **earlier: Any
    ) -> ListReport:
        """A list report whose delivery failed for good: the dispatch service
        sends it to a College endpoint that refuses the connection, once
        allowed only one attempt."""
        if report is None:
            report = self.barred_report(**earlier)
        else:
            nothing_more("failed_report", earlier)
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            port = closed.getsockname()[1]
        with override_settings(
            COLLEGE_REPORT_CHANNEL="https",
            COLLEGE_REPORT_URL=f"http://127.0.0.1:{port}/list-reports",
            COLLEGE_REPORT_HMAC_SECRET="a-signing-key-no-college-will-check",
            COLLEGE_REPORT_MAX_ATTEMPTS=1,
            COLLEGE_REPORT_TIMEOUT=1,
        ):
            failed = list_report_dispatch(report_id=report.pk)
        assert failed.status == ListReport.Status.FAILED, failed.last_error
        return failed

    def _hearing_on(self, proceeding: Proceeding) -> dt.date:
        """The timeline's hearing day; for an accelerated hearing, the first
        day of the window its notice opened (10 working days after it)."""
        window = hearing_window(proceeding) if proceeding.is_accelerated else None
        if window is not None and window.earliest_on is not None:
            return window.earliest_on
        return self._proceeding_dates(proceeding).hearing_on

    def _proceeding_dates(self, proceeding: Proceeding) -> Timeline:
        return self.dates(proceeding.subject.case)
