"""The data the fuzzed API acts on, loaded through the services.

The demo users, reference cases A, B and C (every stage, concluded), and a
Northamptonshire case just referred to the IOPC, so the early steps
(assessing severity, deciding the referral, opening an investigation) have
something to act on. The data is committed (the server is another process)
and wiped afterwards by ``reset_database``.
"""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.db import connection

from conduct.demo.users import load_demo_users
from conduct.models import Force, User
from hearings.demo.reference_cases import load_reference_cases
from referrals.models import Case
from tests.builders import Build

DEMO_PASSWORD = "fuzz-demo-password-not-secret"
FRESH_CASE_REFERENCE = "NH/FUZZ/0001"


def reset_database() -> None:
    """Empty every table and put back what migrating left (the same rows with
    the same ids), as a transactional test with serialized_rollback does."""
    name = str(connection.settings_dict["NAME"])
    assert name.startswith("test_"), f"refusing to empty {name}: not a test database"
    # Django's own copy, taken when it created the test database because the
    # tests are marked serialized_rollback.
    serialized = getattr(connection, "_test_serialized_contents", None)
    assert serialized, "mark the tests django_db(serialized_rollback=True)"
    call_command(
        "flush",
        interactive=False,
        verbosity=0,
        reset_sequences=False,
        inhibit_post_migrate=True,
    )
    connection.creation.deserialize_db_from_string(serialized)


def load_fuzz_data() -> None:
    load_demo_users(DEMO_PASSWORD)
    load_reference_cases()
    caseworker = User.objects.get(username="caseworker")
    build = Build(
        force=Force.objects.get(code="nhants"),
        persona={"caseworker": caseworker}.__getitem__,
    )
    subject = build.recorded(
        on=dt.date(2024, 3, 4),
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        reference=FRESH_CASE_REFERENCE,
        summary="A complaint of rudeness at a roadside stop.",
        role=build.role(given_names="Alex", family_name="Fuzz", identifier="NH9001"),
        allegation="Was rude to a member of the public.",
        standards=(3,),
    )
    build.referred_to_iopc(
        subject.case, factors=["voluntary"], referred_on=dt.date(2024, 3, 5)
    )
