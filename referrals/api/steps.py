"""How a lifecycle step is written for the API: one ``CaseStepApi`` subclass
per step, documented with ``documented(...)``.

A subclass names the URL's id and how to find the object in the caller's
scope (the lookup bases below: ``CaseLevelStepApi``, ``SubjectStepApi``, and
one per kind of object beside its steps), the one service it calls
(``service``, the function the browser's step names too), its input and what
the answer shows (``body``). The handler is the same for every step: 404 out
of scope, then the input (400/422), then If-Match against the case's ETag
(428 missing, 412 stale), then the service under the case's row lock at the
version the client holds (``referrals.services.common.run_step``): a refusal
is 409 with its ``rule``, a role refusal 403. The answer is the case's new
state, what the step made, the deadlines it opened and the case's new ETag.

A read of what a case holds (``CaseReadApi``, documented with
``documented_read(...)``) finds its object the same way and answers it with
the case's ETag.

If-Match is checked inside the ``@idempotent`` handler rather than before it:
a retried POST whose first attempt succeeded carries the ETag the first
attempt made stale, and must get the stored response back, not a 412.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar, cast

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import (
    IfMatchRequiredMixin,
    Versioned,
    check_if_match,
    idempotent,
    set_etag,
)
from conduct.api.openapi import problem_responses
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import CaseStateSerializer, DeadlineSerializer
from referrals.models import Case
from referrals.selectors.cases import case_version_get, subject_get
from referrals.services.common import Outcome, run_step

STEP_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422, 428)
READ_ERRORS = problem_responses(401, 403, 404)

ViewT = TypeVar("ViewT", bound=type[APIView])

DEADLINE_EXAMPLE = {
    "id": 311,
    "rule": "notice_response",
    "title": "Subject's response to the notice of investigation",
    "subject": 77,
    "anchor_event": "notice.served",
    "anchor_on": "2016-12-12",
    "due_on": "2016-12-28",
    "earliest_on": None,
    "status": "open",
    "met_on": None,
    "met_late": False,
    "check_local_policy": False,
}
#: A subject as the case and the subject answer it: who, in which role, and
#: the appropriate authority (reference case C's detective).
SUBJECT_NAMED_EXAMPLE = {
    "person": {"id": 501, "name": "Dana Whitlow"},
    "role": {
        "id": 601,
        "kind": "police_officer",
        "force": "nhants",
        "rank": "Detective Constable",
        "identifier": "NH101",
    },
    "appropriate_authority": "nhants",
}
CASE_STATE_EXAMPLE = {
    "id": 42,
    "reference": "NH/C/2016/1114",
    "status": "open",
    "version": 8,
    "updated_at": "2016-12-12T10:04:11Z",
}


def user_of(request: Request) -> User:
    user = request.user
    assert isinstance(user, User), "the API needs an authenticated user"
    return user


def case_etag(case: Case) -> Versioned:
    return Versioned("case", case.pk, case.version)


def valid(serializer_class: type[StrictInput], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data: dict[str, Any] = serializer.validated_data
    return data


# ---------------------------------------------------------------- the answer


def step_response(
    outcome: Outcome[Any],
    body: dict[str, Any],
    *,
    status_code: int = status.HTTP_201_CREATED,
) -> Response:
    data = {
        "case": CaseStateSerializer(outcome.case).data,
        **body,
        "deadlines_created": DeadlineSerializer(
            cast(Any, outcome.deadlines_created), many=True
        ).data,
    }
    return set_etag(Response(data, status=status_code), case_etag(outcome.case))


def step_output(name: str, **fields: serializers.Field[Any, Any, Any, Any]) -> Any:
    """An OutputSerializer class for a step: the case's state, ``fields`` and
    the deadlines created (documentation of ``step_response``)."""
    attributes: dict[str, Any] = {
        "case": CaseStateSerializer(),
        **fields,
        "deadlines_created": DeadlineSerializer(
            many=True, help_text="The statutory clocks this step started."
        ),
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    return type(f"{name}Serializer", (serializers.Serializer,), attributes)


def step_example(name: str, **values: Any) -> OpenApiExample:
    """A documented answer: the case's state, ``values`` and no deadlines."""
    return OpenApiExample(
        name,
        value={"case": CASE_STATE_EXAMPLE, **values, "deadlines_created": []},
        response_only=True,
    )


# ---------------------------------------------------------------- the lookup


