"""Every API error as RFC 9457 problem details (``application/problem+json``).

One DRF exception handler (``problem_exception_handler``) maps every error a
view can raise, domain errors included, and the Django error hooks
(``handler404`` and friends, installed in ``conduct/urls.py``) answer the same
way for any path under ``/api/`` that never reaches a DRF view. Status codes:

- 400 the body cannot be read (malformed JSON, not a JSON object) or carries
  fields the endpoint does not accept;
- 422 the body was understood but values are invalid (serializer or model
  validation), or an Idempotency-Key was reused for a different request;
- 401 no or bad credentials (with ``WWW-Authenticate``); 403 not permitted
  (``NotPermitted`` and permission classes); 404; 405; 406; 415;
- 409 a domain rule refused the request (any other ``ApplicationError``), with
  ``rule`` naming the rule;
- 412 the client's copy is stale (If-Match, or ``StaleVersion`` from a service);
  428 a write that needs If-Match came without it;
- 429 throttled, with ``Retry-After``; 500 anything unexpected (no traceback).
"""

from __future__ import annotations

import http
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings

from conduct.exceptions import ApplicationError, NotPermitted, StaleVersion

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
#: Problem ``type`` URIs live under this namespace (``.invalid`` never
#: resolves: the URI names the kind of problem; docs/api.md describes each).
PROBLEM_TYPE_BASE = "https://conduct.invalid/problems/"
#: Paths whose errors are always problem+json, never an HTML page.
API_PATH_PREFIX = "/api/"

#: Validation error codes that mean "the shape of the request is wrong" (400)
#: rather than "a value is wrong" (422).
SHAPE_ERROR_CODES = frozenset({"unknown_field", "not_an_object"})
#: The message for a field the endpoint does not accept (see serializers.py).
UNKNOWN_FIELD = "Unknown field."


@dataclass(frozen=True)
class ProblemType:
    slug: str
    title: str
    status: int

    @property
    def uri(self) -> str:
        return PROBLEM_TYPE_BASE + self.slug


MALFORMED_BODY = ProblemType("malformed-body", "Malformed request body", 400)
UNKNOWN_FIELDS = ProblemType("unknown-fields", "Unknown fields", 400)
BAD_REQUEST = ProblemType("bad-request", "Bad request", 400)
NOT_AUTHENTICATED = ProblemType("not-authenticated", "Authentication required", 401)
AUTHENTICATION_FAILED = ProblemType(
    "authentication-failed", "Authentication failed", 401
)
NOT_PERMITTED = ProblemType("not-permitted", "Not permitted", 403)
NOT_FOUND = ProblemType("not-found", "Not found", 404)
METHOD_NOT_ALLOWED = ProblemType("method-not-allowed", "Method not allowed", 405)
NOT_ACCEPTABLE = ProblemType("not-acceptable", "Not acceptable", 406)
REFUSED = ProblemType("refused", "Refused by a rule", 409)
PRECONDITION_FAILED = ProblemType("precondition-failed", "Stale version", 412)
UNSUPPORTED_MEDIA_TYPE = ProblemType(
    "unsupported-media-type", "Unsupported media type", 415
)
INVALID_VALUES = ProblemType("invalid-values", "Invalid values", 422)
IDEMPOTENCY_KEY_REUSED = ProblemType(
    "idempotency-key-reused", "Idempotency key reused", 422
)
PRECONDITION_REQUIRED = ProblemType(
    "precondition-required", "Precondition required", 428
)
THROTTLED = ProblemType("throttled", "Too many requests", 429)
SERVER_ERROR = ProblemType("server-error", "Internal server error", 500)

#: Every problem type the API answers with, for the docs and the schema.
PROBLEM_TYPES: tuple[ProblemType, ...] = (
    MALFORMED_BODY,
    UNKNOWN_FIELDS,
    BAD_REQUEST,
    NOT_AUTHENTICATED,
    AUTHENTICATION_FAILED,
    NOT_PERMITTED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    REFUSED,
    PRECONDITION_FAILED,
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_VALUES,
    IDEMPOTENCY_KEY_REUSED,
    PRECONDITION_REQUIRED,
    THROTTLED,
    SERVER_ERROR,
)

