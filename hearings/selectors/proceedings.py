"""Reads about proceedings, outcomes and list reports."""

from __future__ import annotations

from django.db.models import QuerySet

from conduct.models import Person
from hearings.models import ListReport, Outcome, Proceeding
from referrals.models import Case, Subject


def proceedings_paused(case: Case) -> bool:
    """Whether misconduct proceedings on ``case`` are paused because they
    would prejudice criminal proceedings (PCR r10(3)).

    A hook for the criminal-proceedings work in referrals: until the case
    records that pause, proceedings are never paused.
    """
    return False


def current_outcome_for(subject: Subject) -> Outcome | None:
    return Outcome.objects.filter(subject=subject, is_current=True).first()


def outcome_history(subject: Subject) -> QuerySet[Outcome]:
    """Every outcome the subject has had, oldest first (appeals included)."""
    return Outcome.objects.filter(subject=subject).order_by("decided_on", "id")


def active_proceeding_for(subject: Subject) -> Proceeding | None:
    return (
        Proceeding.objects.filter(subject=subject)
        .exclude(status=Proceeding.Status.WITHDRAWN)
        .first()
    )


def list_reports_for(person: Person) -> QuerySet[ListReport]:
    return ListReport.objects.filter(person=person).order_by("event_on", "id")
