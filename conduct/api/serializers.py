"""Serializer bases and shared fields for API input.

DRF ignores fields it does not declare, so a client that misspells
``rationale`` as ``rational`` would see its value silently dropped. Every API
input serializer derives from :class:`InputSerializer`, which refuses such
fields with a 400 problem listing them (``unknown-fields``), and values of
the wrong kind that DRF would accept with a 422 problem (``invalid-values``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.settings import api_settings

from conduct.api.exceptions import UNKNOWN_FIELD
from conduct.models import Force

READ_ONLY_FIELD = "This field is read-only."
NOT_AN_OBJECT = "Expected a JSON object."
NOT_TEXT = "Not a valid string."
GIVEN_TWICE = "Give this parameter once."
EMPTY_PARAMETER = "This parameter may not be empty: leave it out instead."


class StrictFieldsMixin:
    """Refuse input fields the serializer does not accept (unknown or read-only),
    and values DRF would quietly take for something else: a number where text
    is expected (DRF turns 12 into "12"), and, in query parameters, an empty
    value (DRF reads it as "not given") or a parameter given twice (DRF keeps
    the last)."""

    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [NOT_AN_OBJECT]},
                code="not_an_object",
            )
        writable = {name for name, field in self.fields.items() if not field.read_only}
        refused = {
            str(name): [READ_ONLY_FIELD if name in self.fields else UNKNOWN_FIELD]
            for name in sorted(set(data) - writable, key=str)
        }
        if refused:
            raise serializers.ValidationError(refused, code="unknown_field")
        invalid = (
            self._invalid_parameters(data)
            if isinstance(data, QueryDict)
            else self._invalid_text(data)
        )
        if invalid:
            raise serializers.ValidationError(invalid, code="invalid")
        return super().to_internal_value(data)  # type: ignore[misc]

    def _invalid_text(self, data: Mapping[str, Any]) -> dict[str, list[str]]:
        return {
            name: [NOT_TEXT]
            for name, value in data.items()
            if isinstance(self.fields[name], serializers.CharField)
            and value is not None
            and not isinstance(value, str)
        }

    def _invalid_parameters(self, data: QueryDict) -> dict[str, list[str]]:
        invalid: dict[str, list[str]] = {}
        for name, values in data.lists():
            if len(values) > 1:
                invalid[name] = [GIVEN_TWICE]
            elif values == [""] and not getattr(
                self.fields[name], "allow_blank", False
            ):
                invalid[name] = [EMPTY_PARAMETER]
        return invalid


class InputSerializer(StrictFieldsMixin, serializers.Serializer[Any]):
    """Base of every ``InputSerializer`` nested in an API view."""


def force_field(*, help_text: str, **options: Any) -> serializers.SlugRelatedField[Any]:
    """An input naming an active police force by its code (``nhants``), as
    everywhere in the API; ``options`` as for any field (``required``...)."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Force.objects.filter(is_active=True),
        help_text=help_text,
        **options,
    )
