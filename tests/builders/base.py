"""What every state of the builder shares: the force, the personas who act,
the calendar, new people, and fresh copies of what a service returned."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any, Self, Unpack

from conduct.models import Force, PersonRole, User
from hearings.models import Proceeding
from referrals.models import Case, Subject
from tests.builders.timeline import TIMELINE, Timeline
from tests.factories.people import RoleDetails, make_person_with_role

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
        force: Force | None = None,
        given_names: str | None = None,
        **details: Unpack[RoleDetails],
    ) -> PersonRole:
        """A role in the force: of a new person, or another of ``person``
        (the details and their defaults are ``make_person_with_role``'s)."""
        _, role = make_person_with_role(
            force=force or self.force,
            given_names=given_names or f"Officer{next(numbers)}",
            **details,
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
