"""The person page (the integrity view): one person across cases, roles and
forces, as far as the reader may see.

A person is shown only to a user who can see at least one case they are a
subject of (404 otherwise, never a hint that the person exists). Their roles
and employment history are shown whole, in every force, because seeing a
person's past across forces is what the page is for; cases, allegations,
outcomes and list reports are limited to the cases the user may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from conduct.models import EmploymentEvent, Person, PersonRole, User
from conduct.selectors.people import person_employment_events, person_roles
from hearings.models import ListReport
from hearings.selectors.case_page import SubjectHearings, subject_hearings
from hearings.selectors.proceedings import list_reports_with_due_on
from referrals.models import Allegation, Subject
from referrals.permissions import visible_cases

NO_SUCH_PERSON = "No such person."


@dataclass(frozen=True)
class PersonPage:
    """``cases`` are the person's subjects on visible cases (each with
    allegations, proceedings and outcomes), oldest matter first."""

    person: Person
    current_roles: list[PersonRole]
    past_roles: list[PersonRole]
    employment_events: list[EmploymentEvent]
    cases: list[SubjectHearings]
    list_reports: list[ListReport]
    today: dt.date


def person_page_get(*, user: User, person_id: int) -> PersonPage:
    visible = visible_cases(user)
    subjects = list(
        Subject.objects.filter(person_id=person_id, case__in=visible)
        .select_related(
            "person",
            "case",
            "case__force",
            "role",
            "role__force",
            "appropriate_authority",
        )
        .prefetch_related(
            Prefetch(
                "allegations",
                queryset=Allegation.objects.prefetch_related("standards"),
            )
        )
        .order_by("case__came_to_attention_on", "id")
    )
    if not subjects:
        raise Http404(NO_SUCH_PERSON)
    today = timezone.localdate()
    roles = person_roles(person_id=person_id)
    return PersonPage(
        person=subjects[0].person,
        current_roles=[role for role in roles if role.is_current_on(today)],
        past_roles=[role for role in roles if not role.is_current_on(today)],
        employment_events=person_employment_events(person_id=person_id),
        cases=subject_hearings(subjects),
        list_reports=list(
            list_reports_with_due_on(
                ListReport.objects.filter(person_id=person_id, case__in=visible)
            )
            .select_related("case", "relevant_authority")
            .order_by("event_on", "id")
        ),
        today=today,
    )
