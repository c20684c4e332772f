from __future__ import annotations

from django.db import models

from conduct.models.base import TimeStampedModel


class Standard(TimeStampedModel):
    """One of the ten Standards of Professional Behaviour (PCR 2020 r5, Schedule 2).

    ``heading_unverified`` marks a heading whose wording in the 2020 Schedule has
    not been checked against the statutory text; screens show it with a
    "check local policy" hint rather than as settled law.
    """

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=100, unique=True)
    description = models.TextField()
    heading_unverified = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1) & models.Q(number__lte=10),
                name="standard_number_one_to_ten",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
