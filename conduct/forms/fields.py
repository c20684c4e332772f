"""The fields of the GOV.UK form kit: widgets, the GOV.UK date and one
constructor per kind of question, each with the design system's error
wording built from ``what`` the question asks for (lower case, e.g. "the
date the notice was served"). ``conduct.forms.kit.GovukForm`` draws them.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

DATE_HINT = "For example, 27 3 2024"

# ------------------------------------------------------------------ widgets


class FirstRadioLabelled(forms.RadioSelect):
    """Radios whose field "label" id is the first radio's, so the GOV.UK error
    summary links to it (Django leaves it empty for radios)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_{index or 0}" if id_ else ""


class FirstCheckboxLabelled(forms.CheckboxSelectMultiple):
    """Checkboxes whose field "label" id is the first box's, so the GOV.UK
    error summary links to it (Django leaves it empty)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_{index or 0}" if id_ else ""


class DateParts(forms.MultiWidget):
    """Day, month and year boxes posted as ``<name>_day``, ``_month``, ``_year``."""

    PARTS = ("day", "month", "year")

    def __init__(self) -> None:
        super().__init__(widgets=dict.fromkeys(self.PARTS, forms.TextInput))

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""


# ------------------------------------------------------------------- fields


def _sentence_start(what: str) -> str:
    return what[:1].upper() + what[1:]


def date_parts_in_error(bound: forms.BoundField) -> tuple[str, ...]:
    """The boxes of a date to mark in error, in order: those an incomplete
    date is missing, else all three when the date has any error."""
    errors = bound.errors.as_data()
    missing: list[str] | None = None
    for error in errors:
        if error.code == "incomplete" and error.params:
            missing = error.params["missing"]
    if missing is None:
        return DateParts.PARTS if errors else ()
    return tuple(part for part in DateParts.PARTS if part in missing)


class GovukDateBoundField(forms.BoundField):
    """A GOV.UK date whose label id, where the error summary links, is the
    first box in error (the month of a date missing only its month), else
    the day, as GOV.UK's date input asks."""

    @property
    def id_for_label(self) -> str:
        if not self.auto_id:
            return ""
        in_error = date_parts_in_error(self)
        return f"{self.auto_id}_{in_error[0] if in_error else 'day'}"


class GovukDateField(forms.MultiValueField):
    """A GOV.UK date input with the design system's error messages, built
    from ``what`` (lower case, e.g. "the date the notice was served")."""

    widget = DateParts
    bound_field_class = GovukDateBoundField

    def __init__(self, *, what: str, required: bool = True, **kwargs: Any) -> None:
        self.what = what
        parts = tuple(forms.CharField(required=False) for _ in DateParts.PARTS)
        super().__init__(
            fields=parts,
            require_all_fields=False,
            required=required,
            error_messages={"required": f"Enter {what}"},
            **kwargs,
        )

    def clean(self, value: Any) -> dt.date | None:
        raw = list(value) if isinstance(value, list | tuple) else [None] * 3
        parts = [str(part or "").strip() for part in raw]
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [
            name for name, part in zip(DateParts.PARTS, parts, strict=True) if not part
        ]
        what = _sentence_start(self.what)
        if missing:
            raise ValidationError(
                f"{what} must include a {' and '.join(missing)}",
                code="incomplete",
                params={"missing": missing},
            )
        if not all(part.isdigit() for part in parts):
            raise ValidationError(f"{what} must be a real date", code="invalid")
        day, month, year = (int(part) for part in parts)
        if year < 1000:  # noqa: PLR2004 - a four-digit year
            raise ValidationError("Year must include 4 numbers", code="year")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"{what} must be a real date", code="invalid"
            ) from None


class LabelledModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Rows labelled by ``labeller(row)`` rather than ``str(row)``."""

    def __init__(self, *args: Any, labeller: Any = str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labeller = labeller

    def label_from_instance(self, obj: Model) -> str:
        return str(self.labeller(obj))


class LabelledModelMultipleChoiceField(
    LabelledModelChoiceField,
    forms.ModelMultipleChoiceField,  # type: ignore[type-arg]
):
    """Several rows, labelled by ``labeller(row)``."""


# ------------------------------------------------------------ constructors


def date_field(
    label: str, what: str, *, required: bool = True, hint: str = DATE_HINT
) -> Any:
    return GovukDateField(what=what, required=required, label=label, help_text=hint)


def text(
    label: str,
    what: str,
    *,
    required: bool = True,
    max_length: int | None = None,
    hint: str = "",
    width: str = "",
    autocomplete: str = "",
    spellcheck: bool = True,
) -> Any:
    """A text input; ``width`` in characters ("20") or a fluid width
    ("two-thirds"), ``autocomplete="off"`` and ``spellcheck=False`` for
    what is not prose (names of systems, references)."""
    messages = {"required": f"Enter {what}"}
    if max_length is not None:
        messages["max_length"] = (
            f"{_sentence_start(what)} must be {max_length} characters or less"
        )
    attrs = {"data-width": width, "autocomplete": autocomplete}
    if not spellcheck:
        attrs["spellcheck"] = "false"
    widget = forms.TextInput(attrs={name: on for name, on in attrs.items() if on})
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=hint,
        widget=widget,
        error_messages=messages,
    )


def long_text(label: str, what: str, *, required: bool = True, hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea,
        error_messages={"required": f"Enter {what}"},
    )


def radios(
    label: str,
    what: str,
    choices: Iterable[tuple[Any, str]],
    *,
    required: bool = True,
    hint: str = "",
) -> Any:
    message = f"Select {what}"
    return forms.ChoiceField(
        label=label,
        choices=list(choices),
        required=required,
        help_text=hint,
        widget=FirstRadioLabelled,
        error_messages={"required": message, "invalid_choice": message},
    )


def checkboxes(
    label: str, what: str, choices: Iterable[tuple[Any, str]], *, hint: str = ""
) -> Any:
    message = f"Select {what}"
    return forms.MultipleChoiceField(
        label=label,
        choices=list(choices),
        help_text=hint,
        widget=FirstCheckboxLabelled,
        error_messages={"required": message, "invalid_choice": message},
    )


def yes_no(label: str, what: str, *, hint: str = "") -> Any:
    message = f"Select yes if {what}"
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        help_text=hint,
        widget=FirstRadioLabelled,
        error_messages={"required": message, "invalid_choice": message},
    )


def checkbox(label: str, *, hint: str = "") -> Any:
    return forms.BooleanField(label=label, required=False, help_text=hint)


def whole_number(
    label: str,
    what: str,
    *,
    hint: str = "",
    maximum: int = 1000,
    example: int = 6,
    width: str = "",
) -> Any:
    """An optional count from 1 to ``maximum``."""
    what_ = _sentence_start(what)
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=maximum,
        help_text=hint,
        widget=forms.NumberInput(attrs={"data-width": width} if width else {}),
        error_messages={
            "invalid": f"{what_} must be a whole number, like {example}",
            "min_value": f"{what_} must be 1 or more",
            "max_value": f"{what_} must be {maximum} or fewer",
        },
    )


def money(label: str, what: str, *, hint: str = "") -> Any:
    what_ = _sentence_start(what)
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=decimal.Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=hint,
        error_messages={
            "invalid": f"{what_} must be an amount in pounds, like 250 or 250.50",
            "min_value": f"{what_} must be more than 0",
            "max_digits": f"{what_} must be less than £100,000,000",
            "max_decimal_places": f"{what_} must include 2 decimal places or fewer",
        },
    )


def pick_one(
    label: str,
    what: str,
    queryset: QuerySet[Any],
    *,
    required: bool = True,
    hint: str = "",
    labeller: Any = str,
    empty: str = "Choose",
) -> Any:
    """A select of rows (a long list, e.g. people and their roles)."""
    message = f"Select {what}"
    return LabelledModelChoiceField(
        queryset,
        label=label,
        required=required,
        help_text=hint,
        empty_label=empty,
        labeller=labeller,
        error_messages={"required": message, "invalid_choice": message},
    )


def pick_many(
    label: str,
    what: str,
    queryset: QuerySet[Any],
    *,
    required: bool = True,
    hint: str = "",
    labeller: Any = str,
) -> Any:
    message = f"Select {what}"
    return LabelledModelMultipleChoiceField(
        queryset,
        label=label,
        required=required,
        help_text=hint,
        widget=FirstCheckboxLabelled,
        labeller=labeller,
        error_messages={
            "required": message,
            "invalid_choice": message,
            "invalid_pk_value": message,
        },
    )
