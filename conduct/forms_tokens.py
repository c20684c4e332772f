"""The form of the API tokens page: a name and a lifetime. Shape only: the
rules (a name, 1 to 365 days, an active user) are the service's."""

from __future__ import annotations

from django import forms

from conduct.models.tokens import TOKEN_NAME_MAX_LENGTH
from conduct.services.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS

NAME_MISSING = "Enter a name that says where the token is used"
NAME_TOO_LONG = f"Name must be {TOKEN_NAME_MAX_LENGTH} characters or fewer"
DAYS_INVALID = f"Days must be a whole number from 1 to {MAX_TOKEN_DAYS}"


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=TOKEN_NAME_MAX_LENGTH,
        label="Name",
        help_text="For example, the system that will use it: IOPC case system",
        error_messages={"required": NAME_MISSING, "max_length": NAME_TOO_LONG},
    )
    expires_in_days = forms.IntegerField(
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=DEFAULT_TOKEN_DAYS,
        label="Days until it expires",
        help_text=f"From 1 to {MAX_TOKEN_DAYS} days",
        error_messages={
            "required": DAYS_INVALID,
            "invalid": DAYS_INVALID,
            "min_value": DAYS_INVALID,
            "max_value": DAYS_INVALID,
        },
    )
