"""Fixtures for the browser pages: the reference cases, walked through the
services by the demo users, seen by the shared personas.

- caseworker (Northamptonshire) sees cases A and C, not B (Nottinghamshire).
- outsider (Nottinghamshire) sees case B only.
- iopc_investigator sees the cases referred to the IOPC (all three), and no
  case that was never referred.

For the step pages, ``build`` (tests/builders) makes small cases in the
states each step needs, through the real services (not the reference cases,
to keep the suite fast), coming to attention on 4 March 2024. The helpers
those tests share are in helpers.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.demo.users import load_demo_users
from hearings.demo.reference_cases import load_reference_cases
from referrals.models import Case
from tests.builders import Build

DEMO_PASSWORD = "demo-password-for-tests"
CAME_TO_ATTENTION = dt.date(2024, 3, 4)


def load_reference_case_map() -> dict[str, Case]:
    """The demo users, then reference cases A, B and C by letter."""
    load_demo_users(DEMO_PASSWORD)
    cases = [case for case, _ in load_reference_cases()]
    return dict(zip("ABC", cases, strict=True))


@pytest.fixture
def reference_cases(db: None) -> dict[str, Case]:
    return load_reference_case_map()


@pytest.fixture
def build(build: Build) -> Build:
    """The step forms post dates in March 2024: these cases come to attention
    on Monday 4 March 2024, and every later step moves with them."""
    return build.starting_on(CAME_TO_ATTENTION)


@pytest.fixture
def unreferred_case(build: Build) -> Case:
    """A Northamptonshire case never referred to the IOPC."""
    return build.case(
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary="Rude to a colleague at a briefing.",
    )
