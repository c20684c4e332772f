"""OpenAPI pieces: the Problem schema, documented error responses and headers,
the bearer security scheme, and the schema class every view uses.

Endpoints document their errors with ``problem_responses``::

    @extend_schema(
        responses={200: OutputSerializer, **problem_responses(404, 409, 412)},
    )

and :class:`AutoSchema` adds what every operation can answer anyway (401,
403, 429; 400, 415 and 422 where there is a body; 404 where the path has a
parameter; 404 and 422 on paginated lists, for the cursor and page_size; 412
and 428 for If-Match views) unless the view documents it. Request bodies of
input serializers declare ``additionalProperties: false`` (unknown fields are
refused) and free-text query parameters ``minLength: 1`` (an empty one is
refused, not read as "not given": conduct.api.serializers, the pagination and
the case list).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from conduct.api import exceptions as problems
from conduct.api.concurrency import (
    IDEMPOTENCY_KEY_PATTERN,
    UNSAFE_METHODS,
    IfMatchRequiredMixin,
)
from conduct.api.exceptions import PROBLEM_CONTENT_TYPE, ProblemType
from conduct.api.serializers import StrictFieldsMixin


class ProblemSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details, as every API error is answered."""

    type = serializers.CharField(
        help_text="URI naming the kind of problem (see docs/api.md)."
    )
    title = serializers.CharField(help_text="Short summary of that kind of problem.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(
        help_text="What went wrong with this request, for a person to read."
    )
    instance = serializers.CharField(
        required=False, help_text="The path of the request."
    )
    rule = serializers.CharField(
        required=False,
        help_text="The rule that refused the request (409, 403, 412), e.g. "
        "`case.closed`.",
    )
    # Shadows Serializer.errors only in the class body: this serializer
    # describes the schema and never validates anything.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field path (dotted for nested fields) to its messages "
        "(400 unknown fields, 422 invalid values).",
    )

    class Meta:
        ref_name = "Problem"


def _example(
    name: str,
    problem: ProblemType,
    detail: str,
    *,
    summary: str = "",
    **extra: Any,
) -> OpenApiExample:
    return OpenApiExample(
        name,
        summary=summary or problem.title,
        value=problems.problem_body(
            problem, detail=detail, instance="/api/v1/cases/42/close/", extra=extra
        ),
        response_only=True,
    )


PROBLEM_EXAMPLES: dict[int, list[OpenApiExample]] = {
    400: [
        _example(
            "MalformedBody",
            problems.MALFORMED_BODY,
            "JSON parse error - Expecting ',' delimiter: line 1 column 18 (char 17)",
        ),
        _example(
            "UnknownFields",
            problems.UNKNOWN_FIELDS,
            "This endpoint does not accept: rational.",
            errors={"rational": ["Unknown field."]},
        ),
    ],
    401: [
        _example(
            "NotAuthenticated",
            problems.NOT_AUTHENTICATED,
            "Authentication credentials were not provided.",
        ),
        _example(
            "InvalidToken",
            problems.AUTHENTICATION_FAILED,
            "The token has expired.",
        ),
    ],
    403: [
        _example(
            "NotPermitted",
            problems.NOT_PERMITTED,
            "Your role (Manager (read-only dashboards)) cannot close a case.",
            rule="role",
        )
    ],
    404: [_example("NotFound", problems.NOT_FOUND, "No such case.")],
    409: [
        _example(
            "Refused",
            problems.REFUSED,
            "A case that is closed cannot become closed.",
            rule="case.transition",
        )
    ],
    412: [
        _example(
            "StaleVersion",
            problems.PRECONDITION_FAILED,
            "The case has changed since you read it (it is now at version 8). "
            "GET it again, check the changes and retry with its new ETag.",
            rule="case.version",
        )
    ],
    415: [
        _example(
            "UnsupportedMediaType",
            problems.UNSUPPORTED_MEDIA_TYPE,
            'Unsupported media type "text/plain" in request.',
        )
    ],
    422: [
        _example(
            "InvalidValues",
            problems.INVALID_VALUES,
            "1 field has an invalid value.",
            errors={
                "closed_on": [
                    "Date has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DD."
                ]
            },
        ),
        _example(
            "IdempotencyKeyReused",
            problems.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was already used for a different request "
            "(another method, path or body). Use a new key for a new request.",
            rule="idempotency_key.reused",
        ),
    ],
    428: [
        _example(
            "PreconditionRequired",
            problems.PRECONDITION_REQUIRED,
            "This change needs an If-Match header with the ETag of the case you "
            "last read (GET it first).",
        )
    ],
    429: [
        _example(
            "Throttled",
            problems.THROTTLED,
            "Request was throttled. Expected available in 12 seconds.",
        )
    ],
}

