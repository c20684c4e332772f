"""Reads about proceedings, outcomes and list reports."""

from __future__ import annotations

from django.db.models import QuerySet

from conduct.models import Person
from hearings.models import ListReport, Outcome, Proceeding
from referrals.models import Subject


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
