"""Template tags of the GOV.UK form kit (conduct.forms.kit).

``{% govuk_field form.name %}`` draws one field of a ``GovukForm`` with its
GOV.UK component (``templates/forms/_field_*.html``), wherever the page puts
it.
"""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from conduct.forms.kit import GovukForm

register = template.Library()


@register.simple_tag
def govuk_field(bound: forms.BoundField) -> SafeString:
    form = bound.form
    if not isinstance(form, GovukForm):
        raise TypeError(f"{bound.name} is not a field of a GovukForm.")
    row = form.row(bound)
    return render_to_string(row.template, {"row": row})
