"""Streaming generated rows into PostgreSQL: ids from each table's sequence,
rows buffered per table and written with COPY, one batch at a time.

COPY fires the tables' row triggers like any insert: pghistory records each
tracked row's insertion as the services' writes would, and the audit trail's
append-only trigger (UPDATE and DELETE only) does not object. Foreign keys
are deferred to the end of the transaction (Django creates them DEFERRABLE
INITIALLY DEFERRED), so tables are written in any order.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection

#: Columns of every table the generator writes, in COPY order.
COLUMNS: dict[str, list[str]] = {
    "conduct_person": [
        "id",
        "created_at",
        "updated_at",
        "given_names",
        "family_name",
        "date_of_birth",
    ],
    "conduct_personrole": [
        "id",
        "created_at",
        "updated_at",
        "person_id",
        "kind",
        "force_id",
        "rank",
        "identifier",
        "job_title",
        "started_on",
        "ended_on",
        "end_reason",
    ],
    "conduct_employmentevent": [
        "id",
        "created_at",
        "updated_at",
        "person_id",
        "role_id",
        "kind",
        "occurred_on",
        "to_force_id",
        "notes",
    ],
    "referrals_case": [
        "id",
        "created_at",
        "updated_at",
        "reference",
        "force_id",
        "iopc_reference",
        "trigger",
        "came_to_attention_on",
        "complaint_made_on",
        "regime",
        "summary",
        "status",
        "closed_on",
        "restricted",
        "version",
        "created_by_id",
    ],
    "referrals_caseparty": [
        "id",
        "created_at",
        "updated_at",
        "case_id",
        "kind",
        "name",
        "contact",
    ],
    "referrals_subject": [
        "id",
        "created_at",
        "updated_at",
        "case_id",
        "person_id",
        "role_id",
        "appropriate_authority_id",
        "status",
    ],
    "referrals_allegation": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "summary",
        "occurred_on",
        "severity",
        "determination",
    ],
    "referrals_allegation_standards": ["id", "allegation_id", "standard_id"],
    "referrals_severityassessment": [
        "id",
        "created_at",
        "updated_at",
        "allegation_id",
        "severity",
        "assessed_on",
        "assessed_by_id",
        "body",
        "rationale",
    ],
    "referrals_iopcreferral": [
        "id",
        "created_at",
        "updated_at",
        "case_id",
        "factors",
        "mandatory",
        "referred_on",
        "referred_by_id",
        "status",
        "decided_on",
        "mode",
    ],
    "referrals_modedecision": [
        "id",
        "created_at",
        "updated_at",
        "referral_id",
        "mode",
        "decided_on",
        "decided_by_id",
        "rationale",
    ],
    "referrals_investigation": [
        "id",
        "created_at",
        "updated_at",
        "case_id",
        "investigating_body",
        "investigator_name",
        "investigator_id",
        "terms_of_reference",
        "opened_on",
        "status",
    ],
    "referrals_notice": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "title",
        "served_on",
        "served_by_id",
        "severity",
        "content",
    ],
    "referrals_noticeresponse": [
        "id",
        "created_at",
        "updated_at",
        "notice_id",
        "kind",
        "received_on",
        "content",
    ],
    "referrals_investigationreport": [
        "id",
        "created_at",
        "updated_at",
        "investigation_id",
        "submitted_on",
        "submitted_by_id",
        "summary",
    ],
    "referrals_reportopinion": ["id", "report_id", "subject_id", "opinion"],
    "referrals_determination": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "body",
        "decided_by_id",
        "decided_on",
        "results",
        "rationale",
    ],
    "referrals_suspension": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "kind",
        "started_on",
        "ended_on",
        "reason",
    ],
    "referrals_criminalproceedings": [
        "id",
        "created_at",
        "updated_at",
        "case_id",
        "subject_id",
        "reference",
        "court",
        "started_on",
        "arrested_on",
        "arrest_location",
        "arrest_notes",
        "pre_charge_release",
        "released_on",
        "bail_return_on",
        "bail_conditions",
        "status",
        "ended_on",
        "created_by_id",
    ],
    "referrals_deadline": [
        "id",
        "created_at",
        "updated_at",
        "case_id",
        "subject_id",
        "rule_id",
        "key",
        "title",
        "anchor_event",
        "anchor_on",
        "period",
        "due_on",
        "earliest_on",
        "acting_party",
        "owner_id",
        "check_local_policy",
        "status",
        "met_on",
        "met_late",
        "paused_on",
        "paused_working_days",
    ],
    "referrals_deadlineevent": [
        "id",
        "deadline_id",
        "kind",
        "occurred_at",
        "actor_id",
        "old_due_on",
        "new_due_on",
        "reason",
    ],
    "hearings_proceeding": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "form",
        "status",
        "referred_on",
        "referred_by_id",
        "final_written_warning_in_force",
        "previously_reduced_in_rank",
        "separate_incidents",
        "special_conditions_certified_on",
        "special_conditions_certified_by",
        "former_officer",
        "former_officer_condition",
        "condition_c_determined_on",
        "is_public",
        "scheduled_for",
        "papers_to_chair_on",
        "pre_hearing_on",
        "held_on",
        "withdrawn_on",
        "returned_on",
        "response_received_on",
        "accepts_conduct",
        "subject_account",
    ],
    "hearings_referralnotice": [
        "id",
        "created_at",
        "updated_at",
        "proceeding_id",
        "title",
        "served_on",
        "served_by_id",
        "content",
    ],
    "hearings_finding": [
        "id",
        "created_at",
        "updated_at",
        "proceeding_id",
        "allegation_id",
        "result",
        "recorded_on",
        "recorded_by_id",
        "is_current",
        "appeal_id",
    ],
    "hearings_outcome": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "proceeding_id",
        "kind",
        "decided_on",
        "decided_by_id",
        "reasons",
        "report_received_on",
        "report_given_on",
        "is_current",
        "superseded_by_id",
        "appeal_id",
    ],
    "hearings_appeal": [
        "id",
        "created_at",
        "updated_at",
        "subject_id",
        "outcome_id",
        "kind",
        "status",
        "lodged_on",
        "notice_received_on",
        "grounds",
        "decided_on",
        "decision_reasons",
        "recorded_by_id",
    ],
    "hearings_listreport": [
        "id",
        "created_at",
        "updated_at",
        "kind",
        "status",
        "person_id",
        "subject_id",
        "case_id",
        "relevant_authority_id",
        "event_on",
        "review_eligible_on",
        "content",
        "previous_report_id",
        "superseded_by_id",
        "idempotency_key",
        "attempts",
        "last_attempt_at",
        "sent_at",
        "channel",
        "response_status",
        "response_excerpt",
        "last_error",
    ],
    "conduct_auditevent": [
        "id",
        "occurred_at",
        "actor_id",
        "action",
        "object_type",
        "object_id",
        "case_id",
        "old_values",
        "new_values",
        "rationale",
    ],
}

#: Columns holding JSON (written as text, cast by PostgreSQL).
JSON_COLUMNS = frozenset({"old_values", "new_values", "results", "content"})
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
ID_BLOCK = 5000


def _text(value: Any, *, is_json: bool) -> str:  # noqa: PLR0911 - one per type
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if is_json:
        return json.dumps(value, sort_keys=True).translate(_ESCAPES)
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.date | dt.datetime | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return "{" + ",".join(str(item) for item in value) + "}"
    return str(value).translate(_ESCAPES)


def skip_row_history() -> None:
    """Switch off, for this transaction, the pghistory insert triggers on the
    tables written (pgtrigger's own ``pgtrigger.ignore`` setting): each costs
    about half a millisecond a row, the bulk of a load. Generated rows then
    have no row-history snapshot; the audit trail is their record."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(tgname::text) FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE 'pgtrigger_insert_insert_%%' "
            "AND tgrelid::regclass::text = ANY(%s)",
            [list(COLUMNS)],
        )
        names = cursor.fetchone()[0] or []
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)",
            ["{" + ",".join(names) + "}"],
        )


