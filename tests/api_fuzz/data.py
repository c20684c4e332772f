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
from conduct.models import Force, Standard, User
from hearings.demo.reference_cases import load_reference_cases
from referrals.models import Case
from referrals.services.cases import allegation_add, case_create, subject_add
from referrals.services.iopc import referral_make
from tests.factories.people import make_person_with_role

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
    northamptonshire = Force.objects.get(code="nhants")
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference=FRESH_CASE_REFERENCE,
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        came_to_attention_on=dt.date(2024, 3, 4),
        complaint_made_on=dt.date(2024, 3, 4),
        summary="A complaint of rudeness at a roadside stop.",
    )
    person, role = make_person_with_role(
        force=northamptonshire,
        given_names="Alex",
        family_name="Fuzz",
        identifier="NH9001",
    )
    subject = subject_add(actor=caseworker, case=case, person=person, role=role)
    allegation_add(
        actor=caseworker,
        subject=subject,
        summary="Was rude to a member of the public.",
        standards=Standard.objects.filter(number=3),
    )
    referral_make(
        actor=caseworker,
        case=case,
        factors=["voluntary"],
        referred_on=dt.date(2024, 3, 5),
    )
