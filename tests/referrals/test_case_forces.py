"""The forces each case belongs to (``CaseForce``), kept by triggers: the
recording force and every subject's appropriate authority, through
transfers, deletions and bulk writes, so that visibility and the force
filter can read them with one index scan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from conduct.models import Force, User
from hearings.services.employment import employment_event_record
from referrals.models import Case, CaseForce, Subject
from referrals.permissions import visible_cases
from tests.builders import Build
from tests.referrals.views.conftest import load_reference_case_map

pytestmark = pytest.mark.django_db


def forces_of(case: Case) -> set[str]:
    return set(
        Force.objects.filter(
            pk__in=CaseForce.objects.filter(case=case).values("force_id")
        ).values_list("code", flat=True)
    )


def derived() -> set[tuple[int, int]]:
    """The same rows worked out from the cases and subjects directly."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT force_id, id FROM referrals_case"
            " UNION SELECT appropriate_authority_id, case_id FROM referrals_subject"
        )
        return set(cursor.fetchall())


def kept() -> set[tuple[int, int]]:
    return set(CaseForce.objects.values_list("force_id", "case_id"))


def test_a_case_belongs_to_its_recording_force(build: Build) -> None:
    case = build.case()
    assert forces_of(case) == {case.force.code}


def test_a_transfer_adds_the_new_force_and_a_move_back_removes_it(
    build: Build,
    supervisor: User,
    met_supervisor: User,
    met: Force,
    caseworker: User,
) -> None:
    subject = build.case_to_answer()
    case = subject.case
    home = case.force
    employment_event_record(
        actor=supervisor,
        role=subject.role,
        kind="transferred",
        occurred_on=dt.date(2023, 6, 20),
        to_force=met,
        new_identifier="MP4321",
    )
    assert forces_of(case) == {home.code, met.code}
    # Both forces' users now see it: the new authority and the recorder.
    assert visible_cases(met_supervisor).filter(pk=case.pk).exists()
    assert visible_cases(caseworker).filter(pk=case.pk).exists()
    Subject.objects.filter(pk=subject.pk).update(appropriate_authority=home)
    assert forces_of(case) == {home.code}
    assert not visible_cases(met_supervisor).filter(pk=case.pk).exists()


def test_a_case_moved_to_another_force_leaves_no_stale_row(
    build: Build, met: Force
) -> None:
    case = build.case()
    Case.objects.filter(pk=case.pk).update(force=met)
    assert forces_of(case) == {met.code}


def test_deleting_subjects_and_cases_removes_their_rows(
    build: Build, met: Force
) -> None:
    subject = build.assessed()
    case = subject.case
    Subject.objects.filter(pk=subject.pk).update(appropriate_authority=met)
    assert forces_of(case) == {case.force.code, met.code}
    Subject.objects.filter(pk=subject.pk).delete()
    assert forces_of(case) == {case.force.code}
    Case.objects.filter(pk=case.pk).delete()
    assert not CaseForce.objects.filter(case_id=case.pk).exists()


def test_a_bulk_write_is_kept_like_one_row(build: Build, met: Force) -> None:
    """A statement-level trigger: a bulk insert (as the dataset generator's
    COPY) refreshes every case it touched."""
    subjects = [build.assessed(), build.assessed()]
    for subject in subjects:
        Subject.objects.filter(pk=subject.pk).delete()
    Subject.objects.bulk_create(
        Subject(
            case=subject.case,
            person=subject.person,
            role=subject.role,
            appropriate_authority=met,
        )
        for subject in subjects
    )
    assert kept() == derived()
    assert all(met.code in forces_of(subject.case) for subject in subjects)


def test_the_reference_cases_are_kept_exactly() -> None:
    """Case C moves its subject to another force mid-way."""
    cases = load_reference_case_map()
    assert kept() == derived()
    assert len(forces_of(cases["C"])) == 2


def test_the_case_filters_scope_the_cases_even_without_data(
    build: Build, met_supervisor: User
) -> None:
    """The filterset applies the user's scope itself: built without a query
    string it still lists only the cases the user may see."""
    from referrals.filters import CaseFilterSet

    build.case()
    assert not CaseFilterSet(queryset=Case.objects.all(), user=met_supervisor).qs
