from __future__ import annotations

from django.db import models


class NonWorkingDay(models.Model):
    """A weekday that is a bank or public holiday in England and Wales.

    Seeded for 2008-2040 from the ``holidays`` package (England) and editable by
    administrators when a new day is proclaimed. ``source`` says where a row came
    from, so a reseed never removes a day an administrator added.
    """

    class Source(models.TextChoices):
        SEEDED = "seeded", "Seeded from the holidays package"
        ADMINISTRATOR = "administrator", "Added by an administrator"

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)
    source = models.CharField(
        max_length=16, choices=Source.choices, default=Source.ADMINISTRATOR
    )

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%a %d %b %Y}: {self.name}"
