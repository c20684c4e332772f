from __future__ import annotations

from django.db import models

from conduct.models.base import TimeStampedModel


class Force(TimeStampedModel):
    """A police force of England & Wales (reference data).

    ``code`` is this product's stable short identifier for the force: it appears
    in URLs, API payloads and exports and never changes once issued, even if the
    force is renamed. The 43 territorial forces and British Transport Police are
    loaded by ``manage.py load_reference_data`` (and the initial data migration).
    """

    class Kind(models.TextChoices):
        TERRITORIAL = "territorial", "Territorial force"
        NATIONAL = "national", "National or special force"

    class Country(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"
        ENGLAND_AND_WALES = "england_and_wales", "England and Wales"

    code = models.SlugField(max_length=8, unique=True)
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    country = models.CharField(max_length=20, choices=Country.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["territorial", "national"]),
                name="force_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[a-z]{2,8}$"),
                name="force_code_lowercase_letters",
            ),
        ]

    def __str__(self) -> str:
        return self.name
