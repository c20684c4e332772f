"""What every state of the builder shares: the force, the personas who act,
the calendar, new people, and fresh copies of what a service returned."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any, Self

from conduct.models import Force, Person, PersonRole, User
from hearings.models import Proceeding
from referrals.models import Case, Subject
from tests.builders.timeline import TIMELINE, Timeline
from tests.factories.people import make_person_with_role

#: Case references and people's names are unique across the test run (a
#: compatibility alias makes a builder for one call only).
numbers = itertools.count(1)


def nothing_more(state: str, earlier: dict[str, Any]) -> None:
    """A state continued from an object builds nothing before it."""
    if earlier:
        raise TypeError(f"{state}() from an existing object takes no {sorted(earlier)}")


class BuildBase:
    """Cases for one force, made through the services by the personas
    ``persona`` names, on ``timeline``."""

    def __init__(
        self,
        *,
        force: Force,
        persona: Callable[[str], User],
        timeline: Timeline = TIMELINE,
    ) -> None:
        self.force = force
        self.timeline = timeline
        self._persona = persona

    @property
    def caseworker(self) -> User:
        return self._persona("caseworker")

    @property
    def supervisor(self) -> User:
        return self._persona("supervisor")

    @property
    def iopc_investigator(self) -> User:
        return self._persona("iopc_investigator")

    def starting_on(self, day: dt.date) -> Self:
        """This builder, its cases coming to attention on ``day``."""
        return type(self)(
            force=self.force,
            persona=self._persona,
            timeline=self.timeline.moved_to(day),
        )

    def dates(self, case: Case) -> Timeline:
        """The default dates of ``case``'s steps."""
        return self.timeline.moved_to(case.came_to_attention_on)

    def role(
        self,
        *,
        person: Person | None = None,
        force: Force | None = None,
        given_names: str | None = None,
        family_name: str = "Carter",
        kind: str = PersonRole.Kind.POLICE_OFFICER,
        rank: str = "Police Constable",
        identifier: str = "1234",
        started_on: dt.date = dt.date(2010, 9, 1),
        date_of_birth: dt.date | None = dt.date(1985, 3, 14),
    ) -> PersonRole:
        """A role in the force: of a new person, or another of ``person``."""
        _, role = make_person_with_role(
            force=force or self.force,
            person=person,
            given_names=given_names or f"Officer{next(numbers)}",
            family_name=family_name,
            kind=kind,
            rank=rank,
            identifier=identifier,
            started_on=started_on,
            date_of_birth=date_of_birth,
        )
        return role

    @staticmethod
    def fresh_subject(subject: Subject) -> Subject:
        return Subject.objects.select_related("case", "person", "role").get(
            pk=subject.pk
        )

    @staticmethod
    def fresh_proceeding(proceeding: Proceeding) -> Proceeding:
        return Proceeding.objects.select_related(
            "subject__case", "subject__person", "subject__role"
        ).get(pk=proceeding.pk)
