"""Who sees which case: force scoping, IOPC referral, restriction, read-only roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from conduct.exceptions import NotPermitted
from conduct.models import Force, Role, User
from conduct.services.people import apply_employment_event
from referrals.models import Case, Subject
from referrals.permissions import visible_case_ids, visible_cases, visible_subjects_of
from referrals.selectors.cases import case_get, case_list
from referrals.services.cases import case_restrict
from referrals.services.iopc import referral_make
from tests.builders import Build
from tests.factories.conduct import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(on=dt.date(2024, 3, 1))


def test_psd_users_see_their_forces_cases_only(
    case: Case, caseworker: User, outsider: User, manager: User
) -> None:
    assert list(case_list(user=caseworker)) == [case]
    assert list(case_list(user=manager)) == [case]
    assert list(case_list(user=outsider)) == []
    with pytest.raises(Http404):
        case_get(user=outsider, case_id=case.pk)


def test_iopc_users_see_only_referred_cases(
    case: Case, caseworker: User, iopc_investigator: User
) -> None:
    assert list(case_list(user=iopc_investigator)) == []
    referral_make(
        actor=caseworker,
        case=case,
        factors=["serious_assault"],
        referred_on=dt.date(2024, 3, 2),
    )
    assert case_get(user=iopc_investigator, case_id=case.pk) == case


def test_administrators_see_no_case_content(case: Case, administrator: User) -> None:
    assert list(case_list(user=administrator)) == []


def test_a_restricted_case_is_visible_only_to_named_users(
    case: Case, caseworker: User, supervisor: User
) -> None:
    case_restrict(
        actor=supervisor, case=case, restricted=True, users=[], rationale="Sensitive."
    )
    assert list(case_list(user=caseworker)) == []
    assert list(case_list(user=supervisor)) == [case]


def test_only_a_supervisor_restricts_a_case(case: Case, caseworker: User) -> None:
    with pytest.raises(NotPermitted):
        case_restrict(
            actor=caseworker, case=case, restricted=True, users=[], rationale="x"
        )


def test_the_new_appropriate_authority_sees_a_transferred_subjects_case(
    build: Build, case: Case, met: Force
) -> None:
    met_caseworker = UserFactory.create(role=Role.PSD_CASEWORKER, forces=[met])
    subject = build.recorded(case, allegations=0)
    assert list(case_list(user=met_caseworker)) == []
    _, new_role = apply_employment_event(
        role=subject.role,
        kind="transferred",
        occurred_on=dt.date(2024, 4, 1),
        to_force=met,
    )
    assert new_role is not None
    type(subject).objects.filter(pk=subject.pk).update(
        appropriate_authority=met, role=new_role
    )
    assert list(case_list(user=met_caseworker)) == [case]


def test_the_list_query_count_does_not_grow_with_rows(
    build: Build, caseworker: User, django_assert_max_num_queries: object
) -> None:
    for number in range(6):
        build.recorded(
            on=dt.date(2024, 1, 2),
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            allegations=0,
            role=build.role(identifier=str(number)),
        )
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        cases = list(case_list(user=caseworker))
        names = [
            s.person.full_name for c in cases for s in getattr(c, "listed_subjects", [])
        ]
    assert len(cases) == 6
    assert len(names) == 6


def test_the_ids_of_a_scope_are_the_ids_of_its_cases(
    *,
    build: Build,
    caseworker: User,
    supervisor: User,
    manager: User,
    outsider: User,
    iopc_investigator: User,
    administrator: User,
    met: Force,
    nottinghamshire: Force,
) -> None:
    """``visible_case_ids`` (read without the case table, for counting) and
    ``visible_cases`` agree for every persona and force choice: a restricted
    case the user is not named on, one they are, a referred case and a
    transferred subject's case (now also the Met's)."""
    hidden, named, referred, moved = (
        build.case(on=dt.date(2024, 3, day), reference=f"NH/S/{day}")
        for day in (1, 2, 3, 4)
    )
    for case in (hidden, named, referred):
        build.recorded(case, allegations=0)
    for restricted, users in ((hidden, []), (named, [caseworker, iopc_investigator])):
        case_restrict(
            actor=supervisor,
            case=restricted,
            restricted=True,
            users=users,
            rationale="Sensitive.",
        )
    for case in (referred, named):
        referral_make(
            actor=supervisor,
            case=case,
            factors=["serious_assault"],
            referred_on=dt.date(2024, 3, 5),
        )
    subject = build.recorded(moved, allegations=0)
    type(subject).objects.filter(pk=subject.pk).update(appropriate_authority=met)
    met_caseworker = UserFactory.create(role=Role.PSD_CASEWORKER, forces=[met])
    people = (
        caseworker,
        supervisor,
        manager,
        outsider,
        iopc_investigator,
        administrator,
        met_caseworker,
    )
    choices = (
        None,
        [met.pk],
        [nottinghamshire.pk],
        [met.pk, caseworker_force(caseworker)],
    )
    for user in people:
        for forces in choices:
            ids = set(
                visible_case_ids(user, forces=forces).values_list("case_id", flat=True)
            )
            cases = set(visible_cases(user, forces=forces).values_list("pk", flat=True))
            assert ids == cases, (user.username, forces)
    assert set(visible_case_ids(caseworker).values_list("case_id", flat=True)) == {
        named.pk,
        referred.pk,
        moved.pk,
    }
    # The subjects a force is the appropriate authority for, on cases the
    # user may see: the same without the semi-join on the cases.
    for user in people:
        for force in (caseworker_force(caseworker), met.pk, nottinghamshire.pk):
            expected = Subject.objects.filter(
                appropriate_authority_id=force, case__in=visible_cases(user)
            )
            assert set(visible_subjects_of(user, force)) == set(expected), (
                user.username,
                force,
            )


def caseworker_force(user: User) -> int:
    force_id: int = user.memberships.values_list("force_id", flat=True)[0]
    return force_id
