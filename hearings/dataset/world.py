"""What every generated case draws on: the forces and their sizes, the
Standards, the deadline rules and the calendar, the actors; and the writers
every stage shares (an audit event, a clock), which follow the services'
shapes (conduct.services.audit.audit_record, referrals.services.clocks)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from conduct.audit import AuditAction
from conduct.deadlines import compute_due
from conduct.models import DeadlineRule, Force, NonWorkingDay, Standard
from hearings.dataset.loader import Rows
from referrals.models import Deadline, DeadlineEvent

LONDON = ZoneInfo("Europe/London")

#: Rough officer strength in thousands (Home Office workforce tables): a
#: force's share of the cases. Forces not named weigh 1.5.
FORCE_WEIGHTS: dict[str, float] = {
    "met": 34.0, "gmp": 8.0, "wmids": 7.5, "wyorks": 6.0, "tvp": 4.9,
    "mersey": 4.0, "kent": 4.0, "northumb": 3.7, "devcorn": 3.7, "essex": 3.6,
    "hants": 3.5, "swales": 3.4, "lancs": 3.3, "avsom": 3.2, "btp": 3.2,
    "syorks": 3.0, "sussex": 3.0, "notts": 2.4, "wmercia": 2.4, "leics": 2.3,
    "cheshire": 2.3, "herts": 2.2, "surrey": 2.2, "humber": 2.2, "derbys": 2.0,
    "staffs": 1.9, "norfolk": 1.8, "cambs": 1.7, "nyorks": 1.6, "nwales": 1.6,
    "clev": 1.5, "gwent": 1.5, "nhants": 1.4, "beds": 1.4, "suffolk": 1.4,
    "dorset": 1.4, "durham": 1.3, "glos": 1.3, "cumbria": 1.3, "dyfpow": 1.3,
    "lincs": 1.2, "wilts": 1.1, "warks": 1.0, "cityldn": 1.0,
}  # fmt: skip


@dataclass(frozen=True)
class Actors:
    """Who acts for a force (None: an operator command, as the national
    dataset is written) and for the IOPC."""

    caseworker: int | None = None
    supervisor: int | None = None
    iopc_investigator: int | None = None
    iopc_supervisor: int | None = None


@dataclass
class World:
    """The reference data a run reads once, and the run's settings."""

    today: dt.date
    prefix: str
    forces: list[tuple[str, int, float]]
    standards: list[int]
    rules: dict[tuple[str, str], DeadlineRule]
    non_working_days: frozenset[dt.date]
    actors: dict[str, Actors] = field(default_factory=dict)
    first_day: dt.date = dt.date(2015, 4, 1)
    #: How strongly cases crowd towards today (1: evenly over the years).
    recency: float = 1.6

    @classmethod
    def load(
        cls,
        *,
        today: dt.date,
        prefix: str,
        force_codes: list[str] | None = None,
        actors: dict[str, Actors] | None = None,
        first_day: dt.date | None = None,
        equal_shares: bool = False,
        recency: float = 1.6,
    ) -> World:
        forces = Force.objects.order_by("code")
        if force_codes:
            forces = forces.filter(code__in=force_codes)
        return cls(
            today=today,
            prefix=prefix,
            forces=[
                (
                    force.code,
                    force.pk,
                    1.0 if equal_shares else FORCE_WEIGHTS.get(force.code, 1.5),
                )
                for force in forces
            ],
            standards=list(
                Standard.objects.order_by("number").values_list("pk", flat=True)
            ),
            rules={
                (rule.regime, rule.code): rule
                for rule in DeadlineRule.objects.filter(is_active=True)
            },
            non_working_days=frozenset(
                NonWorkingDay.objects.values_list("date", flat=True)
            ),
            actors=actors or {},
            first_day=first_day or dt.date(2015, 4, 1),
            recency=recency,
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
    ) -> dt.date | None:
        """A clock as ``deadline_open`` opens it (None when the regime has no
        such active rule), then met or cancelled when that happened by today,
        or marked missed by the night's sweep once its due date passed.
        Returns the due date."""
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
        opened_at = self.at(anchor_on)
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
        return due.due_on

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


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in values.items()
    }
