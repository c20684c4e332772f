"""Deadlines opened and met by lifecycle events, extended, paused and resumed,
and the reminder sweep (exactly once, set-based)."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

from conduct.deadline_rules import PAUSED_BY_CRIMINAL_PROCEEDINGS
from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import AuditEvent, DeadlineRule, User
from hearings.models import HearingsClock
from referrals.models import Case, Deadline, DeadlineEvent, Notification, Reminder
from referrals.services.cases import case_restrict
from referrals.services.clocks import deadline_open
from referrals.services.criminal import criminal_sub_judice_set
from referrals.services.deadlines import deadline_extend
from referrals.services.investigations import (
    notice_response_record,
    notice_serve,
    report_submit,
)
from referrals.services.reminder_emails import EmailBatchFailed, reminder_emails_send
from referrals.services.reminders import deadline_sweep
from tests.builders import Build

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(on=D(2022, 11, 1))


@pytest.fixture
def investigated(build: Build, case: Case) -> Case:
    """``case`` with a subject assessed (gross misconduct) and under
    investigation."""
    build.investigating(build.assessed(case=case))
    return case


def test_a_notice_opens_the_response_clock_and_the_response_meets_it(
    investigated: Case, caseworker: User
) -> None:
    subject = investigated.subjects.get()
    notice = notice_serve(
        actor=caseworker, subject=subject, served_on=D(2022, 12, 16), content="x"
    )
    deadline = Deadline.objects.get(case=investigated, rule__code="notice_response")
    # 10 WD from the first working day after Friday 16 Dec 2022 (PCR r18).
    assert deadline.due_on == D(2023, 1, 4)
    assert deadline.subject == subject
    assert deadline.owner == caseworker
    assert deadline.status == Deadline.Status.OPEN
    notice_response_record(
        actor=caseworker,
        notice=notice,
        kind="written_response",
        received_on=D(2022, 12, 30),
        content="My account.",
    )
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET
    assert deadline.met_on == D(2022, 12, 30)
    assert list(deadline.events.values_list("kind", flat=True)) == ["opened", "met"]


def test_the_investigation_opens_the_progress_report_and_the_report_ends_it(
    investigated: Case, caseworker: User
) -> None:
    progress = Deadline.objects.get(case=investigated, rule__code="progress_report")
    # 12 months beginning with the day it came to attention (PCR r19).
    assert progress.due_on == D(2023, 10, 31)
    report_submit(
        actor=caseworker,
        case=investigated,
        submitted_on=D(2023, 3, 1),
        summary="Report.",
        opinions={investigated.subjects.get().pk: "case_to_answer_gross_misconduct"},
    )
    progress.refresh_from_db()
    assert progress.status == Deadline.Status.CANCELLED


def response_deadline(investigated: Case, caseworker: User) -> Deadline:
    notice_serve(
        actor=caseworker,
        subject=investigated.subjects.get(),
        served_on=D(2022, 12, 16),
        content="x",
    )
    return Deadline.objects.get(case=investigated, rule__code="notice_response")


def test_an_extension_needs_a_reason_a_later_date_and_the_right_role(
    investigated: Case, caseworker: User, manager: User
) -> None:
    deadline = response_deadline(investigated, caseworker)
    with pytest.raises(ApplicationError, match="Give the rationale"):
        deadline_extend(
            actor=caseworker, deadline=deadline, new_due_on=D(2023, 1, 11), reason=" "
        )
    with pytest.raises(ApplicationError, match="must be after 04 Jan 2023"):
        deadline_extend(
            actor=caseworker, deadline=deadline, new_due_on=D(2023, 1, 4), reason="x"
        )
    with pytest.raises(NotPermitted):
        deadline_extend(
            actor=manager, deadline=deadline, new_due_on=D(2023, 1, 11), reason="x"
        )
    events = AuditEvent.objects.count()
    deadline_extend(
        actor=caseworker,
        deadline=deadline,
        new_due_on=D(2023, 1, 11),
        reason="The subject's police friend is on leave.",
    )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.due_on) == (
        Deadline.Status.EXTENDED,
        D(2023, 1, 11),
    )
    assert AuditEvent.objects.count() == events + 1
    extended = deadline.events.get(kind="extended")
    assert (extended.old_due_on, extended.new_due_on) == (D(2023, 1, 4), D(2023, 1, 11))


def barred_list_clock(case: Case, dismissed_on: dt.date) -> Deadline:
    """The barred-list report clock of a dismissal on ``dismissed_on``."""
    with transaction.atomic():
        deadline = deadline_open(
            case=case,
            rule_code=HearingsClock.BARRED_LIST_REPORT,
            anchor_event="outcome.dismissal",
            anchor_on=dismissed_on,
        )
    assert deadline is not None
    return deadline


def test_a_rule_that_cannot_be_extended_is_refused(
    case: Case, supervisor: User
) -> None:
    deadline = barred_list_clock(case, D(2023, 5, 2))
    with pytest.raises(ApplicationError, match="cannot be extended"):
        deadline_extend(
            actor=supervisor, deadline=deadline, new_due_on=D(2023, 6, 1), reason="x"
        )


def response_and_barred_list_clocks(case: Case) -> tuple[Deadline, Deadline]:
    """The referral response and barred-list report clocks of ``case``, both
    started on Wednesday 1 March 2023."""
    with transaction.atomic():
        response = deadline_open(
            case=case,
            rule_code=HearingsClock.REFERRAL_RESPONSE,
            anchor_event="proceedings.notice_of_referral",
            anchor_on=D(2023, 3, 1),
        )
    assert response is not None
    return response, barred_list_clock(case, D(2023, 3, 1))


def paused_when_charged(case: Case, supervisor: User) -> None:
    """The supervisor pauses ``case`` sub judice on Monday 6 March 2023."""
    criminal_sub_judice_set(
        actor=supervisor, case=case, paused=True, rationale="Charged.", on=D(2023, 3, 6)
    )


def test_sub_judice_pauses_proceedings_clocks_and_adds_the_days_back(
    case: Case, supervisor: User
) -> None:
    response, barred = response_and_barred_list_clocks(case)
    assert response.due_on == D(2023, 3, 22)  # 15 WD (PCR r31)
    paused_when_charged(case, supervisor)
    response.refresh_from_db()
    barred.refresh_from_db()
    assert response.status == Deadline.Status.PAUSED
    assert barred.status == Deadline.Status.OPEN  # list reports keep running
    # Paused Mon 6 Mar to Fri 17 Mar, resumed Mon 20 Mar: 10 working days back.
    criminal_sub_judice_set(
        actor=supervisor, case=case, paused=False, rationale="Pleas.", on=D(2023, 3, 20)
    )
    response.refresh_from_db()
    assert response.status == Deadline.Status.OPEN
    assert response.paused_working_days == 10
    assert response.due_on == D(2023, 4, 5)  # Wed 22 Mar plus 10 working days


def test_a_pause_of_more_than_a_year_counts_every_holiday_in_it(
    case: Case, supervisor: User
) -> None:
    """Criminal proceedings can take years: the working days paused, and the
    due date they move, count the bank holidays of the whole pause."""
    response, _barred = response_and_barred_list_clocks(case)
    paused_when_charged(case, supervisor)
    criminal_sub_judice_set(
        actor=supervisor, case=case, paused=False, rationale="Trial.", on=D(2024, 6, 3)
    )
    response.refresh_from_db()
    # Mon 6 Mar 2023 to Fri 31 May 2024: 325 weekdays, less 13 bank and
    # public holidays (the last two, 6 and 27 May 2024, over 400 days on).
    assert response.paused_working_days == 312
    # Wed 22 Mar 2023 plus 312 working days.
    assert response.due_on == D(2024, 6, 19)


def test_a_paused_window_moves_its_first_day_as_well_as_its_last(
    case: Case, supervisor: User
) -> None:
    """PCR r52(1) with r10(3): the accelerated hearing's window, 10 to 15
    working days after the notice, stops while proceedings are paused; both
    ends move by the working days paused, so a hearing is not accepted
    before the tenth working day the clock actually ran."""
    with transaction.atomic():
        window = deadline_open(
            case=case,
            rule_code=HearingsClock.ACCELERATED_HEARING_WINDOW,
            anchor_event="proceeding.notice_served",
            anchor_on=D(2023, 3, 1),
        )
    assert window is not None
    assert (window.earliest_on, window.due_on) == (D(2023, 3, 15), D(2023, 3, 22))
    paused_when_charged(case, supervisor)
    criminal_sub_judice_set(
        actor=supervisor, case=case, paused=False, rationale="Pleas.", on=D(2023, 3, 20)
    )
    window.refresh_from_db()
    # Paused Mon 6 to Fri 17 Mar: 10 working days added to each end.
    assert (window.earliest_on, window.due_on) == (D(2023, 3, 29), D(2023, 4, 5))


def test_which_clocks_pause_is_the_rules_data(case: Case, supervisor: User) -> None:
    """A force that decides its barred-list clock also waits for the criminal
    courts changes the rule, not the code; and may stop a shipped one."""
    DeadlineRule.objects.filter(regime=case.regime, code="barred_list_report").update(
        paused_by_criminal_proceedings=True
    )
    DeadlineRule.objects.filter(regime=case.regime, code="referral_response").update(
        paused_by_criminal_proceedings=False
    )
    response, barred = response_and_barred_list_clocks(case)
    paused_when_charged(case, supervisor)
    response.refresh_from_db()
    barred.refresh_from_db()
    assert (response.status, barred.status) == (
        Deadline.Status.OPEN,
        Deadline.Status.PAUSED,
    )


def test_the_shipped_rules_pause_the_proceedings_clocks_only() -> None:
    paused = set(
        DeadlineRule.objects.filter(paused_by_criminal_proceedings=True).values_list(
            "regime", "code"
        )
    )
    assert paused == {
        (regime, code)
        for regime in ("2012", "2020")
        for code in PAUSED_BY_CRIMINAL_PROCEEDINGS
    }
    assert ("2020", "notice_response") not in paused
    assert ("2020", "progress_report") not in paused


def make_deadline(
    case: Case, due_on: dt.date, owner: User, code: str, number: int = 0
) -> Deadline:
    rule = DeadlineRule.objects.get(regime=case.regime, code=code)
    return Deadline.objects.create(
        case=case,
        rule=rule,
        key=f"{code}:{due_on}:{owner.pk}:{number}",
        title=rule.title,
        anchor_event="test",
        anchor_on=due_on - dt.timedelta(days=30),
        due_on=due_on,
        acting_party=rule.who_acts,
        owner=owner,
        check_local_policy=not rule.verified,
    )


def kinds(deadline: Deadline) -> list[tuple[str, int, dt.date]]:
    return list(
        deadline.reminders.order_by("id").values_list(
            "kind", "lead_working_days", "remind_on"
        )
    )


def test_reminders_follow_the_due_date_once_each(case: Case, caseworker: User) -> None:
    # Due Wednesday 4 Jan 2023: 5 working days are left on Friday 23 Dec (the
    # Christmas bank holidays do not count) and 1 on Tuesday 3 Jan.
    deadline = make_deadline(case, D(2023, 1, 4), caseworker, "notice_response")
    for day in [D(2022, 12, 21), D(2022, 12, 22), D(2022, 12, 23), D(2022, 12, 23)]:
        deadline_sweep(today=day)
    assert kinds(deadline) == [("lead", 5, D(2022, 12, 23))]
    for day in [D(2022, 12, 24), D(2022, 12, 26), D(2023, 1, 3), D(2023, 1, 3)]:
        deadline_sweep(today=day)  # the weekend and bank holidays send nothing
    deadline_sweep(today=D(2023, 1, 4))
    assert kinds(deadline) == [
        ("lead", 5, D(2022, 12, 23)),
        ("lead", 1, D(2023, 1, 3)),
        ("due_today", 0, D(2023, 1, 4)),
    ]
    assert Notification.objects.filter(user=caseworker).count() == 3
    message = Notification.objects.filter(user=caseworker).first()
    assert message is not None
    assert case.reference in message.message


def test_overdue_reminders_go_daily_and_escalate_once(
    case: Case, caseworker: User, supervisor: User
) -> None:
    deadline = make_deadline(case, D(2023, 1, 4), caseworker, "notice_response")
    for day in [D(2023, 1, 5), D(2023, 1, 6), D(2023, 1, 6), D(2023, 1, 9)]:
        result = deadline_sweep(today=day)
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
    assert DeadlineEvent.objects.filter(deadline=deadline, kind="missed").count() == 1
    assert result.missed == 0  # marked once, on the first run after the due date
    assert kinds(deadline) == [
        ("overdue", 0, D(2023, 1, 5)),
        ("overdue", 0, D(2023, 1, 6)),
        ("escalation", 0, D(2023, 1, 4)),
        ("overdue", 0, D(2023, 1, 9)),
    ]
    escalation = Reminder.objects.get(deadline=deadline, kind="escalation")
    assert set(escalation.notifications.values_list("user", flat=True)) == {
        caseworker.pk,
        supervisor.pk,
    }


def test_a_clock_opened_late_gets_only_the_reminder_that_fits(
    case: Case, caseworker: User
) -> None:
    deadline = make_deadline(case, D(2023, 1, 4), caseworker, "notice_response")
    deadline_sweep(today=D(2023, 1, 3))
    assert kinds(deadline) == [("lead", 1, D(2023, 1, 3))]


def test_a_restricted_case_notifies_only_named_users(
    case: Case, caseworker: User, supervisor: User
) -> None:
    case_restrict(
        actor=supervisor, case=case, restricted=True, users=[], rationale="Sensitive."
    )
    deadline = make_deadline(case, D(2023, 1, 4), caseworker, "notice_response")
    deadline_sweep(today=D(2023, 1, 4))
    assert deadline.reminders.count() == 1
    assert Notification.objects.count() == 0


def test_the_sweep_uses_a_constant_number_of_queries(
    case: Case, caseworker: User, django_assert_max_num_queries: Any
) -> None:
    for offset in range(40):
        make_deadline(
            case,
            D(2023, 1, 2) + dt.timedelta(days=offset % 12),
            caseworker,
            "witness_lists",
            number=offset,
        )
    with django_assert_max_num_queries(5):
        result = deadline_sweep(today=D(2023, 1, 9))
    assert result.reminders > 20


def test_emails_go_once_and_failures_are_recorded_for_retry(
    case: Case, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_deadline(case, D(2023, 1, 4), caseworker, "notice_response")
    deadline_sweep(today=D(2023, 1, 4))

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )
    with pytest.raises(EmailBatchFailed):
        reminder_emails_send()
    reminder = Reminder.objects.get()
    assert reminder.emailed_at is None
    assert reminder.email_attempts == 1
    assert "went away" in reminder.last_error
    monkeypatch.undo()
    assert reminder_emails_send() == 1
    assert reminder_emails_send() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [caseworker.email]


class Killed(BaseException):
    """The worker dying (SIGKILL): nothing after it runs, no handler sees it."""


def test_a_worker_killed_while_emailing_repeats_one_email_at_most(
    case: Case, caseworker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each reminder is emailed and recorded in a transaction of its own, so
    a worker killed after an email went out but before it was recorded sends
    that one again, and no other; the repeat has the same Message-ID, so the
    mail system can tell (make faults)."""
    for number in range(5):
        make_deadline(case, D(2023, 1, 4), caseworker, "notice_response", number)
    deadline_sweep(today=D(2023, 1, 4))
    delivered: list[EmailMessage] = []

    def killed_after_the_third(self: Any, messages: list[EmailMessage]) -> int:
        for message in messages:
            delivered.append(message)
            if len(delivered) == 3:
                raise Killed
        return len(messages)

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        killed_after_the_third,
    )
    with pytest.raises(Killed):
        reminder_emails_send()
    monkeypatch.undo()
    assert reminder_emails_send() == 3
    ids = [m.extra_headers["Message-ID"] for m in [*delivered, *mail.outbox]]
    assert len(ids) == 6
    assert len(set(ids)) == 5
    assert ids[2] == ids[3]  # the third, sent again first


def test_overdue_means_running_and_past_due_whether_swept_or_not(
    case: Case, caseworker: User
) -> None:
    today = D(2023, 3, 15)
    rows = {
        "past due, not swept": ("open", D(2023, 3, 14)),
        "missed": ("missed", D(2023, 3, 1)),
        "extended, past due": ("extended", D(2023, 3, 10)),
        "due today": ("open", today),
        "paused": ("paused", D(2023, 3, 1)),
        "cancelled": ("cancelled", D(2023, 3, 1)),
    }
    made = {}
    for number, (label, (status, due_on)) in enumerate(rows.items()):
        deadline = make_deadline(case, due_on, caseworker, "notice_response", number)
        Deadline.objects.filter(pk=deadline.pk).update(status=status)
        deadline.refresh_from_db()
        made[label] = deadline
    overdue = set(
        Deadline.objects.filter(Deadline.overdue_on(today)).values_list("pk", flat=True)
    )
    expected = {"past due, not swept", "missed", "extended, past due"}
    assert overdue == {made[label].pk for label in expected}
    assert {label for label, row in made.items() if row.is_overdue(today)} == expected
