"""Shared steps of every service on a case (referrals' and hearings'): lock
the case, check it is open, and end with the case's new version and the
call's audit event (``case_changed``); and ``run_step``, the unit of work of
one lifecycle step that the browser and the API share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import OperationalError, models, transaction
from django.utils import timezone

from conduct.audit import AuditAction
from conduct.exceptions import ApplicationError, StaleVersion
from conduct.models import AuditEvent, User
from conduct.services.audit import audit_record
from referrals.models import Case, Deadline
from referrals.selectors.cases import deadline_last_id, deadlines_created_after

R = TypeVar("R")

DATE_IN_FUTURE = "{label} cannot be in the future."
DATE_BEFORE = (
    "{label} ({value:%d %b %Y}) cannot be before {other_label} ({other:%d %b %Y})."
)
RATIONALE_REQUIRED = "Give the rationale for this decision."
CASE_CLOSED = "The case is closed: reopen it first."
CONCURRENT_CHANGE = (
    "Someone else was changing this case or a related one at the same moment, "
    "so nothing was saved. Check the case and try again."
)
#: PostgreSQL's codes for a transaction that lost a race for rows: a deadlock,
#: a serialization failure and a lock that could not be taken.
CONTENTION_CODES = frozenset({"40P01", "40001", "55P03"})


@contextmanager
def refused_on_contention() -> Iterator[None]:
    """Turn a transaction that PostgreSQL ended because it lost a race for
    rows (two employment events for one person locking the same cases in
    different orders, say) into a refusal the user can act on, instead of a
    server error. Wrap the whole ``transaction.atomic`` block, so the work is
    rolled back before the refusal is raised."""
    try:
        yield
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) in CONTENTION_CODES:
            raise ApplicationError(CONCURRENT_CHANGE, rule="case.concurrent") from error
        raise


def lock_case(case: Case | int, *, expected_version: int | None = None) -> Case:
    """Lock the case row (the root of every change) and check the caller's version.

    Every service locks the case first, so changes to one case are serialised
    and always taken in the same order (no deadlocks between services).
    """
    case_id = case if isinstance(case, int) else case.pk
    locked = Case.objects.select_for_update().get(pk=case_id)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(current=locked.version, expected=expected_version)
    return locked


def check_case_open(case: Case) -> None:
    """Refuse a change to a closed case (reopening is its own step)."""
    if case.status != Case.Status.OPEN:
        raise ApplicationError(CASE_CLOSED, rule="case.closed")


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What a step returns: the service's result, the case after it and the
    deadlines it opened."""

    result: R
    case: Case
    deadlines_created: list[Deadline]


def run_step(
    case_id: int, *, expected_version: int | None, step: Callable[[Case], R]
) -> Outcome[R]:
    """Run ``step`` (one service call) under the case's row lock, at the
    version the client holds, and collect the deadlines it opened. A race
    PostgreSQL ends (a deadlock) is refused as ``case.concurrent``, with
    everything rolled back. The browser's step view and the API's steps both
    call it, so a step behaves the same whichever way it is taken."""
    with refused_on_contention(), transaction.atomic():
        case = lock_case(case_id, expected_version=expected_version)
        last_deadline = deadline_last_id(case=case)
        result = step(case)
        case.refresh_from_db(fields=["status", "version", "updated_at"])
        created = deadlines_created_after(case=case, after_id=last_deadline)
    return Outcome(result=result, case=case, deadlines_created=created)


def case_changed(
    case: Case,
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    rationale: str = "",
) -> AuditEvent:
    """The last step of every service that changed ``case``: a new version of
    the case (so a copy read before is refused as stale) and the call's one
    audit event, in the service's transaction."""
    touch_case(case)
    return audit_record(
        actor=actor,
        action=action,
        target=target,
        case_id=case.pk,
        old=old,
        new=new,
        rationale=rationale,
    )


def touch_case(case: Case) -> None:
    """Record that the case changed: a new version for stale-copy detection."""
    Case.objects.filter(pk=case.pk).update(
        version=models.F("version") + 1, updated_at=timezone.now()
    )
    case.refresh_from_db(fields=["version", "updated_at"])


def today() -> dt.date:
    return timezone.localdate()


def check_not_future(value: dt.date, label: str) -> None:
    if value > today():
        raise ApplicationError(DATE_IN_FUTURE.format(label=label), rule="date.future")


def check_not_before(
    value: dt.date, other: dt.date | None, label: str, other_label: str
) -> None:
    if other is not None and value < other:
        raise ApplicationError(
            DATE_BEFORE.format(
                label=label, value=value, other_label=other_label, other=other
            ),
            rule="date.order",
        )


def check_rationale(rationale: str) -> str:
    text = rationale.strip()
    if not text:
        raise ApplicationError(RATIONALE_REQUIRED, rule="decision.rationale")
    return text
