"""API endpoints of the core: where to start, who am I, and reference data.

One view per operation (``<Entity><Action>Api``) with nested serializers.
Every view inherits the defaults from ``REST_FRAMEWORK``: bearer token or
session, ``IsAuthenticated``, JSON only, cursor pagination, the per-token
rate limit and problem+json errors.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.openapi import problem_responses
from conduct.models import Force, Role, Standard, User

#: What ``/api/v1/`` links to: the name in the answer, the URL's name.
ROOT_LINKS = {
    "cases": "api:case-list",
    "me": "api:me",
    "forces": "api:reference-force-list",
    "standards": "api:reference-standard-list",
    "deadline_rules": "api:reference-deadline-rule-list",
    "non_working_days": "api:reference-non-working-day-list",
    "due_date": "api:calendar-due-date",
    "schema": "api:schema",
    "docs": "api:docs",
    "redoc": "api:redoc",
}
API_BASE = "https://conduct.example.police.uk/api/v1/"


class ApiRootApi(APIView):
    """``/api/v1/``: where a client starts. It needs credentials like every
    other address here: nothing it links to answers without them (the schema
    included), and a 401 at the root tells a client at once that its token is
    wrong."""

    class OutputSerializer(serializers.Serializer[dict[str, str]]):
        cases = serializers.URLField(
            help_text="The cases you may see; POST records one."
        )
        me = serializers.URLField(help_text="Whom the credentials belong to.")
        forces = serializers.URLField()
        standards = serializers.URLField()
        deadline_rules = serializers.URLField()
        non_working_days = serializers.URLField()
        due_date = serializers.URLField(help_text="The due-date calculator.")
        schema = serializers.URLField(help_text="The OpenAPI 3 schema.")
        docs = serializers.URLField(help_text="Swagger UI, for a signed-in browser.")
        redoc = serializers.URLField(help_text="Redoc, for a signed-in browser.")

        class Meta:
            ref_name = "ApiRoot"

    @extend_schema(
        operation_id="root_retrieve",
        summary="Where to start",
        description="Links to the collections, the reference data, the "
        "due-date calculator, the schema and its readers. Every other address "
        "is in the schema.",
        tags=["api"],
        responses={200: OutputSerializer, **problem_responses(401, 429)},
        examples=[
            OpenApiExample(
                "Links",
                value={
                    "cases": f"{API_BASE}cases/",
                    "me": f"{API_BASE}me/",
                    "forces": f"{API_BASE}reference/forces/",
                    "standards": f"{API_BASE}reference/standards/",
                    "deadline_rules": f"{API_BASE}reference/deadline-rules/",
                    "non_working_days": f"{API_BASE}reference/non-working-days/",
                    "due_date": f"{API_BASE}calendar/due-date/",
                    "schema": f"{API_BASE}schema/",
                    "docs": f"{API_BASE}docs/",
                    "redoc": f"{API_BASE}redoc/",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        links = {
            name: request.build_absolute_uri(reverse(url_name))
            for name, url_name in ROOT_LINKS.items()
        }
        return Response(self.OutputSerializer(links).data)


class MeApi(APIView):
    """The signed-in user (or the token's user) as the API sees them."""

    class OutputSerializer(serializers.Serializer[User]):
        username = serializers.CharField()
        name = serializers.CharField(source="get_full_name")
        role = serializers.ChoiceField(choices=Role.choices)
        role_display = serializers.CharField(source="get_role_display")
        forces = serializers.SerializerMethodField(
            help_text="Codes of the forces whose cases the user works on "
            "(empty for IOPC staff and administrators)."
        )
        is_iopc = serializers.BooleanField()

        class Meta:
            ref_name = "Me"

        def get_forces(self, user: User) -> list[str]:
            return list(user.forces.order_by("code").values_list("code", flat=True))

    @extend_schema(
        operation_id="me_retrieve",
        summary="Who am I",
        description="The authenticated user's identity, role and forces: what "
        "every other endpoint scopes its answers by.",
        tags=["me"],
        responses={200: OutputSerializer, **problem_responses(401, 429)},
        examples=[
            OpenApiExample(
                "IOPC investigator",
                value={
                    "username": "hokafor",
                    "name": "Hannah Okafor",
                    "role": "iopc_investigator",
                    "role_display": "IOPC investigator",
                    "forces": [],
                    "is_iopc": True,
                },
                response_only=True,
            ),
            OpenApiExample(
                "PSD caseworker",
                value={
                    "username": "pshah",
                    "name": "Priya Shah",
                    "role": "psd_caseworker",
                    "role_display": "PSD caseworker",
                    "forces": ["nhants"],
                    "is_iopc": False,
                },
                response_only=True,
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        return Response(self.OutputSerializer(request.user).data)


class ForceListApi(generics.ListAPIView[Force]):
    """The police forces the product knows (reference data)."""

    class OutputSerializer(serializers.ModelSerializer[Force]):
        class Meta:
            model = Force
            fields = ["code", "name", "kind", "country"]
            ref_name = "Force"

    cursor_ordering = ("code",)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Force]]:
        return self.OutputSerializer

    def get_queryset(self) -> QuerySet[Force]:
        return Force.objects.filter(is_active=True)

    @extend_schema(
        operation_id="reference_forces_list",
        summary="List police forces",
        description="Active forces of England & Wales, by code. `code` is the "
        "stable identifier used everywhere else in the API.",
        tags=["reference"],
        responses={200: OutputSerializer(many=True), **problem_responses(401, 429)},
        examples=[
            OpenApiExample(
                "A page of forces",
                value={
                    "code": "nhants",
                    "name": "Northamptonshire Police",
                    "kind": "territorial",
                    "country": "england",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class StandardListApi(generics.ListAPIView[Standard]):
    """The Standards of Professional Behaviour (PCR 2020 Schedule 2)."""

    class OutputSerializer(serializers.ModelSerializer[Standard]):
        class Meta:
            model = Standard
            fields = ["number", "title", "description", "heading_unverified"]
            ref_name = "Standard"

    cursor_ordering = ("number",)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Standard]]:
        return self.OutputSerializer

    def get_queryset(self) -> QuerySet[Standard]:
        return Standard.objects.all()

    @extend_schema(
        operation_id="reference_standards_list",
        summary="List the Standards of Professional Behaviour",
        description="The ten standards allegations are made against, by number. "
        "`heading_unverified` marks a heading not yet checked against the "
        "statutory text.",
        tags=["reference"],
        responses={200: OutputSerializer(many=True), **problem_responses(401, 429)},
        examples=[
            OpenApiExample(
                "A standard",
                value={
                    "number": 1,
                    "title": "Honesty and integrity",
                    "description": "Police officers are honest, act with integrity "
                    "and do not compromise or abuse their position.",
                    "heading_unverified": False,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
