"""The GOV.UK form kit: a form drawn with GOV.UK Frontend components, on
which a service's refusals land next to the field they are about.

A form checks only the shape of what was typed (a real date, a choice from
the list, something entered where something is needed) with GOV.UK's error
wording; the rules stay in the services, whose refusals
``add_service_error`` puts back on the form. Build fields with the
constructors of ``conduct.forms.fields``.

``GovukForm.row`` gives a field's ``FieldRow``, with what its GOV.UK
component needs (ids, values, options, date parts), so
``templates/forms/_field_*.html`` hold no logic; a page draws a field with
``{% govuk_field form.name %}`` (conduct/templatetags/govuk.py) and the
errors above the form with ``_error_summary.html``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms

from conduct.exceptions import ApplicationError
from conduct.forms.fields import DateParts, date_parts_in_error


@dataclass(frozen=True)
class Look:
    """How a field is drawn where GOV.UK's default for a question on a form
    page (a small bold label or legend, small radios and checkboxes) is not
    wanted: the label's or legend's ``size`` ("s", "m", "l", or "" for a
    regular label), a legend that is also the ``heading`` of its part of
    the page, regular-sized radios, a hint under options (by value), and an
    "or" divider before one option (by value)."""

    size: str = "s"
    heading: bool = False
    small: bool = True
    option_hints: Mapping[str, str] = field(default_factory=dict)
    divider_before: str = ""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool
    id: str
    hint: str = ""
    hint_id: str = ""
    divider: bool = False


@dataclass(frozen=True)
class DatePart:
    name: str
    label: str
    id: str
    value: str
    width: int
    error: bool


@dataclass(frozen=True)
class FieldRow:
    """What one GOV.UK component needs to draw a field and its errors."""

    template: str
    name: str
    id: str
    label: str
    hint: str
    errors: list[str]
    value: str = ""
    width: str = ""
    numeric: bool = False
    spellcheck: bool = True
    autocomplete: str = ""
    checked: bool = False
    control: str = ""
    options: list[Option] = field(default_factory=list)
    parts: list[DatePart] = field(default_factory=list)
    look: Look = Look()

    @property
    def width_class(self) -> str:
        """GOV.UK's class for the width: in characters, or fluid."""
        if self.width.isdigit():
            return f"govuk-input--width-{self.width}"
        return f"govuk-!-width-{self.width}" if self.width else ""

    @property
    def input_type(self) -> str:
        return "checkbox" if self.control == "checkboxes" else "radio"

    @property
    def hint_id(self) -> str:
        return f"{self.id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.id}-error"

    @property
    def describedby(self) -> str:
        ids = [self.hint_id] if self.hint else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)


def _selected(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(item) for item in value if item is not None}
    return {str(value)}


class GovukForm(forms.Form):
    """A form drawn with GOV.UK components; service refusals go on it.

    ``rule_fields`` maps the ``rule`` of an ApplicationError to the field it
    is about (shown next to that field), ``dated`` takes the date refusals;
    any other refusal is shown at the top of the error summary.
    """

    rule_fields: ClassVar[Mapping[str, str]] = {}
    #: The field a refusal about a date (``date.future``, ``date.order``)
    #: is shown next to, unless ``rule_fields`` names another.
    dated: ClassVar[str] = ""
    #: How the fields are drawn, and how those named in ``looks`` are.
    look: ClassVar[Look] = Look()
    looks: ClassVar[Mapping[str, Look]] = {}

    def service_data(self) -> dict[str, Any]:
        """The service's keyword arguments from the cleaned data."""
        return dict(self.cleaned_data)

    def add_service_error(self, error: ApplicationError) -> None:
        name = self.rule_fields.get(error.rule)
        if name is None and error.rule.startswith("date."):
            name = self.dated
        self.add_error(name if name in self.fields else None, error.message)

    def rows(self) -> list[FieldRow]:
        return [self.row(bound) for bound in self.visible_fields()]

    def row(self, bound: forms.BoundField) -> FieldRow:
        """What the GOV.UK component of one of the form's fields needs (the
        ``govuk_field`` template tag draws it)."""
        widget = bound.field.widget
        look = self.looks.get(bound.name, self.look)
        common: dict[str, Any] = {
            "name": bound.html_name,
            # Where the label points whatever the errors (the error summary
            # may link a date to another box: GovukDateBoundField).
            "id": widget.id_for_label(bound.auto_id),
            "label": str(bound.label),
            "hint": str(bound.help_text or ""),
            "errors": [str(error) for error in bound.errors],
            "look": look,
        }
        value = bound.value()
        if isinstance(widget, DateParts):
            return FieldRow(
                template="forms/_field_date.html",
                parts=self._date_parts(bound, value),
                **common,
            )
        if isinstance(widget, forms.RadioSelect):
            # CheckboxSelectMultiple is a RadioSelect in Django.
            multiple = isinstance(widget, forms.CheckboxSelectMultiple)
            return FieldRow(
                template="forms/_field_choices.html",
                control="checkboxes" if multiple else "radios",
                options=self._options(bound, value, look, with_blank=False),
                **common,
            )
        if isinstance(widget, forms.Select):
            return FieldRow(
                template="forms/_field_select.html",
                options=self._options(bound, value, look, with_blank=True),
                **common,
            )
        if isinstance(widget, forms.CheckboxInput):
            return FieldRow(
                template="forms/_field_checkbox.html",
                checked=bool(value),
                **common,
            )
        shown = "" if value is None else str(value)
        if isinstance(widget, forms.Textarea):
            return FieldRow(
                template="forms/_field_textarea.html", value=shown, **common
            )
        numeric = isinstance(bound.field, forms.IntegerField | forms.DecimalField)
        return FieldRow(
            template="forms/_field_input.html",
            value=shown,
            numeric=numeric,
            width=widget.attrs.get("data-width", "5" if numeric else ""),
            spellcheck=not numeric and widget.attrs.get("spellcheck") != "false",
            autocomplete=widget.attrs.get("autocomplete", ""),
            **common,
        )

    def _options(
        self, bound: forms.BoundField, value: Any, look: Look, *, with_blank: bool
    ) -> list[Option]:
        """The choices, with what is selected; the blank choice only for a
        select. Ids count from 0 over what is shown, so the first is what
        id_for_label (and the error summary) names."""
        selected = _selected(value)
        choices: Iterable[tuple[Any, Any]] = getattr(bound.field, "choices", [])
        shown = [
            ("" if choice is None else str(choice), str(label))
            for choice, label in choices
        ]
        return [
            Option(
                value=choice,
                label=label,
                checked=choice != "" and choice in selected,
                id=f"{bound.auto_id}_{index}",
                hint=look.option_hints.get(choice, ""),
                hint_id=f"{bound.html_name}-{choice}-hint",
                divider=bool(look.divider_before) and choice == look.divider_before,
            )
            for index, (choice, label) in enumerate(
                item for item in shown if with_blank or item[0] != ""
            )
        ]

    def _date_parts(self, bound: forms.BoundField, value: Any) -> list[DatePart]:
        widget = bound.field.widget
        assert isinstance(widget, DateParts)
        values = value if isinstance(value, list | tuple) else widget.decompress(value)
        in_error = date_parts_in_error(bound)
        labels = {"day": "Day", "month": "Month", "year": "Year"}
        return [
            DatePart(
                name=f"{bound.html_name}_{part}",
                label=labels[part],
                id=f"{bound.auto_id}_{part}",
                value="" if part_value is None else str(part_value),
                width=4 if part == "year" else 2,
                error=part in in_error,
            )
            for part, part_value in zip(DateParts.PARTS, values, strict=True)
        ]
