"""A declarative form of ``CaseActionApi`` for the later lifecycle steps
(hearings, deadlines, criminal proceedings): a subclass names the URL's id,
how to find the object in the caller's scope, the input, the one service
call and what the answer shows. The handler is CaseActionApi's: 404 out of
scope, If-Match checked inside the ``@idempotent`` handler, the service run
under the case's row lock at the client's version, and the answer with the
case's state, the deadlines created and the new ETag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from conduct.api.concurrency import Versioned, idempotent
from conduct.api.openapi import problem_responses
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.views import (
    CaseActionApi,
    case_etag,
    step_response,
    user_of,
    valid,
)
from referrals.models import Case, Subject
from referrals.selectors.cases import case_version_get, subject_get
from referrals.services.common import run_step

STEP_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422, 428)
READ_ERRORS = problem_responses(401, 403, 404)


class CaseStepApi(CaseActionApi):
    """One POST step. Subclasses give ``lookup`` (the URL's id) with ``find``
    (the object in scope and its case) and ``argument``, ``service``,
    ``InputSerializer`` and ``body`` (what the answer shows besides the case
    and the deadlines created); ``act`` only when the data needs shaping."""

    #: The URL's keyword for the id of the object the step acts on.
    lookup: ClassVar[str]
    #: The service's keyword for that object.
    argument: ClassVar[str]
    #: The one service the step calls: the function the browser's step names
    #: too (``referrals.steps``), which is how a test pairs them.
    service: ClassVar[Callable[..., Any]]
    success_status: ClassVar[int] = status.HTTP_200_OK
    InputSerializer: ClassVar[type[StrictInput]]

    def find(self, user: User, pk: int) -> tuple[Any, Case]:
        raise NotImplementedError

    def act(self, user: User, target: Any, data: dict[str, Any]) -> Any:
        """Call the service on ``target`` with the valid input. Override to
        shape the input first, or to answer more than the service returns,
        and call this for the service call itself."""
        # Read from the class: a function read from an instance is bound to it.
        service = type(self).service
        return service(actor=user, **{self.argument: target}, **data)

    def body(self, result: Any) -> dict[str, Any]:
        raise NotImplementedError

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        _, case = self.find(user_of(request), kwargs[self.lookup])
        return case_etag(case)

    @idempotent
    def post(self, request: Request, /, **kwargs: Any) -> Response:
        user = user_of(request)
        target, case = self.find(user, kwargs[self.lookup])
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: self.act(user, target, data),
        )
        return step_response(
            outcome, self.body(outcome.result), status_code=self.success_status
        )


class CaseLevelStepApi(CaseStepApi):
    lookup = "case_id"
    argument = "case"

    def find(self, user: User, pk: int) -> tuple[Case, Case]:
        case = case_version_get(user=user, case_id=pk)
        return case, case


class SubjectStepApi(CaseStepApi):
    lookup = "subject_id"
    argument = "subject"

    def find(self, user: User, pk: int) -> tuple[Subject, Case]:
        subject = subject_get(user=user, subject_id=pk)
        return subject, subject.case


def documented(
    operation_id: str,
    summary: str,
    *,
    tag: str,
    request: type[StrictInput],
    output: Any,
    example: dict[str, Any],
    code: int = 200,
    description: str = "",
) -> Callable[[type[CaseStepApi]], type[CaseStepApi]]:
    """The schema of a step: its body with an example, its answer and every
    refusal it can give."""
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            summary=summary,
            description=description
            or "Needs `If-Match` with the case's ETag; accepts `Idempotency-Key`.",
            tags=[tag],
            request=request,
            responses={code: output, **STEP_ERRORS},
            examples=[OpenApiExample(summary, value=example, request_only=True)],
        )
    )


def rationale_field() -> serializers.CharField:
    return serializers.CharField(help_text="Why: written to the audit trail.")
