"""Reads of people: their roles and employment history (the core's part of
the person page; the cases they are on belong to the apps that own cases)."""

from __future__ import annotations

from conduct.models import EmploymentEvent, PersonRole


def person_roles(*, person_id: int) -> list[PersonRole]:
    """Every role the person holds or held, in any force, oldest first."""
    return list(
        PersonRole.objects.filter(person_id=person_id)
        .select_related("force")
        .order_by("started_on", "id")
    )


def person_employment_events(*, person_id: int) -> list[EmploymentEvent]:
    """Joined, transferred, resigned, retired, dismissed: oldest first."""
    return list(
        EmploymentEvent.objects.filter(person_id=person_id)
        .select_related("role__force", "to_force")
        .order_by("occurred_on", "id")
    )
