from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from conduct.models.base import TimeStampedModel


class DeadlineRule(TimeStampedModel):
    """A statutory time limit, as data: keyed by regime and rule id.

    ``pattern`` says how to count (conduct.calendar): P1/P2 need
    ``working_days``; P3 ``min_working_days`` and ``max_working_days``; P4
    ``months`` (and ``then_months`` for the repeating periods); CD
    ``calendar_days``. Rules marked ``verified=False`` come from sources not
    checked against the statutory text: they ship as configurable defaults and
    are shown as "check local policy" wherever they appear. A rule with no
    duration cannot be active.
    """

    class Pattern(models.TextChoices):
        P1 = "P1", "N working days beginning with the first working day after"
        P2 = "P2", "N working days beginning with"
        P3 = "P3", "Not less than A and not more than B working days after"
        P4 = "P4", "Calendar months, then repeating"
        CALENDAR_DAYS = "CD", "Calendar days"

    regime = models.CharField(max_length=4)
    code = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    pattern = models.CharField(max_length=2, choices=Pattern.choices)
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    min_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    max_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    then_months = models.PositiveSmallIntegerField(null=True, blank=True)
    calendar_days = models.PositiveSmallIntegerField(null=True, blank=True)
    who_acts = models.CharField(max_length=200)
    source = models.CharField(max_length=200, help_text="The regulation it comes from.")
    verified = models.BooleanField(default=True)
    extendable = models.BooleanField(default=False)
    extendable_by = models.CharField(max_length=200, blank=True)
    paused_by_criminal_proceedings = models.BooleanField(
        default=False,
        help_text="The clock stops while the case is sub judice (PCR r10(3)) "
        "and restarts with the paused working days added back.",
    )
    is_active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["regime", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "code"], name="deadline_rule_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(regime__in=["2012", "2020"]),
                name="deadline_rule_regime_valid",
            ),
            models.CheckConstraint(
                # Spelled out with isnull: a NULL would make CHECK pass.
                condition=models.Q(is_active=False)
                | models.Q(
                    pattern__in=["P1", "P2"],
                    working_days__isnull=False,
                    working_days__gte=1,
                )
                | models.Q(
                    pattern="P3",
                    min_working_days__isnull=False,
                    max_working_days__isnull=False,
                    min_working_days__gte=1,
                    max_working_days__gte=models.F("min_working_days"),
                )
                | models.Q(pattern="P4", months__isnull=False, months__gte=1)
                | models.Q(
                    pattern="CD", calendar_days__isnull=False, calendar_days__gte=1
                ),
                name="deadline_rule_active_is_computable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.regime}): {self.title}"

    def clean(self) -> None:
        problem = self.computability_problem()
        if self.is_active and problem:
            raise ValidationError(problem)

    def computability_problem(self) -> str:
        """Why this rule cannot compute a date, or "" when it can."""
        problems: dict[str, str] = {
            self.Pattern.P1: "" if self.working_days else "a number of working days",
            self.Pattern.P2: "" if self.working_days else "a number of working days",
            self.Pattern.P3: ""
            if self.min_working_days and self.max_working_days
            else "the least and the most working days",
            self.Pattern.P4: "" if self.months else "a number of months",
            self.Pattern.CALENDAR_DAYS: ""
            if self.calendar_days
            else "a number of calendar days",
        }
        if self.pattern not in problems:
            return f"Unknown counting pattern {self.pattern!r}."
        if problems[self.pattern]:
            return f"A {self.pattern} rule needs {problems[self.pattern]}."
        if (
            self.pattern == self.Pattern.P3
            and self.max_working_days is not None
            and self.min_working_days is not None
            and self.max_working_days < self.min_working_days
        ):
            return "The most working days cannot be fewer than the least."
        return ""

    @property
    def duration_label(self) -> str:
        if self.pattern in {self.Pattern.P1, self.Pattern.P2}:
            return f"{self.working_days} working days ({self.pattern})"
        if self.pattern == self.Pattern.P3:
            return (
                f"{self.min_working_days} to {self.max_working_days} working days (P3)"
            )
        if self.pattern == self.Pattern.P4:
            then = f", then every {self.then_months} months" if self.then_months else ""
            return f"{self.months} months{then} (P4)"
        return f"{self.calendar_days} calendar days"
