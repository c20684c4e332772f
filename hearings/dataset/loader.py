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

from django.db import connection, models

from conduct.models import AuditEvent, EmploymentEvent, Person, PersonRole
from hearings.models import (
    Appeal,
    Finding,
    ListReport,
    Outcome,
    Proceeding,
    ReferralNotice,
)
from referrals.models import (
    Allegation,
    Case,
    CaseParty,
    Charge,
    CriminalProceedings,
    Deadline,
    DeadlineEvent,
    Determination,
    Investigation,
    InvestigationReport,
    IOPCReferral,
    ModeDecision,
    Notice,
    NoticeResponse,
    ProgressReport,
    ReportOpinion,
    SentenceComponent,
    SeverityAssessment,
    Subject,
    SubJudicePeriod,
    Suspension,
)

#: The models whose tables the generator writes (the M2M table of an
#: allegation's Standards included).
MODELS: tuple[type[models.Model], ...] = (
    Person, PersonRole, EmploymentEvent, Case, CaseParty, Subject, Allegation,
    Allegation.standards.through, SeverityAssessment, IOPCReferral, ModeDecision,
    Investigation, Notice, NoticeResponse, InvestigationReport, ReportOpinion,
    Determination, Suspension, CriminalProceedings, Charge, SentenceComponent,
    SubJudicePeriod, ProgressReport, Deadline, DeadlineEvent, Proceeding,
    ReferralNotice, Finding, Outcome, Appeal, ListReport, AuditEvent,
)  # fmt: skip


#: Columns of every table the generator writes, in COPY order: each model's
#: own, so a migration adding one shows here (``Rows.add`` then refuses rows
#: without it) rather than in a failed COPY.
COLUMNS: dict[str, list[str]] = {
    model._meta.db_table: [
        field.column for field in model._meta.concrete_fields if field.column
    ]
    for model in MODELS
}
#: Which of those columns hold JSON (written as text, cast by PostgreSQL).
JSON_FLAGS: dict[str, list[bool]] = {
    model._meta.db_table: [
        isinstance(field, models.JSONField)
        for field in model._meta.concrete_fields
        if field.column
    ]
    for model in MODELS
}
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_ARRAY_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"'})
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
        # An array literal with each element quoted: names hold spaces and
        # commas.
        items = ('"' + str(item).translate(_ARRAY_ESCAPES) + '"' for item in value)
        return ("{" + ",".join(items) + "}").translate(_ESCAPES)
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
                flags = JSON_FLAGS[table]
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
