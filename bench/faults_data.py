"""The fault harness's data, made through the product's services, and the
mailbox where the file-based email backend leaves what went out.

Runs in the harness's own process, with Django set up against the private
database. Reminder owners have an email address each; the builder's personas
(who take the cases with list reports through their lifecycle) have none, so
every reminder email counted is one of the harness's deadlines.
"""

from __future__ import annotations

import datetime as dt
import email
import itertools
from collections import Counter
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from conduct.calendar import is_working_day, next_working_day
from conduct.deadlines import compute_due
from conduct.models import DeadlineRule, Force, Role, User
from conduct.selectors.calendar import non_working_days_between, non_working_days_from
from conduct.services.tokens import api_token_create
from conduct.services.users import user_create
from hearings.models import ListReport
from referrals.models import Case, ReferralsClock
from referrals.services.cases.case import case_create
from referrals.services.clocks import deadline_open, deadlines_meet
from tests.builders import Build

FORCE = "nhants"
#: Deadlines per case: each has an owner of its own, so that each reminder
#: email (owner, subject) names exactly one deadline.
OWNERS = 20
PERSONAS = {
    "caseworker": Role.PSD_CASEWORKER,
    "supervisor": Role.PSD_SUPERVISOR,
    "iopc_investigator": Role.IOPC_INVESTIGATOR,
}
#: The file-based email backend ends each message with this line.
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
REPORT_KEY_HEADER = "X-Conduct-Report-Key"
numbers = itertools.count(1)


@dataclass(frozen=True)
class People:
    force: Force
    owners: list[User]
    #: The API clients' user (a PSD caseworker of the force) and its token.
    client: User
    token: str
    build: Build


def people_create() -> People:
    force = Force.objects.get(code=FORCE)
    owners = [
        user_create(
            actor=None,
            username=f"owner{number:02d}",
            role=Role.PSD_CASEWORKER,
            forces=[force],
            email=f"owner{number:02d}@example.invalid",
        )
        for number in range(OWNERS)
    ]
    client = user_create(
        actor=None, username="client", role=Role.PSD_CASEWORKER, forces=[force]
    )
    _, token = api_token_create(actor=None, user=client, name="fault harness")
    personas: dict[str, User] = {}

    def persona(name: str) -> User:
        if name not in personas:
            role = PERSONAS[name]
            personas[name] = user_create(
                actor=None,
                username=f"builder-{name}",
                role=role,
                forces=[] if role == Role.IOPC_INVESTIGATOR else [force],
            )
        return personas[name]

    return People(
        force=force,
        owners=owners,
        client=client,
        token=token,
        build=Build(force=force, persona=persona),
    )


def working_day_from(day: dt.date) -> dt.date:
    """``day``, or the first working day after it."""
    holidays = non_working_days_between(day, day + dt.timedelta(days=30))
    return day if is_working_day(day, holidays) else next_working_day(day, holidays)


def sweep_days() -> tuple[dt.date, dt.date]:
    """The two days the reminder faults sweep: working days four and eight
    weeks ahead, so that beat's own daily sweep (today) reminds of none of
    their deadlines and the first day's "due soon" window does not reach the
    second day's deadlines."""
    first = working_day_from(timezone.localdate() + dt.timedelta(days=28))
    return first, working_day_from(first + dt.timedelta(days=28))


def case_for_faults(people: People, label: str) -> Case:
    return case_create(
        actor=people.client,
        force=people.force,
        reference=f"FAULTS/{label}/{next(numbers):05d}",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=timezone.localdate() - dt.timedelta(days=30),
        summary="A case made by the fault harness.",
    )


def _anchor_for(rule: DeadlineRule, due_on: dt.date) -> dt.date:
    """An anchor day from which ``rule``'s clock falls due on ``due_on``."""
    for back in range(120):
        anchor = due_on - dt.timedelta(days=back)
        if compute_due(rule, anchor, non_working_days_from(anchor)).due_on == due_on:
            return anchor
    raise ValueError(f"no anchor gives {rule.code} a due date of {due_on}")


def deadlines_open(
    people: People, *, count: int, due_on: dt.date, label: str
) -> list[Case]:
    """``count`` running clocks due on ``due_on``, opened by the service, in
    cases of ``OWNERS`` clocks, each clock of a case owned by another owner."""
    rule = DeadlineRule.objects.get(regime="2020", code=ReferralsClock.NOTICE_RESPONSE)
    anchor = _anchor_for(rule, due_on)
    cases = []
    for start in range(0, count, OWNERS):
        with transaction.atomic():
            case = case_for_faults(people, label)
            for position in range(min(OWNERS, count - start)):
                deadline_open(
                    case=case,
                    rule_code=ReferralsClock.NOTICE_RESPONSE,
                    anchor_event="fault harness",
                    anchor_on=anchor,
                    owner=people.owners[position],
                    key_extra=f"faults-{position}",
                )
        cases.append(case)
    return cases


def deadlines_met(cases: list[Case], *, on: dt.date) -> None:
    """Meet the clocks of an earlier fault, so a later day's sweep does not
    remind of them as overdue."""
    for case in cases:
        with transaction.atomic():
            deadlines_meet(
                case=case, rule_codes=[ReferralsClock.NOTICE_RESPONSE], met_on=on
            )


def list_reports_create(people: People, count: int) -> set[str]:
    """``count`` barred list reports (a dismissal each), queued for sending
    to the College when their transaction commits; their idempotency keys."""
    keys = set()
    for _ in range(count):
        report = people.build.barred_report()
        keys.add(str(report.idempotency_key))
    return keys


def list_reports_sent(keys: set[str]) -> int:
    """The reports the database marks as sent (the flag, beside the mailbox)."""
    return ListReport.objects.filter(
        idempotency_key__in=keys, status=ListReport.Status.SENT
    ).count()


# ---------------------------------------------------------------- mailbox


@dataclass(frozen=True)
class Sent:
    """What went out: reminders by (recipient, subject), list reports by key."""

    reminders: Counter[tuple[str, str]]
    reports: Counter[str]


def _messages(folder: Path) -> list[Message]:
    messages = []
    for path in sorted(folder.glob("*.log")):
        for part in path.read_bytes().split(SEPARATOR):
            if b"Subject:" in part:
                messages.append(email.message_from_bytes(part.lstrip(b"\n")))
    return messages


def mailbox(folder: Path) -> Sent:
    reminders: Counter[tuple[str, str]] = Counter()
    reports: Counter[str] = Counter()
    for message in _messages(folder):
        key = message.get(REPORT_KEY_HEADER)
        if key:
            reports[str(key)] += 1
        else:
            # Unfold the header: a long subject is written on several lines.
            subject = str(message["Subject"]).replace("\r", "").replace("\n", "")
            reminders[(str(message["To"]), subject)] += 1
    return Sent(reminders=reminders, reports=reports)


def reminders_for(sent: Sent, label: str) -> tuple[int, int]:
    """(emails, of which repeats) of the "due today" reminders of the cases
    made for ``label``: their subjects name the case's reference."""
    mine = {
        key: times
        for key, times in sent.reminders.items()
        if key[1].startswith("Due today:") and f"case FAULTS/{label}/" in key[1]
    }
    emails = sum(mine.values())
    return emails, emails - len(mine)
