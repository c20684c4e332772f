"""People over the API. GET /api/v1/people/{id}/: one person across cases,
roles and forces (the integrity view), read through the person page's
selector so the API and the browser show the same thing to the same user.
GET and POST /api/v1/people/{id}/roles/: the person's roles, and a further
one. A role's employment events, with the role's own ETag, and recording a
transfer, resignation, retirement or dismissal (hearings.services.employment).

A person is visible only to a user who can see a case they are a subject of
(404 otherwise, never a hint that the person exists). Roles and employment
history are whole, in every force; cases, allegations, proceedings, outcomes
and list reports only from the cases the caller may see.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
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
from conduct.api.serializers import force_field
from conduct.models import EmploymentEvent, Person, PersonRole, User
from hearings.api.serializers import (
    EmploymentEventSerializer,
    FindingSerializer,
    ListReportRowSerializer,
    OutcomeSerializer,
)
from hearings.models import ListReport, Proceeding
from hearings.selectors.case_page import SubjectHearings
from hearings.selectors.person_page import PersonPage, person_page_get
from hearings.selectors.proceedings import list_reports_with_due_on
from hearings.services.employment import employment_event_record
from referrals.api.serializers import AllegationSerializer, RoleInput, choice
from referrals.api.steps import READ_ERRORS, user_of, valid
from referrals.models import Case, ProceedingsForm, Subject
from referrals.selectors.cases import person_get, person_role_get, person_version
from referrals.services.cases import person_role_record


class PersonRoleHistorySerializer(serializers.Serializer[PersonRole]):
    id = serializers.IntegerField()
    kind = choice(PersonRole.Kind.choices, "PersonRoleKind")
    force = serializers.CharField(source="force.code")
    rank = serializers.CharField(allow_blank=True)
    identifier = serializers.CharField(allow_blank=True)
    job_title = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "PersonRoleHistory"


class PersonCaseRefSerializer(serializers.Serializer[Case]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    force = serializers.CharField(source="force.code")
    status = choice(Case.Status.choices, "CaseStatus")
    came_to_attention_on = serializers.DateField()

    class Meta:
        ref_name = "PersonCaseRef"


class PersonProceedingSerializer(serializers.Serializer[Proceeding]):
    id = serializers.IntegerField()
    form = choice(ProceedingsForm.choices, "ProceedingsForm")
    status = choice(Proceeding.Status.choices, "ProceedingStatus")
    referred_on = serializers.DateField()
    held_on = serializers.DateField(allow_null=True)
    findings = FindingSerializer(many=True, help_text="Current findings.")

    class Meta:
        ref_name = "PersonProceeding"


class PersonSubjectSerializer(serializers.Serializer[SubjectHearings]):
    case = PersonCaseRefSerializer(source="subject.case")
    subject = serializers.IntegerField(source="subject.pk")
    status = choice(Subject.Status.choices, "SubjectStatus", source="subject.status")
    role = serializers.IntegerField(
        source="subject.role_id", help_text="The role held at the time."
    )
    appropriate_authority = serializers.CharField(
        source="subject.appropriate_authority.code"
    )
    allegations = AllegationSerializer(many=True, source="subject.allegations")
    proceedings = PersonProceedingSerializer(many=True)
    outcomes = OutcomeSerializer(many=True, help_text="Current one last.")

    class Meta:
        ref_name = "PersonSubject"


class PersonSerializer(serializers.Serializer[PersonPage]):
    id = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    given_names = serializers.CharField(source="person.given_names")
    family_name = serializers.CharField(source="person.family_name")
    date_of_birth = serializers.DateField(
        source="person.date_of_birth", allow_null=True
    )
    current_roles = PersonRoleHistorySerializer(many=True)
    past_roles = PersonRoleHistorySerializer(many=True)
    employment_events = EmploymentEventSerializer(many=True)
    cases = PersonSubjectSerializer(
        many=True, help_text="Cases you may see where the person is a subject."
    )
    list_reports = ListReportRowSerializer(many=True)

    class Meta:
        ref_name = "Person"


PERSON_EXAMPLE: dict[str, Any] = {
    "id": 501,
    "name": "Dana Whitlow",
    "given_names": "Dana",
    "family_name": "Whitlow",
    "date_of_birth": None,
    "current_roles": [],
    "past_roles": [
        {
            "id": 601,
            "kind": "police_officer",
            "force": "nhants",
            "rank": "Detective Constable",
            "identifier": "NH101",
            "job_title": "",
            "started_on": "2008-09-01",
            "ended_on": "2019-06-30",
            "end_reason": "transferred",
        }
    ],
    "employment_events": [],
    "cases": [
        {
            "case": {
                "id": 42,
                "reference": "NH/C/2016/1114",
                "force": "nhants",
                "status": "open",
                "came_to_attention_on": "2016-11-14",
            },
            "subject": 77,
            "status": "management_action",
            "role": 601,
            "appropriate_authority": "nhants",
            "allegations": [],
            "proceedings": [],
            "outcomes": [],
        }
    ],
    "list_reports": [],
}


class PersonDetailApi(APIView):
    @extend_schema(
        operation_id="people_retrieve",
        summary="Get a person (the integrity view)",
        description="The person's roles and employment history in every force, "
        "and, from the cases you may see, each case where they are a subject "
        "with its allegations, proceedings and outcomes, and their barred and "
        "advisory list reports. 404 unless you can see a case they are on.",
        tags=["people"],
        responses={200: PersonSerializer, **READ_ERRORS},
        examples=[OpenApiExample("A detective", value=PERSON_EXAMPLE)],
    )
    def get(self, request: Request, person_id: int) -> Response:
        page = person_page_get(user=user_of(request), person_id=person_id)
        return Response(PersonSerializer(page).data)


# ------------------------------------------------------------------ roles


def person_etag(person: Person) -> Versioned:
    return Versioned("person", person.pk, person_version(person))


class PersonRolesSerializer(serializers.Serializer[Person]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    roles = serializers.SerializerMethodField()

    class Meta:
        ref_name = "PersonRoles"

    @extend_schema_field(PersonRoleHistorySerializer(many=True))
    def get_roles(self, person: Person) -> Any:
        roles = person.roles.select_related("force").order_by("started_on", "id")
        return PersonRoleHistorySerializer(cast(Any, roles), many=True).data


class PersonRoleInput(RoleInput):
    class Meta:
        ref_name = "PersonRoleInput"


class PersonRoleRecordedSerializer(serializers.Serializer[Any]):
    role = PersonRoleHistorySerializer()
    person = PersonRolesSerializer()

    class Meta:
        ref_name = "PersonRoleRecorded"


class PersonRolesApi(IfMatchRequiredMixin, APIView):
    """A person's roles (GET, with the person's ETag) and a further role
    (POST). The person is one ``user`` may see: on a case they can see, or
    (PSD) holding a role in one of their forces."""

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        return person_etag(
            person_get(user=user_of(request), person_id=kwargs["person_id"])
        )

    @extend_schema(
        operation_id="people_roles_list",
        summary="A person's roles",
        description="Every role the person holds or held, in every force. The "
        "`ETag` is the person's (it changes with each role and employment "
        "event); a new role sends it in `If-Match`.",
        tags=["people"],
        responses={200: PersonRolesSerializer, **READ_ERRORS},
        examples=[
            OpenApiExample(
                "Special constable and police staff",
                value={
                    "id": 502,
                    "name": "Callum Ridgeway",
                    "roles": [
                        {
                            "id": 611,
                            "kind": "police_staff",
                            "force": "nhants",
                            "rank": "",
                            "identifier": "S7781",
                            "job_title": "Safety training instructor",
                            "started_on": "2013-04-01",
                            "ended_on": None,
                            "end_reason": "",
                        },
                        {
                            "id": 612,
                            "kind": "special_constable",
                            "force": "nhants",
                            "rank": "Special Constable",
                            "identifier": "SC2042",
                            "job_title": "",
                            "started_on": "2016-09-01",
                            "ended_on": "2022-10-12",
                            "end_reason": "resigned",
                        },
                    ],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = person_get(user=user_of(request), person_id=person_id)
        return set_etag(
            Response(PersonRolesSerializer(person).data), person_etag(person)
        )

    @extend_schema(
        operation_id="people_roles_create",
        summary="Record a further role",
        description="A role the person holds besides those recorded: police "
        "staff who is also a special constable holds both at once (PSD and "
        "IOPC staff). Refused with 409: a second current role of the same kind "
        "in the same force (`person_role.duplicate`: record an employment event "
        "on the first), a number a current role in the force carries "
        "(`person_role.identifier`), a start before the date of birth "
        "(`person_role.started_on`). Needs `If-Match` with the person's ETag "
        "(GET this address); accepts `Idempotency-Key`.",
        tags=["people"],
        request=PersonRoleInput,
        responses={
            201: PersonRoleRecordedSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Police staff as well",
                value={
                    "kind": "police_staff",
                    "force": "nhants",
                    "started_on": "2013-04-01",
                    "identifier": "S7781",
                    "job_title": "Safety training instructor",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, person_id: int) -> Response:
        user = user_of(request)
        person = person_get(user=user, person_id=person_id)
        data = valid(PersonRoleInput, request)
        # A stale ETag is refused here, and again by the service under the
        # person's row lock: two clients holding one ETag never both write.
        role = person_role_record(
            actor=user,
            person=person,
            expected_version=check_if_match(request, person_etag(person)),
            **data,
        )
        body = {
            "role": PersonRoleHistorySerializer(role).data,
            "person": PersonRolesSerializer(person).data,
        }
        response = Response(body, status=status.HTTP_201_CREATED)
        return set_etag(response, person_etag(person))


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
    to_force = force_field(
        required=False, allow_null=True, help_text="The new force, for a transfer."
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
