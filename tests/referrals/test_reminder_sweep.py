"""The tables the reminder sweep writes: foreign keys checked, no index that
only costs it writes."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


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
