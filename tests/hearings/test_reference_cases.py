"""The three reference cases (domain.md section 9), end to end through the
services only. The walks are the demo data's (hearings/demo/reference_cases.py),
run here by the test personas; these tests check where each one ends."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import Force, Role, User
from hearings.demo.reference_cases import (
    DemoActors,
    load_case_a,
    load_case_b,
    load_case_c,
)
from hearings.models import (
    Finding,
    ListReport,
    PanelRole,
    Proceeding,
    ReferralNotice,
)
from hearings.selectors.proceedings import current_outcome_for
from referrals.models import Case, Notice, Subject
from tests.factories.conduct import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(
    *,
    caseworker: User,
    supervisor: User,
    iopc_investigator: User,
    outsider: User,
    notts_supervisor: User,
    met_supervisor: User,
) -> DemoActors:
    """The walks need only users with the right roles and forces."""
    return DemoActors(
        caseworker=caseworker,
        supervisor=supervisor,
        iopc_investigator=iopc_investigator,
        iopc_supervisor=UserFactory.create(role=Role.IOPC_SUPERVISOR),
        notts_caseworker=outsider,
        notts_supervisor=notts_supervisor,
        met_supervisor=met_supervisor,
    )


def test_case_a_special_constable_resigns_before_the_hearing(
    actors: DemoActors,
) -> None:
    """Police staff instructor who is also a special constable; arrested in
    Aug 2022; resigned both roles the day before the Oct 2022 hearing; found,
    as a former officer, that he would have been dismissed: advisory then
    barred list."""
    case = load_case_a(actors=actors)

    assert case.regime == "2020"
    subject = case.subjects.get()
    person = subject.person
    advisory = ListReport.objects.get(person=person, kind=ListReport.Kind.ADVISORY)
    assert advisory.event_on == dt.date(2022, 10, 12)
    assert advisory.content["status"] == "former_officer"
    assert advisory.content["rank"] == "Special Constable"
    assert advisory.content["identifier"] == "SC2042"
    assert advisory.content["form_of_proceedings"] == "Accelerated misconduct hearing"
    assert advisory.content["left_by"] == "resigned"
    # He resigned from the force: both roles ended, and only the second made
    # him cease to serve (PA96 s88I(1)(a)), so one advisory report.
    assert not person.roles.filter(ended_on__isnull=True).exists()
    proceeding = Proceeding.objects.get(subject=subject)
    assert proceeding.former_officer is True
    assert proceeding.former_officer_condition == "a"

    barred = ListReport.objects.get(person=person, kind=ListReport.Kind.BARRED)
    assert barred.content["status"] == "former_officer"
    assert barred.content["prior_advisory_report"] == {
        "id": advisory.pk,
        "date": "2022-10-12",
    }
    assert barred.previous_report == advisory
    assert barred.content["standards_breached"] == ["9. Discreditable Conduct"]
    assert advisory.superseded_by == barred
    assert subject.status == Subject.Status.CONCLUDED
    # The criminal track beside it: three counts, guilty pleas, sentenced.
    criminal = subject.criminal_proceedings.get()
    assert (criminal.status, criminal.ended_on) == ("concluded", dt.date(2022, 11, 17))
    assert [(c.plea, c.verdict) for c in criminal.charges.order_by("count_number")] == [
        ("guilty", "convicted")
    ] * 3
    assert sorted(criminal.sentence.values_list("kind", flat=True)) == [
        "concurrent_custody",
        "concurrent_custody",
        "custody",
        "notification",
        "shpo",
    ]


def test_case_b_accelerated_hearing_and_dismissal(
    actors: DemoActors, nottinghamshire: Force
) -> None:
    """APSP by an officer after an off-duty stop (Feb-May 2020); independent
    IOPC investigation from Dec 2020; dismissed without notice by the chief
    constable at an accelerated hearing in 2021; barred list report."""
    case = load_case_b(actors=actors)

    assert case.regime == "2020"
    subject = case.subjects.get()
    person = subject.person
    assert Notice.objects.get(subject=subject).title == "Regulation 17 notice"
    proceeding = Proceeding.objects.get(subject=subject)
    assert (
        ReferralNotice.objects.get(proceeding=proceeding).title
        == "Regulation 51 notice"
    )
    assert proceeding.status == Proceeding.Status.HELD
    assert proceeding.panel.get().role == PanelRole.CHIEF_OFFICER
    outcome = current_outcome_for(subject)
    assert outcome is not None
    assert outcome.kind == "dismissal_without_notice"
    barred = ListReport.objects.get(person=person)
    assert barred.kind == ListReport.Kind.BARRED
    assert barred.relevant_authority == nottinghamshire
    assert barred.event_on == outcome.decided_on
    assert barred.content["status"] == "officer"
    assert barred.content["identifier"] == "NT5521"
    assert barred.content["prior_advisory_report"] is None
    assert len(barred.content["standards_breached"]) == 3
    assert subject.status == Subject.Status.OUTCOME_DECIDED


def test_case_c_transfer_resignation_and_would_not_have_been_dismissed(
    actors: DemoActors, met: Force
) -> None:
    """2012 rules: complaint Nov 2016, independent investigation; DS and DI get
    management action; the DC transfers to the Met (new AA), resigns in Feb
    2018 and, at a late-2018 hearing before a legally qualified chair, would
    not have been dismissed: no barred list entry, advisory entry removed."""
    case = load_case_c(actors=actors)

    assert case.regime == "2012"
    officers = {
        subject.role.rank: subject
        for subject in case.subjects.select_related("role", "person")
    }
    dc = officers["Detective Constable"]
    # The transfer moved the appropriate authority, not the case.
    assert dc.appropriate_authority == met
    assert dc.case_id == case.pk
    assert Case.objects.filter(pk=case.pk).count() == 1

    advisory = ListReport.objects.get(person=dc.person, kind=ListReport.Kind.ADVISORY)
    assert advisory.relevant_authority == met
    assert advisory.content["force"] == "Metropolitan Police Service"
    assert advisory.content["identifier"] == "MP9090"
    assert advisory.content["form_of_proceedings"] == "Misconduct hearing"
    proceeding = Proceeding.objects.get(subject=dc)
    assert proceeding.former_officer_condition == "a"
    assert sorted(
        Finding.objects.filter(proceeding=proceeding).values_list("result", flat=True)
    ) == [
        "proven_gross_misconduct",
        "proven_gross_misconduct",
        "proven_misconduct",
        "proven_misconduct",
    ]

    assert not ListReport.objects.filter(
        person=dc.person, kind=ListReport.Kind.BARRED
    ).exists()
    removal = ListReport.objects.get(
        person=dc.person, kind=ListReport.Kind.ADVISORY_REMOVAL
    )
    assert advisory.superseded_by == removal
    assert removal.previous_report == advisory
    assert "would not have been dismissed" in removal.content["reason"]
    statuses = {rank: subject.status for rank, subject in officers.items()}
    assert statuses == {
        "Detective Constable": Subject.Status.CONCLUDED,
        "Detective Sergeant": Subject.Status.MANAGEMENT_ACTION,
        "Detective Inspector": Subject.Status.MANAGEMENT_ACTION,
    }
    current = current_outcome_for(dc)
    assert current is not None
    assert current.kind == "would_not_have_been_dismissed"
