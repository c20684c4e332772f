"""Who the reminder sweep tells of a clock's reminders, once each, and in
what words (referrals.services.reminders.deadline_sweep); and the tables it
writes: foreign keys checked, no index that only costs it writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from conduct.models import Force, Role, User
from referrals.models import Case, Deadline, Notification, ReferralsClock
from referrals.services.cases import case_restrict
from referrals.services.clocks import deadline_open
from referrals.services.reminders import deadline_sweep
from tests.builders import Build
from tests.factories.conduct import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
#: Two weeks after the clock below fell due: overdue, and escalated.
ESCALATED_ON = D(2023, 1, 31)


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(on=D(2022, 11, 1))


def response_clock(case: Case, owner: User) -> Deadline:
    """The subject's response to a notice served on Tuesday 3 January 2023:
    10 working days beginning with the next (CMR 2020 r20), so due on
    Tuesday 17 January; the rule is unverified, so its reminders say to
    check local policy."""
    deadline = deadline_open(
        case=case,
        rule_code=ReferralsClock.NOTICE_RESPONSE,
        anchor_event="notice_served",
        anchor_on=D(2023, 1, 3),
        owner=owner,
    )
    assert deadline is not None
    assert (deadline.due_on, deadline.check_local_policy) == (D(2023, 1, 17), True)
    return deadline


def told(deadline: Deadline, kind: str) -> dict[int, str]:
    """Who was told of the clock's reminders of ``kind``, and what."""
    return dict(
        Notification.objects.filter(
            reminder__deadline=deadline, reminder__kind=kind
        ).values_list("user", "message")
    )


def message(heading: str, deadline: Deadline) -> str:
    return (
        f"{heading}: {deadline.title}, case {deadline.case.reference}, "
        "due 17 Jan 2023 (check local policy)"
    )


def test_each_reminder_is_worded_for_its_kind(case: Case, caseworker: User) -> None:
    deadline = response_clock(case, owner=caseworker)
    # 5 working days left on Tuesday 10 January, 1 on Monday 16, due on the
    # 17th, overdue on the 18th.
    for day in [D(2023, 1, 10), D(2023, 1, 16), D(2023, 1, 17), D(2023, 1, 18)]:
        deadline_sweep(today=day)
    assert list(
        Notification.objects.filter(user=caseworker)
        .order_by("id")
        .values_list("reminder__kind", "reminder__lead_working_days", "message")
    ) == [
        ("lead", 5, message("Due soon", deadline)),
        ("lead", 1, message("Due soon", deadline)),
        ("due_today", 0, message("Due today", deadline)),
        ("overdue", 0, message("Overdue", deadline)),
    ]


def test_a_supervisor_who_owns_the_clock_is_told_of_its_escalation_once(
    case: Case, supervisor: User, notts_supervisor: User
) -> None:
    deadline = response_clock(case, owner=supervisor)
    result = deadline_sweep(today=ESCALATED_ON)
    # The other force's supervisor is not told.
    assert told(deadline, "escalation") == {
        supervisor.pk: message("Overdue, escalated", deadline)
    }
    assert (result.reminders, result.notifications) == (2, 2)


def test_an_iopc_clock_escalates_to_every_iopc_supervisor_once(
    case: Case,
    iopc_investigator: User,
    iopc_supervisor: User,
    supervisor: User,
) -> None:
    other_iopc_supervisor = UserFactory.create(role=Role.IOPC_SUPERVISOR)
    investigated = response_clock(case, owner=iopc_investigator)
    supervised = deadline_open(
        case=case,
        rule_code=ReferralsClock.NOTICE_RESPONSE,
        anchor_event="notice_served",
        anchor_on=D(2023, 1, 3),
        owner=iopc_supervisor,
        key_extra="supervised",
    )
    assert supervised is not None
    deadline_sweep(today=ESCALATED_ON)
    iopc = {iopc_supervisor.pk, other_iopc_supervisor.pk}
    # The PSD supervisors of the case's force are told of every escalation.
    assert set(told(investigated, "escalation")) == {
        iopc_investigator.pk,
        supervisor.pk,
        *iopc,
    }
    assert set(told(supervised, "escalation")) == {supervisor.pk, *iopc}


def test_a_restricted_case_escalates_only_to_the_users_named_on_it(
    case: Case, caseworker: User, supervisor: User, northamptonshire: Force
) -> None:
    UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[northamptonshire])
    case_restrict(
        actor=supervisor,
        case=case,
        restricted=True,
        users=[caseworker],
        rationale="Sensitive.",
    )
    deadline = response_clock(case, owner=caseworker)
    deadline_sweep(today=ESCALATED_ON)
    assert set(told(deadline, "escalation")) == {caseworker.pk, supervisor.pk}


SWEPT_TABLES = [
    "referrals_deadline",
    "referrals_deadlineevent",
    "referrals_reminder",
    "referrals_notification",
]


def test_the_swept_tables_keep_their_foreign_keys_and_no_duplicate_index() -> None:
    """Every foreign key the sweep writes is still checked by PostgreSQL
    (deferred to COMMIT, as Django makes them), and no plain one-column index
    repeats the leading column of another index: it would only cost the sweep
    a write per row."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, a.attname, condeferred
              FROM pg_constraint
              JOIN pg_attribute a
                ON a.attrelid = conrelid AND a.attnum = conkey[1]
             WHERE contype = 'f' AND conrelid::regclass::text = ANY (%s)
            """,
            [SWEPT_TABLES],
        )
        foreign_keys = {(table, column): deferred for table, column, deferred in cursor}
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text
              FROM pg_index i
             WHERE i.indrelid::regclass::text = ANY (%s)
               AND i.indnatts = 1 AND i.indpred IS NULL AND NOT i.indisunique
               AND EXISTS (
                   SELECT 1 FROM pg_index o
                    WHERE o.indrelid = i.indrelid
                      AND o.indexrelid <> i.indexrelid
                      AND o.indpred IS NULL
                      AND o.indkey[0] = i.indkey[0])
            """,
            [SWEPT_TABLES],
        )
        duplicates = [name for (name,) in cursor]
    assert foreign_keys == {
        ("referrals_deadline", "case_id"): True,
        ("referrals_deadline", "subject_id"): True,
        ("referrals_deadline", "rule_id"): True,
        ("referrals_deadline", "owner_id"): True,
        ("referrals_deadlineevent", "deadline_id"): True,
        ("referrals_deadlineevent", "actor_id"): True,
        ("referrals_reminder", "deadline_id"): True,
        ("referrals_notification", "user_id"): True,
        ("referrals_notification", "reminder_id"): True,
    }
    assert duplicates == []
