"""The due-date calculator's form. It checks the shape of what was typed
only: the calculation and its refusals come from conduct.deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from conduct import deadlines
from conduct.deadlines import DueDateQuestion
from conduct.forms.fields import FirstRadioLabelled

RULE = "rule"
PATTERN_CHOICES = [
    ("P1", "Working days after the date"),
    ("P2", "Working days beginning with the date"),
    ("P3", "A window of working days after the date"),
    ("P4", "Calendar months beginning with the date"),
    (RULE, "A time limit from the regulations"),
]
PATTERN_HINTS = {
    "P1": "Day 1 is the first working day after the date (P1). Most time limits "
    "in the conduct regulations count this way, such as the 10 working days "
    "to respond to a written notice.",
    "P2": "Day 1 is the date itself when it is a working day (P2). Barred and "
    "advisory list reports count this way.",
    "P3": "Not less than the least and not more than the most working days after "
    "the date (P3), such as an accelerated hearing.",
    "P4": "Whole calendar months, then repeating periods (P4), such as "
    "investigation progress reports.",
    RULE: "Count the way a named time limit does.",
}
REGIME_CHOICES = [
    ("2020", "Conduct regulations 2020 (allegations from 1 February 2020)"),
    ("2012", "Conduct regulations 2012"),
]
DATE_MISSING = "Enter the date to count from"
DATE_INCOMPLETE = "The date to count from must include a {missing}"
DATE_NOT_REAL = "The date to count from must be a real date"
PATTERN_MISSING = "Select how to count"
RULE_MISSING = "Select a time limit"
#: The calculator's field names (conduct.deadlines, the API) on this form.
FORM_FIELD = {"from": "from_day", "pattern": "pattern", "rule": "rule"}


def _count_field(maximum: int, label: str) -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=1,
        max_value=maximum,
        label=label,
        error_messages={
            "invalid": f"{label} must be a whole number, like 10",
            "min_value": f"{label} must be 1 or more",
            "max_value": f"{label} must be {maximum} or fewer",
        },
    )


class DueDateForm(forms.Form):
    """The due-date calculator: a date, how to count and the counts."""

    from_day = forms.CharField(required=False, max_length=2, label="Day")
    from_month = forms.CharField(required=False, max_length=2, label="Month")
    from_year = forms.CharField(required=False, max_length=4, label="Year")
    pattern = forms.ChoiceField(
        choices=PATTERN_CHOICES,
        widget=FirstRadioLabelled,
        error_messages={
            "required": PATTERN_MISSING,
            "invalid_choice": PATTERN_MISSING,
        },
    )
    working_days = _count_field(deadlines.MAX_WORKING_DAYS, "Number of working days")
    min_working_days = _count_field(deadlines.MAX_WORKING_DAYS, "Least working days")
    max_working_days = _count_field(deadlines.MAX_WORKING_DAYS, "Most working days")
    months = _count_field(deadlines.MAX_MONTHS, "Months in the first period")
    then_months = _count_field(deadlines.MAX_MONTHS, "Months in each later period")
    period = _count_field(deadlines.MAX_PERIOD, "Period number")
    rule = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": RULE_MISSING},
    )
    regime = forms.ChoiceField(
        choices=REGIME_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select the 2020 or 2012 regulations"},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        rules: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(data)
        rule_field = self.fields["rule"]
        assert isinstance(rule_field, forms.ChoiceField)
        rule_field.choices = [("", "Select a time limit"), *rules]

    def _clean_anchor(self) -> dt.date | None:
        parts = {
            "day": (self.cleaned_data.get("from_day") or "").strip(),
            "month": (self.cleaned_data.get("from_month") or "").strip(),
            "year": (self.cleaned_data.get("from_year") or "").strip(),
        }
        missing = [name for name, value in parts.items() if not value]
        if len(missing) == len(parts):
            self.add_error("from_day", DATE_MISSING)
            return None
        if missing:
            self.add_error(
                f"from_{missing[0]}",
                DATE_INCOMPLETE.format(missing=" and ".join(missing)),
            )
            return None
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add_error("from_day", DATE_NOT_REAL)
            return None

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        cleaned["anchor"] = self._clean_anchor()
        if cleaned.get("pattern") == RULE and not cleaned.get("rule"):
            self.add_error("rule", RULE_MISSING)
        return cleaned

    def question(self) -> DueDateQuestion:
        """The calculator's question, with only the counts the chosen way of
        counting uses (the others may still hold what was typed before)."""
        data = self.cleaned_data
        pattern = data["pattern"]
        used = (
            deadlines.RULE_FIELDS
            if pattern == RULE
            else deadlines.PATTERN_FIELDS[pattern]
        )
        counts = {name: data[name] for name in used if data.get(name) is not None}
        if pattern == RULE:
            return DueDateQuestion(
                anchor=data["anchor"],
                rule_code=data["rule"],
                regime=data.get("regime") or deadlines.DEFAULT_REGIME,
                **counts,
            )
        return DueDateQuestion(anchor=data["anchor"], pattern=pattern, **counts)

    def add_calculation_errors(self, errors: Mapping[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = FORM_FIELD.get(name, name)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)

    def date_errors(self) -> list[str]:
        """Errors of the three date fields, shown once above them."""
        return [
            str(error)
            for name in ("from_day", "from_month", "from_year")
            for error in self.errors.get(name, [])
        ]
