"""Fixtures for the browser pages: the reference cases, walked through the
services by the demo users, seen by the shared personas.

- caseworker (Northamptonshire) sees cases A and C, not B (Nottinghamshire).
- outsider (Nottinghamshire) sees case B only.
- iopc_investigator sees the cases referred to the IOPC (all three), and no
  case that was never referred.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.demo.users import load_demo_users
from conduct.models import Force, User
from hearings.demo.reference_cases import load_reference_cases
from referrals.models import Case
from referrals.services.cases import case_create

DEMO_PASSWORD = "demo-password-for-tests"


def load_reference_case_map() -> dict[str, Case]:
    """The demo users, then reference cases A, B and C by letter."""
    load_demo_users(DEMO_PASSWORD)
    cases = [case for case, _ in load_reference_cases()]
    return dict(zip("ABC", cases, strict=True))


@pytest.fixture
def reference_cases(db: None) -> dict[str, Case]:
    return load_reference_case_map()


@pytest.fixture
def unreferred_case(caseworker: User, northamptonshire: Force) -> Case:
    """A Northamptonshire case never referred to the IOPC."""
    return case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/LOCAL/2024/0001",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2024, 3, 4),
        summary="Rude to a colleague at a briefing.",
    )
