"""Reads of cases, always scoped by the reader's role and forces."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from conduct.models import User
from referrals.models import Allegation, Case, Subject
from referrals.permissions import visible_cases


def case_list(*, user: User) -> QuerySet[Case]:
    """Cases ``user`` may see, with what a list shows, in a constant number of
    queries whatever the page size."""
    return (
        visible_cases(user)
        .select_related("force", "referral")
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=Subject.objects.select_related(
                    "person", "appropriate_authority"
                ),
            )
        )
    )


def case_get(*, user: User, case_id: int) -> Case:
    """One case ``user`` may see, or 404 (never 403: its existence is not told)."""
    case = (
        visible_cases(user)
        .select_related("force", "created_by")
        .prefetch_related(
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
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case