class CaseObjectLookup:
    """How an endpoint finds the object its URL names, in the caller's scope,
    and that object's case (whose ETag it answers and checks)."""

    #: The URL's keyword for the id of the object.
    lookup: ClassVar[str]
    #: The scoped getter that finds it, called ``getter(user=..., <lookup>=id)``:
    #: the browser's (``scoped_get`` and the ``*_get`` selectors), 404 out of scope.
    getter: ClassVar[Callable[..., Any]]
    #: The attributes leading from the object to its case ("" for the case).
    case_path: ClassVar[str] = "case"

    def find(self, user: User, pk: int) -> tuple[Any, Case]:
        """The object in the caller's scope and its case."""
        # Read from the class: a function read from an instance is bound to it.
        getter = type(self).getter
        target = getter(user=user, **{self.lookup: pk})
        case = target
        for name in filter(None, self.case_path.split(".")):
            case = getattr(case, name)
        return target, case


class CaseLookup(CaseObjectLookup):
    lookup = "case_id"
    getter = case_version_get
    case_path = ""


class SubjectLookup(CaseObjectLookup):
    lookup = "subject_id"
    getter = subject_get


# ---------------------------------------------------------------- the step


class CaseStepApi(CaseObjectLookup, IfMatchRequiredMixin, APIView):
    """One POST step. Subclasses give the lookup (``lookup``, ``getter``,
    ``case_path``: the object in scope and its case) and ``argument``,
    ``service``, ``InputSerializer`` and ``body`` (what the answer shows
    besides the case and the deadlines created); ``act`` only when the data
    needs shaping."""

    #: The service's keyword for the object the step acts on.
    argument: ClassVar[str]
    #: The one service the step calls: the function the browser's step names
    #: too (``referrals.steps``), which is how a test pairs them.
    service: ClassVar[Callable[..., Any]]
    success_status: ClassVar[int] = status.HTTP_200_OK
    InputSerializer: ClassVar[type[StrictInput]]

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
            expected_version=check_if_match(request, case_etag(case)),
            step=lambda locked: self.act(user, target, data),
        )
        return step_response(
            outcome, self.body(outcome.result), status_code=self.success_status
        )


class CaseLevelStepApi(CaseLookup, CaseStepApi):
    argument = "case"


class SubjectStepApi(SubjectLookup, CaseStepApi):
    argument = "subject"


# ---------------------------------------------------------------- the read


class CaseReadApi(CaseObjectLookup, APIView):
    """One GET of what a case holds: the object the URL names, found as a
    step finds it (404 out of scope), answered by ``answer`` with the case's
    ETag, which the client sends back in ``If-Match`` to take a step. Mixed
    before a step on the same address (``class X(CaseReadApi, SubjectStepApi)``),
    it reads what the step writes; ``documented_read(...)`` documents it."""

    #: The answer's serializer, unless ``answer`` says otherwise.
    OutputSerializer: ClassVar[type[serializers.BaseSerializer[Any]]]

    def answer(self, target: Any) -> Any:
        return self.OutputSerializer(target).data

    def get(self, request: Request, /, **kwargs: Any) -> Response:
        target, case = self.find(user_of(request), kwargs[self.lookup])
        return set_etag(Response(self.answer(target)), case_etag(case))


# ---------------------------------------------------------------- the schema


def documented(
    operation_id: str,
    summary: str,
    *,
    tag: str,
    request: type[StrictInput],
    output: Any,
    example: dict[str, Any] | None = None,
    examples: Sequence[OpenApiExample] = (),
    code: int = 200,
    description: str = "",
) -> Callable[[ViewT], ViewT]:
    """The schema of a step: its body with an example (``example``, named
    after the summary, and any others in ``examples``, request or answer),
    its answer and every refusal it can give."""
    named = [OpenApiExample(summary, value=example, request_only=True)]
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            summary=summary,
            description=description
            or "Needs `If-Match` with the case's ETag; accepts `Idempotency-Key`.",
            tags=[tag],
            request=request,
            responses={code: output, **STEP_ERRORS},
            examples=[*(named if example is not None else []), *examples],
        )
    )


def documented_read(
    operation_id: str,
    summary: str,
    *,
    tag: str,
    description: str,
    output: Any = None,
    examples: Sequence[OpenApiExample] = (),
) -> Callable[[ViewT], ViewT]:
    """The schema of a read: its answer (``output``, by default the view's
    ``OutputSerializer``), with any ``examples``, and the refusals a read can
    give (401, 403, 404)."""

    def decorate(view: ViewT) -> ViewT:
        answer = cast(Any, view).OutputSerializer if output is None else output
        return extend_schema_view(
            get=extend_schema(
                operation_id=operation_id,
                summary=summary,
                description=description,
                tags=[tag],
                responses={200: answer, **READ_ERRORS},
                examples=list(examples),
            )
        )(view)

    return decorate


def rationale_field() -> serializers.CharField:
    return serializers.CharField(help_text="Why: written to the audit trail.")
