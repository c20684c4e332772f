"""The writer every stage of a generated case shares: its audit events in
time order, its clocks (as ``deadline_open`` opens them, paused and resumed
with the case's sub judice period), rows held back until the case is done;
and the random draws every stage makes. They follow the services' shapes
(conduct.services.audit.audit_record, referrals.services.clocks)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from conduct.audit import AuditAction
from conduct.calendar import shift_for_pause
from conduct.deadline_rules import DeadlineRuleCode
from conduct.deadlines import DueDates, compute_due
from hearings.dataset.loader import Rows
from hearings.dataset.world import Actors, World
from referrals.models import Deadline, DeadlineEvent
from referrals.services.clocks import deadline_key

LONDON = ZoneInfo("Europe/London")


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    """One of ``weighted``'s items, by weight."""
    return rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]


def later(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    """A day ``low`` to ``high`` days after ``day``."""
    return day + dt.timedelta(days=rng.randint(low, high))


@dataclass
class Pause:
    """A case's sub judice period (PCR r10(3)): misconduct proceedings stop
    on ``starts_on`` and resume on ``resumes_on`` (after the run's today: not
    yet). ``clocks`` counts the clocks it stopped, for its audit events."""

    starts_on: dt.date
    resumes_on: dt.date
    #: The supervisor who pauses and resumes (None: an operator command).
    actor: int | None = None
    clocks: int = 0

    def shift(self, day: dt.date) -> dt.date:
        """Where a step of the proceedings planned for ``day`` falls: no step
        is taken while they are paused, so from the pause on, each waits for
        as long as the pause lasts."""
        if day < self.starts_on:
            return day
        return day + (self.resumes_on - self.starts_on)

    def stops(
        self, opened_on: dt.date, ended_on: dt.date | None, today: dt.date
    ) -> bool:
        """Whether a clock opened on ``opened_on`` and met or cancelled on
        ``ended_on`` (None: not yet) was running when the pause began."""
        return opened_on < self.starts_on <= today and (
            ended_on is None or ended_on >= self.starts_on
        )

    def shift_clock(
        self,
        due_on: dt.date,
        earliest_on: dt.date | None,
        non_working_days: frozenset[dt.date],
    ) -> tuple[int, dt.date, dt.date | None]:
        """As the resumption moves a clock it stopped (``deadlines_resume``)."""
        return shift_for_pause(
            due_on,
            earliest_on,
            paused_on=self.starts_on,
            resumed_on=self.resumes_on,
            non_working_days=non_working_days,
        )


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
        #: The case's sub judice period, once the lifecycle decides on one.
        self.pause: Pause | None = None
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

    def due_dates(
        self, code: str, anchor_on: dt.date, period: int = 1, *, pausable: bool = False
    ) -> DueDates | None:
        """The dates ``clock`` would give, without writing anything; with
        ``pausable``, as the case's pause moves them once it ends, where the
        rule stops for criminal proceedings and the clock runs into it."""
        rule = self.world.rules.get((self.regime, code))
        if rule is None:
            return None
        dates = compute_due(rule, anchor_on, self.world.non_working_days, period=period)
        pause = self.pause
        if (
            not pausable
            or pause is None
            or not rule.paused_by_criminal_proceedings
            or not pause.stops(anchor_on, None, self.world.today)
        ):
            return dates
        _, due_on, earliest_on = pause.shift_clock(
            dates.due_on, dates.earliest_on, self.world.non_working_days
        )
        return DueDates(due_on, earliest_on=earliest_on)

    def due_on(self, code: str, anchor_on: dt.date, period: int = 1) -> dt.date | None:
        """The due date ``clock`` would give, without writing anything."""
        dates = self.due_dates(code, anchor_on, period)
        return None if dates is None else dates.due_on

    def clock(
        self,
        code: DeadlineRuleCode,
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
        such active rule), on ``opened_on`` (default its anchor); paused and
        resumed with the case's sub judice period where its rule stops for
        criminal proceedings; then met or cancelled when that happened by
        today, or marked missed by the night's sweep once its due date passed.
        Returns the deadline's id."""
        rule = self.world.rules.get((self.regime, code))
        if rule is None or not self.done(anchor_on):
            return None
        due = compute_due(rule, anchor_on, self.world.non_working_days, period=period)
        due_on, earliest_on = due.due_on, due.earliest_on
        key = deadline_key(
            code, subject_id=subject_id, key_extra=key_extra, period=period
        )
        ends_on = next((day for day in (met_on, cancelled_on) if self.done(day)), None)
        opened_at = self.at(opened_on or anchor_on)
        events: list[tuple[str, dt.datetime, dict[str, Any]]] = [
            (DeadlineEvent.Kind.OPENED, opened_at, {"new_due_on": due_on})
        ]
        pause = self.pause if rule.paused_by_criminal_proceedings else None
        if pause is not None and not pause.stops(anchor_on, ends_on, self.world.today):
            pause = None
        paused_days, resumed = 0, False
        if pause is not None:
            # Nothing happens to a clock while it is paused, and the Deadline
            # table has no move from missed to paused: the lifecycle puts the
            # pause after the clock opened and before it fell due.
            assert due_on >= pause.starts_on, (code, due_on, pause)
            assert ends_on is None or ends_on >= pause.resumes_on, (code, pause)
            pause.clocks += 1
            events.append(
                (
                    DeadlineEvent.Kind.PAUSED,
                    self.at(pause.starts_on),
                    {"old_due_on": due_on, "actor": pause.actor},
                )
            )
            resumed = self.done(pause.resumes_on)
            if resumed:
                old_due_on = due_on
                paused_days, due_on, earliest_on = pause.shift_clock(
                    due_on, earliest_on, self.world.non_working_days
                )
                events.append(
                    (
                        DeadlineEvent.Kind.RESUMED,
                        self.at(pause.resumes_on),
                        {
                            "old_due_on": old_due_on,
                            "new_due_on": due_on,
                            "actor": pause.actor,
                            "reason": f"{paused_days} working days paused for "
                            "criminal proceedings.",
                        },
                    )
                )
        today = self.world.today
        missed = due_on < (ends_on or today)
        status = Deadline.Status.MISSED if missed else Deadline.Status.OPEN
        if self.done(met_on):
            status = Deadline.Status.MET
        elif self.done(cancelled_on):
            status = Deadline.Status.CANCELLED
        paused_on = None
        if pause is not None and not resumed:
            status, missed, paused_on = Deadline.Status.PAUSED, False, pause.starts_on
        if missed:
            swept = due_on + dt.timedelta(days=1)
            events.append(
                (DeadlineEvent.Kind.MISSED, self.at(swept), {"old_due_on": due_on})
            )
        if status in {Deadline.Status.MET, Deadline.Status.CANCELLED}:
            assert ends_on is not None
            events.append(
                (
                    DeadlineEvent.Kind(status),
                    self.at(ends_on),
                    {"reason": reason, "old_due_on": due_on},
                )
            )
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
            due_on=due_on,
            earliest_on=earliest_on,
            acting_party=rule.who_acts,
            owner_id=self.owner,
            check_local_policy=not rule.verified,
            status=status,
            met_on=met_on if status == Deadline.Status.MET else None,
            met_late=status == Deadline.Status.MET
            and met_on is not None
            and met_on > due_on,
            paused_on=paused_on,
            paused_working_days=paused_days,
        )
        for kind, at, values in events:
            self.rows.add(
                "referrals_deadlineevent",
                deadline_id=deadline_id,
                kind=kind,
                occurred_at=at,
                actor_id=values.get("actor"),
                old_due_on=values.get("old_due_on"),
                new_due_on=values.get("new_due_on"),
                reason=values.get("reason", ""),
            )
        return deadline_id

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

    def actors_for(self, force_code: str) -> Actors:
        """Who acts for ``force_code`` (after a transfer, the new force)."""
        return self.world.actors.get(force_code, Actors())


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in values.items()
    }
