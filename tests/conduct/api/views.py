"""Endpoints that exist only in tests, to drive the API plumbing end to end:
an If-Match write on a real case, an idempotent POST that records an audit
event, and a view that raises each kind of error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
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
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.audit import AuditAction
from conduct.exceptions import ApplicationError, NotPermitted, StaleVersion
from conduct.models import AuditEvent, User
from conduct.services.audit import audit_record
from referrals.selectors.cases import case_get
from referrals.services.cases import case_iopc_reference_set
from referrals.services.common import lock_case

#: Called inside the idempotent handler after it has acted (race tests).
AFTER_ACTING: list[Callable[[], None]] = []


class CaseIopcReferenceSetApi(IfMatchRequiredMixin, APIView):
    class InputSerializer(StrictInput):
        iopc_reference = serializers.CharField(max_length=32)

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        assert isinstance(request.user, User)
        case = case_get(user=request.user, case_id=kwargs["case_id"])
        return Versioned("case", case.pk, case.version)

    def post(self, request: Request, case_id: int) -> Response:
        assert isinstance(request.user, User)
        expected = check_if_match(request, self.get_versioned(request, case_id=case_id))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            case = lock_case(case_id, expected_version=expected)
            case = case_iopc_reference_set(
                actor=request.user,
                case=case,
                iopc_reference=serializer.validated_data["iopc_reference"],
            )
        response = Response({"iopc_reference": case.iopc_reference})
        return set_etag(response, Versioned("case", case.pk, case.version))


class NoteAction(AuditAction):
    """The test view's one action (never registered)."""

    NOTE = "test.note", "Note"


class NoteCreateApi(APIView):
    class InputSerializer(StrictInput):
        text = serializers.CharField(max_length=200)
        count = serializers.IntegerField(min_value=1, required=False)

    @idempotent
    def post(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = serializer.validated_data["text"]
        with transaction.atomic():
            event = audit_record(
                actor=request.user,
                action=NoteAction.NOTE,
                target=request.user,
                case_id=None,
                new={"text": text},
            )
        if text.startswith("refuse"):
            # Acted, then answered with an error: nothing may be kept.
            return Response({"detail": "no"}, status=status.HTTP_409_CONFLICT)
        for hook in AFTER_ACTING:
            hook()
        return Response(
            {"id": event.pk, "text": text},
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/test/notes/{event.pk}/"},
        )


def notes_count(text: str) -> int:
    return AuditEvent.objects.filter(
        action=NoteAction.NOTE, new_values__text=text
    ).count()


class RaiseApi(APIView):
    """GET /raise/<kind>/: raise one kind of error."""

    def get(self, request: Request, kind: str) -> Response:
        if kind == "refused":
            raise ApplicationError(
                "A closed case cannot be closed.", rule="case.closed"
            )
        if kind == "not-permitted":
            raise NotPermitted("Your role cannot do this.", rule="role")
        if kind == "stale":
            raise StaleVersion(current=8, expected=7)
        if kind == "django-validation":
            raise DjangoValidationError({"closed_on": ["Enter a valid date."]})
        if kind == "crash":
            raise RuntimeError("secret internals")
        return Response({"kind": kind})
