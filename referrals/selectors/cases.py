"""Reads of cases, always scoped by the reader's role and forces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.utils import timezone

from conduct.models import Person, PersonRole, User
from referrals.filters import DEFAULT_ORDERING, CaseFilterSet
from referrals.models import (
    Allegation,
    Case,
    Deadline,
    ModeDecision,
    Notice,
    Subject,
)
from referrals.permissions import scoped_get, visible_cases

NO_SUCH_CASE = "No such case."
NO_SUCH_SUBJECT = "No such subject."
NO_SUCH_ALLEGATION = "No such allegation."
NO_SUCH_NOTICE = "No such notice."
NO_SUCH_PERSON = "No such person."
NO_SUCH_ROLE = "No such role for that person."


def case_list(
    *, user: User, filters: Mapping[str, Any] | None = None
) -> QuerySet[Case]:
    """Cases ``user`` may see, with what a list shows (their subjects in
    ``listed_subjects``), in a constant number of queries whatever the page
    size.

    With ``filters`` (query parameters, e.g. ``request.GET``) the list is
    narrowed and ordered by ``CaseFilterSet`` (newest recorded first unless
    ``ordering`` says otherwise); a value the filters do not accept raises
    ``ValidationError`` with the errors per parameter.
    """
    cases = Case.objects.select_related("force", "referral").prefetch_related(
        # A list, not the related manager's cache: Django would clone the
        # queryset once per case to hang the cache on each manager.
        Prefetch(
            "subjects",
            queryset=Subject.objects.select_related("person", "appropriate_authority"),
            to_attr="listed_subjects",
        )
    )
    if filters is None:
        return visible_cases(user, cases)
    # The filterset scopes the cases to the user itself (with the force
    # chosen in the same lookup).
    filterset = CaseFilterSet(
        data=filters if isinstance(filters, QueryDict) else dict(filters),
        queryset=cases.order_by(*DEFAULT_ORDERING),
        user=user,
    )
    if not filterset.is_valid():
        raise ValidationError(
            {name: list(messages) for name, messages in filterset.errors.items()}
        )
    filtered: QuerySet[Case] = filterset.qs
    return filtered.annotate(
        overdue=Exists(
            Deadline.objects.filter(
                Deadline.overdue_on(timezone.localdate()), case_id=OuterRef("pk")
            )
        )
    )


def with_next_deadline(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with each case's running clock due first (open, extended or
    missed; ties by id) in ``next_deadlines``, a list of at most one, in one
    more query whatever the page size."""
    first_due = (
        Deadline.objects.filter(status__in=Deadline.RUNNING)
        .select_related("rule")
        .order_by("case_id", "due_on", "id")
        .distinct("case_id")
    )
    return cases.prefetch_related(
        Prefetch("deadlines", queryset=first_due, to_attr="next_deadlines")
    )


def case_get(*, user: User, case_id: int) -> Case:
    """One case ``user`` may see, or 404 (never 403: its existence is not told)."""
    return scoped_get(
        Case.objects.select_related("force", "created_by").prefetch_related(
            Prefetch(
                "subjects",
                queryset=Subject.objects.select_related(
                    "person", "role", "role__force", "appropriate_authority"
                ).prefetch_related(
                    Prefetch(
                        "allegations",
                        queryset=Allegation.objects.prefetch_related("standards"),
                    )
                ),
            ),
            "parties",
        ),
        case_path="pk",
        user=user,
        pk=case_id,
        missing=NO_SUCH_CASE,
    )


def case_detail_get(*, user: User, case_id: int) -> Case:
    """One case with everything its full view shows: subjects with their
    allegations and notices, complainants and interested persons, the
    referral with its mode history, the investigation with its report and
    opinions, and the clocks still running (in
    ``open_deadlines``). A constant number of queries; 404 out of scope."""
    return scoped_get(
        Case.objects.select_related(
            "force", "created_by", "referral", "investigation__report"
        ).prefetch_related(
            Prefetch(
                "subjects",
                queryset=Subject.objects.select_related(
                    "person", "role", "role__force", "appropriate_authority"
                ).prefetch_related(
                    Prefetch(
                        "allegations",
                        queryset=Allegation.objects.prefetch_related("standards"),
                    ),
                    Prefetch(
                        "notices",
                        queryset=Notice.objects.prefetch_related("responses"),
                    ),
                ),
            ),
            Prefetch("referral__mode_decisions", queryset=ModeDecision.objects.all()),
            "parties",
            "investigation__report__opinions",
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.select_related("rule").filter(
                    status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED]
                ),
                to_attr="open_deadlines",
            ),
        ),
        case_path="pk",
        user=user,
        pk=case_id,
        missing=NO_SUCH_CASE,
    )