_BY_EXCEPTION: tuple[tuple[type[exceptions.APIException], ProblemType], ...] = (
    (exceptions.ParseError, MALFORMED_BODY),
    (exceptions.NotAuthenticated, NOT_AUTHENTICATED),
    (exceptions.AuthenticationFailed, AUTHENTICATION_FAILED),
    (exceptions.PermissionDenied, NOT_PERMITTED),
    (exceptions.NotFound, NOT_FOUND),
    (exceptions.MethodNotAllowed, METHOD_NOT_ALLOWED),
    (exceptions.NotAcceptable, NOT_ACCEPTABLE),
    (exceptions.UnsupportedMediaType, UNSUPPORTED_MEDIA_TYPE),
    (exceptions.Throttled, THROTTLED),
)


class ProblemError(exceptions.APIException):
    """An API error with its own problem type (raise a subclass)."""

    problem: ProblemType = BAD_REQUEST

    def __init__(self, detail: str, *, rule: str = "") -> None:
        super().__init__(detail)
        self.status_code = self.problem.status
        self.rule = rule


class PreconditionRequired(ProblemError):
    problem = PRECONDITION_REQUIRED


class PreconditionFailed(ProblemError):
    problem = PRECONDITION_FAILED


class IdempotencyKeyReused(ProblemError):
    problem = IDEMPOTENCY_KEY_REUSED


class BadRequest(ProblemError):
    problem = BAD_REQUEST


class InvalidToken(exceptions.AuthenticationFailed):
    """A bearer token that is unknown, expired, revoked or whose user is
    inactive: answered with ``error="invalid_token"`` (RFC 6750 section 3.1)."""


def bearer_challenge(*, error: str = "", description: str = "") -> str:
    """The ``WWW-Authenticate`` value for the API's bearer tokens."""
    challenge = 'Bearer realm="api"'
    if error:
        challenge += f', error="{error}"'
    if description:
        challenge += ', error_description="{}"'.format(description.replace('"', "'"))
    return challenge


def problem_body(
    problem: ProblemType,
    *,
    detail: str,
    status: int | None = None,
    instance: str = "",
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem.uri,
        "title": problem.title,
        "status": status or problem.status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra or {})
    return body


def problem_response(
    problem: ProblemType,
    *,
    detail: str,
    status: int | None = None,
    instance: str = "",
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A DRF response carrying a problem, for use inside DRF views."""
    body = problem_body(
        problem, detail=detail, status=status, instance=instance, extra=extra
    )
    return Response(
        body,
        status=body["status"],
        headers=dict(headers or {}),
        content_type=PROBLEM_CONTENT_TYPE,
    )


def problem_json_response(
    problem: ProblemType, *, detail: str, instance: str = ""
) -> JsonResponse:
    """A plain Django response carrying a problem, for non-DRF code paths."""
    body = problem_body(problem, detail=detail, instance=instance)
    return JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


# ---------------------------------------------------------------- validation


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"field.sub.0.name": [messages]}``.

    Errors that belong to no single field are under ``non_field_errors``.
    """
    flat: dict[str, list[str]] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                name = str(key)
                if name == api_settings.NON_FIELD_ERRORS_KEY and path:
                    walk(value, path)
                else:
                    walk(value, f"{path}.{name}" if path else name)
        elif isinstance(node, list | tuple):
            if all(not isinstance(item, Mapping | list | tuple) for item in node):
                key = path or api_settings.NON_FIELD_ERRORS_KEY
                flat.setdefault(key, []).extend(str(item) for item in node)
            else:
                for index, item in enumerate(node):
                    if item:
                        walk(item, f"{path}.{index}" if path else str(index))
        else:
            flat.setdefault(path or api_settings.NON_FIELD_ERRORS_KEY, []).append(
                str(node)
            )

    walk(detail, prefix)
    return flat


def _codes(node: Any) -> set[str]:
    if isinstance(node, Mapping):
        return set().union(*(_codes(value) for value in node.values()))
    if isinstance(node, list | tuple):
        return set().union(*(_codes(item) for item in node))
    return {str(node)}


def _validation_problem(
    exc: exceptions.ValidationError,
) -> tuple[ProblemType, str, dict[str, Any]]:
    errors = flatten_errors(exc.detail)
    codes = flatten_errors(exc.get_codes())
    if _codes(exc.get_codes()) & SHAPE_ERROR_CODES:
        unknown = sorted(
            name for name, names in codes.items() if "unknown_field" in names
        )
        if unknown:
            detail = "This endpoint does not accept: " + ", ".join(unknown) + "."
            return UNKNOWN_FIELDS, detail, {"errors": errors}
        return (
            MALFORMED_BODY,
            "The request body must be a JSON object.",
            {"errors": errors},
        )
    count = len(errors)
    detail = (
        "1 field has an invalid value."
        if count == 1
        else f"{count} fields have invalid values."
    )
    return INVALID_VALUES, detail, {"errors": errors}


def _django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): list(
                messages
            )
            for field, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: list(exc.messages)}


