"""Serializer bases for API input.

DRF ignores fields it does not declare, so a client that misspells
``rationale`` as ``rational`` would see its value silently dropped. Every API
input serializer derives from :class:`InputSerializer`, which refuses such
fields with a 400 problem listing them (``unknown-fields``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.settings import api_settings

from conduct.api.exceptions import UNKNOWN_FIELD

READ_ONLY_FIELD = "This field is read-only."
NOT_AN_OBJECT = "Expected a JSON object."


class StrictFieldsMixin:
    """Refuse input fields the serializer does not accept (unknown or read-only)."""

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
        return super().to_internal_value(data)  # type: ignore[misc]


class InputSerializer(StrictFieldsMixin, serializers.Serializer[Any]):
    """Base of every ``InputSerializer`` nested in an API view."""