def case_version_get(*, user: User, case_id: int) -> Case:
    """The case's id and version, if ``user`` may see it (404 otherwise): what
    an If-Match check needs, in one query."""
    return scoped_get(
        Case.objects.only("pk", "version"),
        case_path="pk",
        user=user,
        pk=case_id,
        missing=NO_SUCH_CASE,
    )


def subject_get(*, user: User, subject_id: int) -> Subject:
    """A subject of a case ``user`` may see, with its case, or 404."""
    return scoped_get(
        Subject.objects.select_related("case", "person"),
        case_path="case",
        user=user,
        pk=subject_id,
        missing=NO_SUCH_SUBJECT,
    )


def allegation_get(*, user: User, allegation_id: int) -> Allegation:
    """An allegation on a case ``user`` may see, with subject and case, or 404."""
    return scoped_get(
        Allegation.objects.select_related("subject", "subject__case"),
        case_path="subject__case",
        user=user,
        pk=allegation_id,
        missing=NO_SUCH_ALLEGATION,
    )


def notice_get(*, user: User, notice_id: int) -> Notice:
    """A notice served on a subject of a case ``user`` may see, or 404."""
    return scoped_get(
        Notice.objects.select_related("subject", "subject__case"),
        case_path="subject__case",
        user=user,
        pk=notice_id,
        missing=NO_SUCH_NOTICE,
    )


def visible_people(user: User) -> QuerySet[Person]:
    """People ``user`` may name as a subject: those on a case the user can
    see, and (for PSD users) those who hold or held a role in one of the
    user's forces, which is how a force records its own officers and staff.

    Deliberately simple: it does not look at who created the person (the
    Person row does not record it), and IOPC staff, who belong to no force,
    see only the people on cases referred to the IOPC.
    """
    on_visible_case = Exists(
        Subject.objects.filter(person_id=OuterRef("pk"), case__in=visible_cases(user))
    )
    in_own_force = Exists(
        PersonRole.objects.filter(
            person_id=OuterRef("pk"),
            force_id__in=user.memberships.values("force_id"),
        )
    )
    return Person.objects.filter(Q(on_visible_case) | Q(in_own_force))


def person_get(*, user: User, person_id: int) -> Person:
    """A person ``user`` may see (``visible_people``), or 404."""
    person = visible_people(user).filter(pk=person_id).first()
    if person is None:
        raise Http404(NO_SUCH_PERSON)
    return person


def person_version(person: Person) -> int:
    """A person's version: their roles change only by employment events
    (joining a role is one), so the count of those events."""
    return person.employment_events.count()


def person_role_get(*, user: User, person_id: int, role_id: int) -> PersonRole:
    """A role of a person ``user`` may see (``visible_people``), or 404."""
    person = person_get(user=user, person_id=person_id)
    role = (
        PersonRole.objects.select_related("person", "force")
        .filter(pk=role_id, person=person)
        .first()
    )
    if role is None:
        raise Http404(NO_SUCH_ROLE)
    return role


def deadlines_created_after(*, case: Case, after_id: int) -> list[Deadline]:
    """The case's deadlines with an id above ``after_id``: those opened by the
    service that just ran (call both under the case's row lock)."""
    return list(
        Deadline.objects.select_related("rule")
        .filter(case=case, pk__gt=after_id)
        .order_by("id")
    )


def deadline_last_id(*, case: Case) -> int:
    """The highest deadline id of the case (0 without any)."""
    last = (
        Deadline.objects.filter(case=case)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return last or 0
