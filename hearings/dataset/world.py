"""What every generated case draws on: the forces and their sizes, the
Standards, the deadline rules and the calendar, the actors, and the people
earlier cases of the run were about. hearings.dataset.writer writes a case's
rows."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from conduct.models import DeadlineRule, Force, NonWorkingDay, Standard
from hearings.dataset.loader import Rows

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
class Known:
    """Someone who was a subject of a case the run has closed and still
    serves in the role they held: they may be a subject again."""

    person_id: int
    given_names: str
    family_name: str
    #: The role's row, written once the person leaves the pool.
    role: dict[str, Any]
    #: The day the earlier case closed.
    free_from: dt.date


class PersonPool:
    """The people a later case may draw its subject from, per force: the
    most recent ``SIZE`` of each (a bounded memory whatever the run's size).
    Their role rows wait here, as a later case may end the role."""

    SIZE = 200

    def __init__(self) -> None:
        self._by_force: dict[int, deque[Known]] = defaultdict(deque)

    def take(self, force_id: int, came: dt.date, rng: random.Random) -> Known | None:
        """One of the force's people whose earlier case had closed before
        ``came`` (None if there is none), out of the pool."""
        pool = self._by_force[force_id]
        free = [index for index, known in enumerate(pool) if known.free_from < came]
        if not free:
            return None
        index = rng.choice(free)
        known = pool[index]
        del pool[index]
        return known

    def put(self, known: Known, rows: Rows) -> None:
        pool = self._by_force[known.role["force_id"]]
        pool.append(known)
        if len(pool) > self.SIZE:
            rows.add("conduct_personrole", **pool.popleft().role)

    def drain(self, rows: Rows) -> None:
        """Write the roles still waiting (the end of the run)."""
        for pool in self._by_force.values():
            while pool:
                rows.add("conduct_personrole", **pool.popleft().role)


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
    #: Force names by id (progress reports are addressed by them).
    force_names: dict[int, str] = field(default_factory=dict)
    #: How many days before its due date the daily sweep drafts a progress
    #: report (settings.PROGRESS_REPORT_DRAFT_DAYS).
    draft_days: int = 10
    #: People of earlier cases in the run who may come up again.
    people: PersonPool = field(default_factory=PersonPool)

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
        forces = list(Force.objects.order_by("code"))
        if force_codes:
            forces = [force for force in forces if force.code in force_codes]
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
            force_names={force.pk: force.name for force in forces},
            draft_days=settings.PROGRESS_REPORT_DRAFT_DAYS,
        )

    def force_code(self, force_id: int) -> str:
        return next(code for code, pk, _ in self.forces if pk == force_id)