# ---------------------------------------------------------------- the handler


def _describe(  # noqa: PLR0911 - one return per family of error
    exc: Exception,
) -> tuple[ProblemType, str, dict[str, Any]] | None:
    """The problem type, detail and extra members for ``exc``, or None."""
    if isinstance(exc, StaleVersion):
        return PRECONDITION_FAILED, exc.message, {"rule": exc.rule}
    if isinstance(exc, NotPermitted):
        return NOT_PERMITTED, exc.message, {"rule": exc.rule}
    if isinstance(exc, ApplicationError):
        return REFUSED, exc.message, {"rule": exc.rule}
    if isinstance(exc, DjangoValidationError):
        errors = _django_validation_errors(exc)
        return INVALID_VALUES, " ".join(exc.messages), {"errors": errors}
    if isinstance(exc, Http404):
        return NOT_FOUND, str(exc) or "Not found.", {}
    if isinstance(exc, DjangoPermissionDenied):
        return NOT_PERMITTED, str(exc) or "You cannot do this.", {}
    if isinstance(exc, exceptions.ValidationError):
        return _validation_problem(exc)
    if isinstance(exc, ProblemError):
        return exc.problem, str(exc.detail), {"rule": exc.rule} if exc.rule else {}
    if isinstance(exc, exceptions.APIException):
        for exception_class, problem in _BY_EXCEPTION:
            if isinstance(exc, exception_class):
                return problem, str(exc.detail), {}
        return (
            ProblemType(
                str(exc.default_code).replace("_", "-"),
                http.HTTPStatus(exc.status_code).phrase,
                exc.status_code,
            ),
            str(exc.detail),
            {},
        )
    return None


# rest_framework.views imports the authentication classes, which import this
# module: importing it at the top would be circular.


def problem_exception_handler(
    exc: Exception, context: Mapping[str, Any]
) -> Response | None:
    """DRF ``EXCEPTION_HANDLER``: every known error as problem+json.

    Returns None for anything unexpected, so Django logs it (and mails the
    admins) and ``handler500`` answers with a bare 500 problem.
    """
    described = _describe(exc)
    if described is None:
        return None
    problem, detail, extra = described
    status = (
        exc.status_code
        if isinstance(exc, exceptions.APIException)
        and not isinstance(exc, exceptions.ValidationError)
        else problem.status
    )
    headers: dict[str, str] = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = (
            bearer_challenge(error="invalid_token", description=detail)
            if isinstance(exc, InvalidToken)
            else str(auth_header)
        )
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(max(1, int(wait)))
    request = context.get("request")
    from rest_framework.views import set_rollback  # not at import: see below

    set_rollback()
    return problem_response(
        problem,
        detail=detail,
        status=status,
        instance=request.path if request is not None else "",
        extra=extra,
        headers=headers,
    )


# ---------------------------------------------------------------- Django hooks


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PATH_PREFIX)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return problem_json_response(
            BAD_REQUEST, detail="The request could not be understood."
        )
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return problem_json_response(
            NOT_PERMITTED, detail="You cannot do this.", instance=request.path
        )
    return defaults.permission_denied(request, exception)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return problem_json_response(
            NOT_FOUND,
            detail="There is nothing at this address.",
            instance=request.path,
        )
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return problem_json_response(
            SERVER_ERROR,
            detail="Something went wrong on our side. It has been logged.",
            instance=request.path,
        )
    return defaults.server_error(request)
