"""The due-date calculator's form. It checks the shape of what was typed
only: the calculation and its refusals come from conduct.deadlines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from conduct import deadlines
from conduct.deadlines import DueDateQuestion
from conduct.forms.fields import date_field, radios, whole_number
from conduct.forms.kit import GovukForm, Look

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
#: The kit's GOV.UK wording for "the date to count from" and "how to count"
#: (conduct.forms.fields: GovukDateField, radios).
DATE_MISSING = "Enter the date to count from"
DATE_INCOMPLETE = "The date to count from must include a {missing}"
DATE_NOT_REAL = "The date to count from must be a real date"
PATTERN_MISSING = "Select how to count"
RULE_MISSING = "Select a time limit"


def _count(maximum: int, label: str, hint: str) -> Any:
    return whole_number(label, label, hint=hint, maximum=maximum, example=10, width="4")


class DueDateForm(GovukForm):
    """The due-date calculator: a date, how to count and the counts, under
    the API's names (``from`` posted as ``from_day``, ``from_month`` and
    ``from_year``)."""

    # The date and how to count head their parts of the page with their
    # legends; the counts have regular labels under the page's headings.
    look = Look(size="")
    looks = {
        "from": Look(size="m", heading=True),
        "pattern": Look(
            size="m",
            heading=True,
            small=False,
            option_hints=PATTERN_HINTS,
            divider_before=RULE,
        ),
    }

    pattern = radios("How to count", "how to count", PATTERN_CHOICES)
    working_days = _count(
        deadlines.MAX_WORKING_DAYS,
        "Number of working days",
        "For working days after, or beginning with, the date: 1 to 365.",
    )
    min_working_days = _count(
        deadlines.MAX_WORKING_DAYS,
        "Least working days",
        "For a window: not less than this many working days after the date.",
    )
    max_working_days = _count(
        deadlines.MAX_WORKING_DAYS,
        "Most working days",
        "For a window: not more than this many working days after the date.",
    )
    months = _count(
        deadlines.MAX_MONTHS,
        "Months in the first period",
        "For example, 12 for an investigation's first progress report.",
    )
    then_months = _count(
        deadlines.MAX_MONTHS,
        "Months in each later period",
        "Optional. For example, 6 for each progress report after the first.",
    )
    period = _count(
        deadlines.MAX_PERIOD,
        "Period number",
        "Optional. 1 is the first period, 2 the one after it. Also for time "
        "limits counted in months.",
    )
    rule = forms.ChoiceField(
        label="Time limit",
        required=False,
        help_text="Only when counting like a time limit from the regulations.",
        error_messages={"invalid_choice": RULE_MISSING},
    )
    regime = forms.ChoiceField(
        label="Regulations",
        choices=REGIME_CHOICES,
        required=False,
        initial=deadlines.DEFAULT_REGIME,
        error_messages={"invalid_choice": "Select the 2020 or 2012 regulations"},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        rules: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(data)
        # "from" is a Python keyword, so the date cannot be declared above.
        self.fields["from"] = date_field(
            "Date to count from",
            "the date to count from",
            hint="The date of the event, for example 16 12 2022. It must be from "
            "2008 to 2040.",
        )
        self.order_fields(["from"])
        rule_field = self.fields["rule"]
        assert isinstance(rule_field, forms.ChoiceField)
        rule_field.choices = [("", "Select a time limit"), *rules]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
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
                anchor=data["from"],
                rule_code=data["rule"],
                regime=data.get("regime") or deadlines.DEFAULT_REGIME,
                **counts,
            )
        return DueDateQuestion(anchor=data["from"], pattern=pattern, **counts)

    def add_calculation_errors(self, errors: Mapping[str, list[str]]) -> None:
        """The calculator's refusals, on the fields they name (the API's
        names are the form's)."""
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
