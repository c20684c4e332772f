"""The form of the API tokens page: a name and a lifetime. Shape only (a
whole number of days): the rules (a name, at most 100 characters, 1 to 365
days, an active user) are the service's, whose messages the page shows on
the field they are about."""

from __future__ import annotations

from django import forms

from conduct.forms.fields import text
from conduct.forms.kit import GovukForm
from conduct.services.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS

DAYS_NOT_A_NUMBER = (
    f"Enter the number of days, a whole number from 1 to {MAX_TOKEN_DAYS}"
)


class ApiTokenCreateForm(GovukForm):
    name = text(
        "Name",
        "a name",
        required=False,
        hint="For example, the system that will use it: IOPC case system",
        width="two-thirds",
        autocomplete="off",
        spellcheck=False,
    )
    expires_in_days = forms.IntegerField(
        initial=DEFAULT_TOKEN_DAYS,
        label="Days until it expires",
        help_text=f"From 1 to {MAX_TOKEN_DAYS} days",
        widget=forms.NumberInput(attrs={"data-width": "4", "autocomplete": "off"}),
        error_messages={"required": DAYS_NOT_A_NUMBER, "invalid": DAYS_NOT_A_NUMBER},
    )
    rule_fields = {"api_token.name": "name", "api_token.lifetime": "expires_in_days"}
