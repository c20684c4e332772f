"""Streaming generated rows into PostgreSQL: ids from each table's sequence,
rows buffered per table and written with COPY, one batch at a time.

COPY fires the tables' row triggers like any insert: pghistory records each
tracked row's insertion as the services' writes would, and the audit trail's
append-only trigger (UPDATE and DELETE only) does not object. Foreign keys
are deferred to the end of the transaction (Django creates them DEFERRABLE
INITIALLY DEFERRED), so tables are written in any order.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.postgres.fields import ArrayField
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
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_ARRAY_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"'})
ID_BLOCK = 5000


def _escaped(value: Any) -> str:
    return str(value).translate(_ESCAPES)


def _json(value: Any) -> str:
    """JSON as text, cast by PostgreSQL."""
    return json.dumps(value, sort_keys=True).translate(_ESCAPES)


def _boolean(value: Any) -> str:
    return "t" if value else "f"


def _array(value: Any) -> str:
    """An array literal with each element quoted: names hold spaces and
    commas."""
    items = ('"' + str(item).translate(_ARRAY_ESCAPES) + '"' for item in value)
    return ("{" + ",".join(items) + "}").translate(_ESCAPES)


def _writer(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    """How a column's values (other than NULL) are written in COPY's text
    format, chosen once per column rather than per value: text is escaped,
    numbers, dates, times and UUIDs have nothing to escape."""
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.BooleanField):
        return _boolean
    if isinstance(field, ArrayField):
        return _array
    if isinstance(field, models.CharField | models.TextField):
        return _escaped
    return str


#: Each table's column writers, in COPY order.
WRITERS: dict[str, list[Callable[[Any], str]]] = {
    model._meta.db_table: [
        _writer(field) for field in model._meta.concrete_fields if field.column
    ]
    for model in MODELS
}


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
                writers = WRITERS[table]
                buffer = io.StringIO()
                for row in rows:
                    buffer.write(
                        "\t".join(
                            [
                                "\\N" if value is None else write(value)
                                for value, write in zip(row, writers, strict=True)
                            ]
                        )
                    )
                    buffer.write("\n")
                buffer.seek(0)
                raw.copy_expert(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer
                )
                self.counts[table] += len(rows)
                rows.clear()
