from __future__ import annotations

import datetime as dt

from django.db import models

from conduct.models.base import TimeStampedModel
from conduct.models.forces import Force


class Person(TimeStampedModel):
    """Someone who is, or was, a subject of a case: an officer, special, member
    of police staff or volunteer. One person may hold several roles at once and
    over time (reference case A: police staff and a special constable)."""

    given_names = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class PersonRole(TimeStampedModel):
    """A role ``person`` holds in ``force`` from ``started_on`` until ``ended_on``.

    Officers and specials carry a rank and a warrant or collar number; staff and
    volunteers an identifying number. Changed only by conduct.services.people.
    """

    class Kind(models.TextChoices):
        POLICE_OFFICER = "police_officer", "Police officer"
        SPECIAL_CONSTABLE = "special_constable", "Special constable"
        POLICE_STAFF = "police_staff", "Police staff"
        VOLUNTEER = "volunteer", "Police support volunteer"

    class EndReason(models.TextChoices):
        TRANSFERRED = "transferred", "Transferred to another force"
        RESIGNED = "resigned", "Resigned"
        RETIRED = "retired", "Retired"
        DISMISSED = "dismissed", "Dismissed"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="roles")
    rank = models.CharField(max_length=60, blank=True)
    identifier = models.CharField(
        max_length=30, blank=True, help_text="Warrant, collar or staff number."
    )
    job_title = models.CharField(max_length=100, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="person_role_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="person_role_end_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["force", "identifier"], name="role_identifier")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.force}"

    @property
    def is_police_officer(self) -> bool:
        """Officers and specials come under the Conduct Regulations."""
        return self.kind in {self.Kind.POLICE_OFFICER, self.Kind.SPECIAL_CONSTABLE}

    def is_current_on(self, on: dt.date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


class EmploymentEvent(TimeStampedModel):
    """Joined, transferred, resigned, retired or dismissed: the dated facts that
    decide who the appropriate authority is and which list reports are due."""

    class Kind(models.TextChoices):
        JOINED = "joined", "Joined"
        TRANSFERRED = "transferred", "Transferred"
        RESIGNED = "resigned", "Resigned"
        RETIRED = "retired", "Retired"
        DISMISSED = "dismissed", "Dismissed"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="employment_events"
    )
    role = models.ForeignKey(
        PersonRole, on_delete=models.CASCADE, related_name="employment_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField()
    to_force = models.ForeignKey(
        Force,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a transfer: the force the person moved to.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="transferred", to_force__isnull=False)
                | (~models.Q(kind="transferred") & models.Q(to_force__isnull=True)),
                name="employment_event_transfer_has_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"
