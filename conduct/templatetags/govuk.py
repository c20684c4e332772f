"""Template tags for GOV.UK pages.

- ``{% govuk_field form.name %}`` draws one field of a ``GovukForm``
  (conduct.forms.kit) with its GOV.UK component
  (``templates/forms/_field_*.html``), wherever the page puts it;
- ``{{ value|govuk_date }}`` writes a date as GOV.UK does, "7 December
  2026", and ``{{ value|govuk_date:"weekday" }}`` "Monday 7 December 2026"
  (conduct.formats.govuk_date).
"""

from __future__ import annotations

import datetime as dt

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from conduct import formats
from conduct.forms.kit import GovukForm

register = template.Library()

WEEKDAY = "weekday"


@register.filter(expects_localtime=True)
def govuk_date(value: object, arg: str = "") -> str:
    """Empty for anything but a date (None, ""), as Django's ``date``
    filter; a datetime is shown in the current time zone, as there."""
    if arg not in ("", WEEKDAY):
        raise template.TemplateSyntaxError(
            f'govuk_date takes no argument or "{WEEKDAY}", not "{arg}".'
        )
    if not isinstance(value, dt.date):
        return ""
    return formats.govuk_date(value, weekday=arg == WEEKDAY)


@register.simple_tag
def govuk_field(bound: forms.BoundField) -> SafeString:
    form = bound.form
    if not isinstance(form, GovukForm):
        raise TypeError(f"{bound.name} is not a field of a GovukForm.")
    row = form.row(bound)
    return render_to_string(row.template, {"row": row})
