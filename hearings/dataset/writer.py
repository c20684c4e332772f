"""The writer every stage of a generated case shares: its audit events in
time order, its clocks (as ``deadline_open`` opens them), rows held back
until the case is done; and the random draws every stage makes. They follow
the services' shapes (conduct.services.audit.audit_record,
referrals.services.clocks)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from conduct.audit import AuditAction
from conduct.deadlines import compute_due
from hearings.dataset.loader import Rows
from hearings.dataset.world import Actors, World
from referrals.models import Deadline, DeadlineEvent

LONDON = ZoneInfo("Europe/London")


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """One of ``weighted``'s items, by weight."""
    return rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]


def later(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    """A day ``low`` to ``high`` days after ``day``."""
    return day + dt.timedelta(days=rng.randint(low, high))


class CaseWriter:
    """The rows of one case: its audit events in time order, its clocks."""

    def __init__(
        self, world: World, rows: Rows, rng: random.Random, *, force_code: str
    ) -> None:
        self.world = world
        self.rows = rows
        self.rng = rng
        self.actors = world.actors.get(force_code, Actors())
        self.case_id = 0
        self.regime = ""
        self.owner: int | None = None
        self.case_anchor = world.today
        self.schedule_3 = True
        self._held: list[tuple[str, dict[str, Any]]] = []
        self._tick = 0

    def done(self, on: dt.date | None) -> bool:
        """Whether an event on ``on`` has happened by the run's today."""
        return on is not None and on <= self.world.today

    def at(self, on: dt.date) -> dt.datetime:
        """A time on ``on`` keeping the case's events in the order written."""
        self._tick += 1
        return dt.datetime.combine(on, dt.time(9), LONDON) + dt.timedelta(
            minutes=self._tick
        )

    def audit(
        self,
        action: AuditAction,
        *,
        target: str,
        target_id: int,
        on: dt.date,
        actor: int | None = None,
        old: dict[str, Any] | None = None,
        new: dict[str, Any] | None = None,
        rationale: str = "",
    ) -> None:
        self.rows.add(
            "conduct_auditevent",
            occurred_at=self.at(on),
            actor_id=actor,
            action=action.value,
            object_type=target,
            object_id=str(target_id),
            case_id=self.case_id,
            old_values=_plain(old or {}),
            new_values=_plain(new or {}),
            rationale=rationale,
        )

    def due_on(self, code: str, anchor_on: dt.date, period: int = 1) -> dt.date | None:
        """The due date ``clock`` would give, without writing anything."""
        rule = self.world.rules.get((self.regime, code))
        if rule is None:
            return None
        return compute_due(
            rule, anchor_on, self.world.non_working_days, period=period
        ).due_on

    def clock(
        self,
        code: str,
        *,
        anchor_event: str,
        anchor_on: dt.date,
        subject_id: int | None = None,
        key_extra: str = "",
        period: int = 1,
        met_on: dt.date | None = None,
        cancelled_on: dt.date | None = None,
        reason: str = "",
        opened_on: dt.date | None = None,
    ) -> int | None:
        """A clock as ``deadline_open`` opens it (None when the regime has no
        such active rule), on ``opened_on`` (default its anchor), then met or
        cancelled when that happened by today, or marked missed by the night's
        sweep once its due date passed. Returns the deadline's id."""
        rule = self.world.rules.get((self.regime, code))
        if rule is None or not self.done(anchor_on):
            return None
        due = compute_due(rule, anchor_on, self.world.non_working_days, period=period)
        key = ":".join(
            part
            for part in (code, str(subject_id or ""), key_extra, str(period))
            if part
        )
        today = self.world.today
        ends_on = next((day for day in (met_on, cancelled_on) if self.done(day)), None)
        missed = due.due_on < (ends_on or today)
        status = Deadline.Status.MISSED if missed else Deadline.Status.OPEN
        if self.done(met_on):
            status = Deadline.Status.MET
        elif self.done(cancelled_on):
            status = Deadline.Status.CANCELLED
        opened_at = self.at(opened_on or anchor_on)
        deadline_id = self.rows.add(
            "referrals_deadline",
            created_at=opened_at,
            updated_at=opened_at,
            case_id=self.case_id,
            subject_id=subject_id,
            rule_id=rule.pk,
            key=key,
            title=rule.title,
            anchor_event=anchor_event,
            anchor_on=anchor_on,
            period=period,
            due_on=due.due_on,
            earliest_on=due.earliest_on,
            acting_party=rule.who_acts,
            owner_id=self.owner,
            check_local_policy=not rule.verified,
            status=status,
            met_on=met_on if status == Deadline.Status.MET else None,
            met_late=status == Deadline.Status.MET
            and met_on is not None
            and met_on > due.due_on,
            paused_on=None,
            paused_working_days=0,
        )
        self._event(deadline_id, DeadlineEvent.Kind.OPENED, opened_at, due.due_on)
        if missed:
            swept = due.due_on + dt.timedelta(days=1)
            self._event(
                deadline_id,
                DeadlineEvent.Kind.MISSED,
                self.at(swept),
                old_due_on=due.due_on,
            )
        if status in {Deadline.Status.MET, Deadline.Status.CANCELLED}:
            assert ends_on is not None
            self._event(
                deadline_id,
                DeadlineEvent.Kind(status),
                self.at(ends_on),
                reason=reason,
                old_due_on=due.due_on,
            )
        return deadline_id

    def _event(
        self,
        deadline_id: int,
        kind: str,
        at: dt.datetime,
        new_due_on: dt.date | None = None,
        *,
        reason: str = "",
        old_due_on: dt.date | None = None,
    ) -> None:
        self.rows.add(
            "referrals_deadlineevent",
            deadline_id=deadline_id,
            kind=kind,
            occurred_at=at,
            actor_id=None,
            old_due_on=old_due_on,
            new_due_on=new_due_on,
            reason=reason,
        )

    def hold(self, table: str, **values: Any) -> dict[str, Any]:
        """A row whose values may still change (a report superseded, a finding
        replaced on appeal): written when the case is finished."""
        values.setdefault("id", self.rows.ids.next(table))
        self._held.append((table, values))
        return values

    def finish(self) -> None:
        """Write the rows held back."""
        for table, values in self._held:
            self.rows.add(table, **values)
        self._held.clear()


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in values.items()
    }
