"""The daily reminder sweep: set-based, exactly once, the database the source
of truth.

One run (1) marks clocks past their due date as missed, (2) records the
reminders due today with INSERT ... ON CONFLICT DO NOTHING against the
``reminder_once`` constraint, so a retried task, two beat processes or a re-run
sweep cannot record (and so send) one twice, and (3) records the in-app
notifications for those reminders. Emails go out afterwards from the recorded
reminders (send_reminder_emails), so a flushed broker loses nothing: the next
run finds what is unsent in PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from conduct.calendar import (
    due_p1,
    is_working_day,
    working_days_before,
    working_days_between,
)
from conduct.selectors.calendar import non_working_days_between

RUNNING = ("open", "extended", "missed")

MARK_MISSED = """
WITH missed AS (
    UPDATE referrals_deadline
       SET status = 'missed', updated_at = now()
     WHERE status IN ('open', 'extended') AND due_on < %(today)s
 RETURNING id, due_on
)
INSERT INTO referrals_deadlineevent
       (deadline_id, kind, occurred_at, old_due_on, reason)
SELECT id, 'missed', now(), due_on, 'Not met by the due date.' FROM missed
"""

# One statement records today's reminders and their in-app notifications.
# ``due`` reads, in one pass through the partial index on running clocks'
# due dates, only the clocks that have a reminder today (past due, due today,
# or on a lead date); the work grows with them, not with every open clock.
# Reminders: ON CONFLICT DO NOTHING against reminder_once makes the sweep
# exactly once. Notifications go to the clock's owner, and for escalations also
# to the PSD supervisors of the case's force (and IOPC supervisors when the
# owner is IOPC staff); nobody is told about a restricted case they are not
# named on. A notification is for a reminder this statement has just recorded,
# so none can exist already; the supervisors are told once each (DISTINCT,
# and not again when they own the clock), and notification_once_per_user
# refuses anything else.
RECORD_REMINDERS = """
WITH lead_dates(due_on, remind_on, lead) AS (
    SELECT * FROM unnest(%(lead_due)s::date[], %(lead_remind)s::date[],
                         %(lead_days)s::int[])
), due AS MATERIALIZED (
    SELECT d.id, d.due_on, d.status, d.owner_id, d.case_id, d.title,
           d.check_local_policy
      FROM referrals_deadline d
     WHERE d.status IN ('open', 'extended', 'missed')
       AND (d.due_on <= %(today)s OR d.due_on = ANY (%(lead_due)s::date[]))
), candidates AS (
    SELECT d.id AS deadline_id, 'lead' AS kind, m.lead, m.remind_on, d.due_on
      FROM due d JOIN lead_dates m ON d.due_on = m.due_on
     WHERE d.status IN ('open', 'extended')
    UNION ALL
    SELECT d.id, 'due_today', 0, d.due_on, d.due_on
      FROM due d
     WHERE d.status IN ('open', 'extended') AND d.due_on = %(today)s
    UNION ALL
    SELECT d.id, 'overdue', 0, %(today)s, d.due_on
      FROM due d
     WHERE d.due_on < %(today)s
    UNION ALL
    SELECT d.id, 'escalation', 0, d.due_on, d.due_on
      FROM due d
     WHERE d.due_on <= %(escalate_up_to)s
), reminders AS (
    INSERT INTO referrals_reminder
           (deadline_id, kind, lead_working_days, remind_on, due_on, created_at,
            email_attempts, last_error)
    SELECT deadline_id, kind, lead, remind_on, due_on, now(), 0, ''
      FROM candidates
    ON CONFLICT (deadline_id, kind, lead_working_days, remind_on) DO NOTHING
    RETURNING id, deadline_id, kind
), recorded AS (
    SELECT r.id AS reminder_id, r.kind, d.owner_id, d.title, d.due_on,
           d.check_local_policy, c.id AS case_id, c.force_id, c.reference,
           c.restricted
      FROM reminders r
      JOIN referrals_deadline d ON d.id = r.deadline_id
      JOIN referrals_case c ON c.id = d.case_id
), supervisors AS (
    SELECT DISTINCT r.reminder_id, u.id AS user_id
      FROM recorded r
      JOIN conduct_forcemembership m ON m.force_id = r.force_id
      JOIN conduct_user u ON u.id = m.user_id
     WHERE r.kind = 'escalation' AND u.role = 'psd_supervisor' AND u.is_active
    UNION
    SELECT r.reminder_id, u.id
      FROM recorded r
      JOIN conduct_user o ON o.id = r.owner_id
      JOIN conduct_user u ON u.role = 'iopc_supervisor' AND u.is_active
     WHERE r.kind = 'escalation'
       AND o.role IN ('iopc_investigator', 'iopc_supervisor')
), addressed AS (
    SELECT r.owner_id AS user_id, r.* FROM recorded r
     WHERE r.owner_id IS NOT NULL
    UNION ALL
    SELECT s.user_id, r.*
      FROM supervisors s JOIN recorded r USING (reminder_id)
     WHERE s.user_id IS DISTINCT FROM r.owner_id
), notifications AS (
    INSERT INTO referrals_notification (user_id, reminder_id, message, created_at)
    SELECT a.user_id, a.reminder_id,
           left(format('%%s: %%s, case %%s, due %%s%%s',
                       CASE a.kind WHEN 'lead' THEN 'Due soon'
                                   WHEN 'due_today' THEN 'Due today'
                                   WHEN 'overdue' THEN 'Overdue'
                                   ELSE 'Overdue, escalated' END,
                       a.title, a.reference, to_char(a.due_on, 'FMDD Mon YYYY'),
                       CASE WHEN a.check_local_policy
                            THEN ' (check local policy)' ELSE '' END), 300),
           now()
      FROM addressed a
     WHERE NOT a.restricted OR EXISTS (
           SELECT 1 FROM referrals_case_restricted_to rt
            WHERE rt.case_id = a.case_id AND rt.user_id = a.user_id)
    RETURNING 1
)
SELECT (SELECT count(*) FROM reminders), (SELECT count(*) FROM notifications)
"""


@dataclass(frozen=True)
class SweepResult:
    today: dt.date
    missed: int
    reminders: int
    notifications: int


def lead_reminder_dates(
    today: dt.date, leads: list[int], non_working_days: frozenset[dt.date]
) -> list[tuple[dt.date, dt.date, int]]:
    """(due date, reminder date, lead) for each due date that gets a "due soon"
    reminder today: the lead-N reminder goes when N or fewer working days are
    left but more than the next shorter lead, so a clock opened late gets the
    shortest reminder that still fits, once."""
    ordered = sorted(set(leads), reverse=True)
    pairs = []
    for position, lead in enumerate(ordered):
        shorter = ordered[position + 1] if position + 1 < len(ordered) else 0
        last = due_p1(today, lead, non_working_days)
        day = today + dt.timedelta(days=1)
        while day <= last:
            left = working_days_between(today, day, non_working_days)
            if shorter < left <= lead:
                pairs.append(
                    (day, working_days_before(day, lead, non_working_days), lead)
                )
            day += dt.timedelta(days=1)
    return pairs


@transaction.atomic
def deadline_sweep(*, today: dt.date) -> SweepResult:
    """Mark missed clocks and record today's reminders and notifications, in a
    constant number of queries whatever the number of deadlines."""
    leads = [int(lead) for lead in settings.DEADLINE_REMINDER_LEAD_WORKING_DAYS]
    escalate_after = int(settings.DEADLINE_ESCALATE_AFTER_WORKING_DAYS)
    holidays = non_working_days_between(
        today - dt.timedelta(days=60), today + dt.timedelta(days=60)
    )
    with connection.cursor() as cursor:
        cursor.execute(MARK_MISSED, {"today": today})
        missed = cursor.rowcount
        if not is_working_day(today, holidays):
            # Nobody is at work: reminders wait for the next working day, whose
            # run catches up (reminder dates come from due dates, not from runs).
            return SweepResult(today, missed, 0, 0)
        pairs = lead_reminder_dates(today, leads, holidays)
        # The session runs without JIT (conduct.settings.base
        # database_settings): compiling this statement, whose CTEs' row
        # guesses cross the JIT thresholds, took 0.07 to 0.7 s at 100,000
        # clocks.
        cursor.execute(
            RECORD_REMINDERS,
            {
                "today": today,
                "lead_due": [due for due, _, _ in pairs],
                "lead_remind": [remind for _, remind, _ in pairs],
                "lead_days": [lead for _, _, lead in pairs],
                "escalate_up_to": working_days_before(today, escalate_after, holidays),
            },
        )
        reminders, notifications = cursor.fetchone()
    if reminders:
        from referrals.tasks import send_reminder_emails

        transaction.on_commit(send_reminder_emails.delay)
    return SweepResult(today, missed, reminders, notifications)
