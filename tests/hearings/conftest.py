"""Fixtures for the hearings tests: the compatibility aliases below. Cases
come from the ``build`` fixture (tests/builders); the personas, those of
other forces too, from tests/conftest.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from conduct.models import Force, User
from hearings.models import Proceeding
from referrals.models import Case, Subject
from tests.builders import GROSS, TIMELINE, Build

# Compatibility aliases for tests/hearings/api and tests/conduct/api, which
# this phase leaves alone: the old helpers' signatures and dates (assessed
# 12 Jan, reported 1 Jun, decided 15 Jun 2023; the supervisor acting
# throughout), made by the builder. Phase two moves those tests to ``build``
# and deletes these.
_OLD_WALK = dataclasses.replace(
    TIMELINE,
    assessed_on=dt.date(2023, 1, 12),
    reported_on=dt.date(2023, 6, 1),
    decided_on=dt.date(2023, 6, 15),
)


def _supervisor_builds(supervisor: User, force: Force) -> Build:
    return Build(force=force, persona=lambda _: supervisor, timeline=_OLD_WALK)


def subject_with_case_to_answer(
    *, supervisor: User, force: Force, results: Sequence[str] = (GROSS,)
) -> Subject:
    """Compatibility alias of ``build.case_to_answer`` (an internal matter)."""
    return _supervisor_builds(supervisor, force).case_to_answer(
        results=results, trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER
    )


def held_proceeding(
    *, supervisor: User, subject: Subject, form: str = "misconduct_hearing"
) -> Proceeding:
    """Compatibility alias of ``build.held``."""
    builder = _supervisor_builds(supervisor, subject.case.force)
    return builder.held(subject=subject, form=form)