class Ids:
    """Primary keys drawn from each table's own sequence, a block at a time,
    so rows can refer to each other before they are written."""

    def __init__(self) -> None:
        self._free: dict[str, Iterator[int]] = {}

    def next(self, table: str) -> int:
        while True:
            block = self._free.get(table)
            if block is not None:
                value = next(block, None)
                if value is not None:
                    return value
            self._free[table] = iter(self._reserve(table))

    @staticmethod
    def _reserve(table: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [table, ID_BLOCK],
            )
            return [row[0] for row in cursor.fetchall()]


class Rows:
    """Rows waiting to be written, per table; ``flush`` COPYs them all."""

    def __init__(self, ids: Ids) -> None:
        self.ids = ids
        self._rows: dict[str, list[Sequence[Any]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)

    def add(self, table: str, **values: Any) -> int:
        """Queue one row (``id`` is drawn when not given); return its id."""
        if "id" not in values:
            values["id"] = self.ids.next(table)
        columns = COLUMNS[table]
        if len(values) != len(columns):
            missing = set(columns) ^ set(values)
            raise ValueError(f"{table}: columns do not match: {sorted(missing)}")
        self._rows[table].append(tuple(values[column] for column in columns))
        return int(values["id"])

    def flush(self) -> None:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table, rows in self._rows.items():
                if not rows:
                    continue
                columns = COLUMNS[table]
                flags = [column in JSON_COLUMNS for column in columns]
                buffer = io.StringIO()
                for row in rows:
                    buffer.write(
                        "\t".join(
                            _text(value, is_json=flag)
                            for value, flag in zip(row, flags, strict=True)
                        )
                    )
                    buffer.write("\n")
                buffer.seek(0)
                raw.copy_expert(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer
                )
                self.counts[table] += len(rows)
                rows.clear()