PROBLEM_DESCRIPTIONS: dict[int, str] = {
    400: "The body is not valid JSON, not a JSON object, or has fields this "
    "endpoint does not accept.",
    401: "No credentials, or a token that is unknown, expired or revoked.",
    403: "Your role or scope does not allow this.",
    404: "Nothing here, or nothing you may see.",
    409: "A rule of the process refused the request; `rule` names it.",
    412: "Your copy is stale: the If-Match ETag is not the current one.",
    415: "Send the body as application/json.",
    422: "Values are invalid (see `errors`), or the Idempotency-Key was used for "
    "another request.",
    428: "This change needs an If-Match header.",
    429: "Too many requests: wait for Retry-After seconds.",
}

RESPONSE_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "schema": {"type": "string"},
            "description": 'The scheme to use: `Bearer realm="api"`, with '
            '`error="invalid_token"` when the token was refused.',
        }
    },
    429: {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 1},
            "description": "Seconds to wait before the next request.",
        }
    },
}


def problem_response(status: int) -> OpenApiResponse:
    return OpenApiResponse(
        response=ProblemSerializer,
        description=PROBLEM_DESCRIPTIONS[status],
        examples=PROBLEM_EXAMPLES[status],
    )


def problem_responses(*statuses: int) -> dict[Any, OpenApiResponse]:
    """``@extend_schema(responses=…)`` entries for problem+json errors."""
    return {
        (status, PROBLEM_CONTENT_TYPE): problem_response(status) for status in statuses
    }


IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description='The ETag you last read, e.g. `"case-42-v7"` (428 without it, '
    "412 when stale).",
)
IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name="Idempotency-Key",
    # Anything else is a 400 problem.
    type={"type": "string", "pattern": f"^{IDEMPOTENCY_KEY_PATTERN.pattern}$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description="A unique key (e.g. a UUID) per logical request, 1 to 255 "
    "visible ASCII characters: a retry with the same key and body returns the "
    "first response without acting again.",
)


class AutoSchema(openapi.AutoSchema):
    """Adds the problem responses and headers every operation can produce."""

    def _is_if_match_view(self) -> bool:
        return self.method in UNSAFE_METHODS and isinstance(
            self.view, IfMatchRequiredMixin
        )

    def _is_idempotent(self) -> bool:
        handler = getattr(self.view, self.method.lower(), None)
        return bool(getattr(handler, "idempotent", False))

    def _is_paginated_list(self) -> bool:
        # drf-spectacular's own methods, unannotated.
        untyped: Any = self
        return bool(
            self.method == "GET"
            and untyped._is_list_view()
            and untyped._get_paginator() is not None
        )

    def default_problem_statuses(self) -> list[int]:
        statuses = [401, 403, 429]
        if self.method in {"POST", "PUT", "PATCH"}:
            statuses += [400, 415, 422]
        if "{" in self.path:
            statuses.append(404)
        if self._is_paginated_list():
            # A forged or stale cursor (404); a page_size that is no number.
            statuses += [404, 422]
        if self._is_if_match_view():
            statuses += [412, 428]
        return sorted(set(statuses))

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        names = {p.name for p in parameters if isinstance(p, OpenApiParameter)}
        if self._is_if_match_view() and "If-Match" not in names:
            parameters.append(IF_MATCH_PARAMETER)
        if self._is_idempotent() and "Idempotency-Key" not in names:
            parameters.append(IDEMPOTENCY_KEY_PARAMETER)
        return parameters

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if (
                parameter["in"] == "query"
                and schema.get("type") == "string"
                and not {"enum", "format", "pattern", "minLength"} & set(schema)
            ):
                # An empty query parameter is refused, not read as "not given".
                schema["minLength"] = 1
        return parameters

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        # drf-spectacular's own method, unannotated.
        base: Any = super()
        schema: dict[str, Any] = base._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictFieldsMixin):
            # The API refuses fields it does not know (400 unknown-fields).
            schema["additionalProperties"] = False
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status in self.default_problem_statuses():
            code = str(status)
            if code not in responses:
                # drf-spectacular's own method, unannotated.
                untyped: Any = self
                responses[code] = untyped._get_response_for_code(
                    problem_response(status), code, [PROBLEM_CONTENT_TYPE], direction
                )
        for status, headers in RESPONSE_HEADERS.items():
            response = responses.get(str(status))
            if response is not None:
                response.setdefault("headers", {}).update(headers)
        return dict(sorted(responses.items()))


# Registering happens in drf-spectacular's unannotated __init_subclass__.
class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "conduct.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "cnd_…",
            "description": "A personal API token: `Authorization: Bearer cnd_…`. "
            "Create one with `python manage.py create_api_token USERNAME`; it acts "
            "with its user's role and forces.",
        }
