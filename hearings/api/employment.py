"""Employment events over the API: a role's events, with the role's own
ETag, and recording a transfer, resignation, retirement or dismissal
(hearings.services.employment)."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
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
from conduct.models import EmploymentEvent, Force, PersonRole, User
from hearings.api.serializers import EmploymentEventSerializer, ListReportRowSerializer
from hearings.models import ListReport
from hearings.selectors.proceedings import list_reports_with_due_on
from hearings.services.employment import employment_event_record
from referrals.api.serializers import choice
from referrals.api.steps import READ_ERRORS, user_of, valid
from referrals.selectors.cases import person_role_get

NO_SUCH_ROLE = "No such role."


# ---------------------------------------------------------------- employment


def role_etag(role: PersonRole) -> Versioned:
    """A role changes only by employment events: their count is its version."""
    return Versioned("person-role", role.pk, role.employment_events.count())


def role_get(*, user: User, role_id: int) -> PersonRole:
    role = PersonRole.objects.select_related("force").filter(pk=role_id).first()
    if role is None:
        raise Http404(NO_SUCH_ROLE)
    return person_role_get(user=user, person_id=role.person_id, role_id=role.pk)


class EmploymentEventInput(StrictInput):
    kind = choice(
        [
            (kind.value, kind.label)
            for kind in EmploymentEvent.Kind
            if kind != EmploymentEvent.Kind.JOINED
        ],
        "EmploymentEventEndKind",
        help_text="Joining is recorded with the role itself.",
    )
    occurred_on = serializers.DateField()
    to_force = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Force.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="The new force, for a transfer.",
    )
    new_identifier = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "EmploymentEventInput"


class RoleStateSerializer(serializers.Serializer[PersonRole]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    kind = serializers.CharField()
    force = serializers.CharField(source="force.code")
    rank = serializers.CharField(allow_blank=True)
    identifier = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    employment_events = EmploymentEventSerializer(many=True)

    class Meta:
        ref_name = "PersonRoleState"


class EmploymentEventRecordedSerializer(serializers.Serializer[Any]):
    """What recording an event answers: the role (whose ETag it carries, not
    a case's), the event and the list reports it led to."""

    role = RoleStateSerializer()
    event = EmploymentEventSerializer()
    list_reports_created = ListReportRowSerializer(many=True)

    class Meta:
        ref_name = "EmploymentEventRecorded"


class EmploymentEventsApi(IfMatchRequiredMixin, APIView):
    """A role's employment events (GET, with the role's ETag) and a new one
    (POST: transfer, resigned, retired, dismissed)."""

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        return role_etag(role_get(user=user_of(request), role_id=kwargs["role_id"]))

    @extend_schema(
        operation_id="person_roles_employment_events_list",
        summary="A role and its employment events",
        description="The `ETag` is the role's (it changes with each event); "
        "a new event sends it in `If-Match`.",
        tags=["people"],
        responses={200: RoleStateSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, role_id: int) -> Response:
        role = role_get(user=user_of(request), role_id=role_id)
        return set_etag(Response(RoleStateSerializer(role).data), role_etag(role))

    @extend_schema(
        operation_id="person_roles_employment_events_create",
        summary="Record an employment event",
        description="A transfer, resignation, retirement or dismissal, carried "
        "through every open case where the person is a subject in this role "
        "(a leaver becomes a former officer; an advisory list report may "
        "follow). PSD users of the role's force only. Needs `If-Match` with "
        "the role's ETag (GET this address); accepts `Idempotency-Key`.",
        tags=["people"],
        request=EmploymentEventInput,
        responses={
            201: EmploymentEventRecordedSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Resignation",
                value={"kind": "resigned", "occurred_on": "2022-10-12"},
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, role_id: int) -> Response:
        user = user_of(request)
        role = role_get(user=user, role_id=role_id)
        data = valid(EmploymentEventInput, request)
        check_if_match(request, role_etag(role))
        last = ListReport.objects.order_by("-id").values_list("id", flat=True).first()
        event = employment_event_record(actor=user, role=role, **data)
        reports = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").filter(
                person_id=role.person_id, pk__gt=last or 0
            )
        )
        role.refresh_from_db()
        body = {
            "role": RoleStateSerializer(role).data,
            "event": EmploymentEventSerializer(event).data,
            "list_reports_created": ListReportRowSerializer(
                cast(Any, reports.order_by("id")), many=True
            ).data,
        }
        response = Response(body, status=status.HTTP_201_CREATED)
        return set_etag(response, role_etag(role))
