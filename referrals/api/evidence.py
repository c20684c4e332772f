"""Evidence over the API: a case's evidence list, adding a file (multipart, the
only endpoint that is not JSON), and downloading one.

Adding evidence is a step like the others (404 out of scope, 403 for a role
that may not, ``If-Match`` with the case's ETag, ``Idempotency-Key``), with
the checks in ``referrals.services.evidence`` (the browser's): a file over
``EVIDENCE_MAX_UPLOAD_SIZE`` is 413, one that is empty, of a refused type (read
from the content) or flagged by the virus scanner is 422 naming ``file``, and
nothing is stored. The headers and the caller's role are checked before the
body is read (with an ``Idempotency-Key`` too, whose fingerprint reads it), and
the body is read through the size limit (``referrals.uploads``), so an
oversized upload is never spooled whole to disk. The service checks the file
before it locks the case, so other changes to the case do not wait for the
hashing and the virus scan.
"""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api import exceptions as problems
from conduct.api.concurrency import (
    IfMatchRequiredMixin,
    Versioned,
    check_if_match,
    idempotent,
)
from conduct.api.exceptions import ProblemType, problem_body, problem_response
from conduct.api.openapi import ProblemSerializer, problem_responses
from conduct.api.serializers import InputSerializer as StrictInput
from referrals.api.steps import (
    CASE_STATE_EXAMPLE,
    READ_ERRORS,
    CaseLookup,
    CaseReadApi,
    case_etag,
    documented_read,
    step_output,
    step_response,
    user_of,
    valid,
)
from referrals.models import Case, EvidenceItem, Subject
from referrals.selectors.cases import case_version_get
from referrals.selectors.evidence import case_evidence, evidence_get
from referrals.services.common import Outcome, refused_on_contention
from referrals.services.evidence import (
    SUBJECT_NOT_ON_CASE,
    evidence_add,
    require_may_add_evidence,
)
from referrals.uploads import (
    EvidenceRefused,
    EvidenceSizeLimit,
    allowed_type_labels,
    limit_upload_size,
    max_upload_size,
    size_label,
    too_large,
    upload_digest,
)
from referrals.views_documents import evidence_file_response

CONTENT_TOO_LARGE = ProblemType("content-too-large", "Content too large", 413)

SHA256_EXAMPLE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
EVIDENCE_EXAMPLE = {
    "id": 5001,
    "description": "Download log of the suspect's phone",
    "original_name": "download-log.pdf",
    "content_type": "application/pdf",
    "size": 48213,
    "sha256": SHA256_EXAMPLE,
    "subject": 77,
    "added_by": "Helen Okafor",
    "added_at": "2016-12-14T10:31:00Z",
    "download_url": "/api/v1/evidence/5001/file/",
}


class EvidenceSerializer(serializers.Serializer[EvidenceItem]):
    id = serializers.IntegerField()
    description = serializers.CharField()
    original_name = serializers.CharField(help_text="The file's name as uploaded.")
    content_type = serializers.CharField(
        help_text="The type read from the content at upload (libmagic)."
    )
    size = serializers.IntegerField(help_text="Bytes.")
    sha256 = serializers.CharField(
        help_text="SHA-256 of the bytes stored, in hex: compare it with your copy."
    )
    subject = serializers.IntegerField(
        source="subject_id", allow_null=True, help_text="The subject it concerns."
    )
    added_by = serializers.SerializerMethodField()
    added_at = serializers.DateTimeField(source="created_at")
    download_url = serializers.SerializerMethodField()

    class Meta:
        ref_name = "Evidence"

    def get_added_by(self, item: EvidenceItem) -> str:
        user = item.added_by
        if user is None:
            return "System"
        return user.get_full_name() or user.username

    def get_download_url(self, item: EvidenceItem) -> str:
        return reverse("api:evidence-file", args=[item.pk])


class EvidenceInput(StrictInput):
    """What adding evidence takes, as ``multipart/form-data``."""

    file = serializers.FileField(
        allow_empty_file=True,  # refused by the service, with its message
        use_url=False,
        help_text="The file. Its type is read from its content, not its name.",
    )
    description = serializers.CharField(
        allow_blank=True, help_text="What it is and where it came from (300 at most)."
    )
    subject = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Id of the subject of this case it concerns (optional).",
    )

    class Meta:
        ref_name = "EvidenceAddInput"


EvidenceAdded = step_output("EvidenceAdded", evidence=EvidenceSerializer())


def too_large_response() -> OpenApiResponse:
    return OpenApiResponse(
        response=ProblemSerializer,
        description="The file is larger than the service accepts "
        "(`DJANGO_EVIDENCE_MAX_UPLOAD_MB`); nothing was stored.",
        examples=[
            OpenApiExample(
                "ContentTooLarge",
                value=problem_body(
                    CONTENT_TOO_LARGE,
                    detail="The selected file must be smaller than 50 MB",
                    instance="/api/v1/cases/42/evidence/",
                    extra={
                        "rule": "evidence.too_large",
                        "errors": {
                            "file": ["The selected file must be smaller than 50 MB"]
                        },
                    },
                ),
                response_only=True,
            )
        ],
    )


@documented_read(
    "cases_evidence_list",
    "A case's evidence",
    tag="evidence",
    output=EvidenceSerializer(many=True),
    description="Every evidence file of the case, oldest first, with its "
    "SHA-256 and who added it. The `ETag` is the case's.",
    examples=[OpenApiExample("Evidence", value=[EVIDENCE_EXAMPLE], response_only=True)],
)
class CaseEvidenceApi(IfMatchRequiredMixin, CaseLookup, CaseReadApi):
    """GET the case's evidence; POST a file to it."""

    parser_classes = [MultiPartParser]
    size_limit: EvidenceSizeLimit | None = None

    def initialize_request(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> Request:
        # Before anything reads the body: the limit drops an oversized file as
        # it arrives instead of spooling it to a temporary file.
        self.size_limit = limit_upload_size(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        # ``@idempotent`` calls this before the fingerprint reads the body: a
        # role that may not add evidence is refused before that, as without
        # a key (404 out of scope first, as in ``post``).
        user = user_of(request)
        case = case_version_get(user=user, case_id=kwargs["case_id"])
        require_may_add_evidence(user)
        return case_etag(case)

    def idempotency_fingerprint(self, request: Request) -> str:
        """Method, path, each field and each file's name and SHA-256: the
        raw body is not read into memory whole. Each file's digest stays on
        it for the evidence checks, which then do not hash it again."""
        digest = hashlib.sha256()
        digest.update(f"{request.method}\n{request.get_full_path()}\n".encode())
        data = request.data
        for name in sorted(data):
            values = data.getlist(name) if isinstance(data, QueryDict) else [data[name]]
            for value in values:
                if isinstance(value, UploadedFile):
                    _, sha256 = upload_digest(value)
                    digest.update(f"{name}={value.name}:".encode())
                    digest.update(sha256.encode())
                else:
                    digest.update(f"{name}={value}".encode())
                digest.update(b"\n")
        for name in sorted(self.size_limit.too_large if self.size_limit else ()):
            digest.update(f"{name}=too large\n".encode())
        return digest.hexdigest()

    def answer(self, target: Case) -> Any:
        return EvidenceSerializer(cast(Any, case_evidence(target)), many=True).data

    @extend_schema(
        operation_id="cases_evidence_create",
        summary="Add evidence",
        description="Send `multipart/form-data` with `file`, `description` and "
        "optionally `subject`. Needs `If-Match` with the case's ETag; accepts "
        "`Idempotency-Key` (a retry stores the file once). The headers are "
        "checked before the body is read. Refused with nothing stored: a file "
        f"over the limit (413; {size_label(max_upload_size())} unless configured "
        "otherwise), and an empty file, a type not accepted (read from the "
        f"content: {allowed_type_labels()} by default) or a file the virus "
        "scanner flags (422, naming `file`).",
        tags=["evidence"],
        request={"multipart/form-data": EvidenceInput},
        responses={
            201: EvidenceAdded,
            (413, problems.PROBLEM_CONTENT_TYPE): too_large_response(),
            **problem_responses(400, 401, 403, 404, 409, 412, 415, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Evidence added",
                value={
                    "case": CASE_STATE_EXAMPLE,
                    "evidence": EVIDENCE_EXAMPLE,
                    "deadlines_created": [],
                },
                response_only=True,
                status_codes=["201"],
            )
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        require_may_add_evidence(user)
        expected_version = check_if_match(request, case_etag(case))
        # Only now is the body read, through the size limit.
        _ = request.data
        if self.size_limit is not None and "file" in self.size_limit.too_large:
            return self._too_large(request)
        data = valid(EvidenceInput, request)
        subject: Subject | None = None
        if data.get("subject") is not None:
            subject = Subject.objects.filter(
                case_id=case.pk, pk=data["subject"]
            ).first()
            if subject is None:
                raise serializers.ValidationError({"subject": [SUBJECT_NOT_ON_CASE]})
        upload: UploadedFile[bytes] = data["file"]
        try:
            # Not ``run_step``, which locks the case before the step: the
            # service reads the file (hash, type, virus scan) before it takes
            # the lock, then checks the client's version under it (412).
            with refused_on_contention():
                item = evidence_add(
                    actor=user,
                    case=case,
                    file=upload,
                    original_name=upload.name or "",
                    description=data["description"],
                    subject=subject,
                    expected_version=expected_version,
                )
        except EvidenceRefused as refused:
            if refused.reason == "too_large":
                return self._too_large(request)
            raise
        # ``item.case`` is the case as the service locked and touched it (its
        # new version); adding evidence starts no clock.
        outcome = Outcome(result=item, case=item.case, deadlines_created=[])
        return step_response(
            outcome,
            {"evidence": EvidenceSerializer(item).data},
            status_code=status.HTTP_201_CREATED,
        )

    def _too_large(self, request: Request) -> Response:
        message = too_large().text
        return problem_response(
            CONTENT_TOO_LARGE,
            detail=message,
            instance=request.path,
            extra={"rule": "evidence.too_large", "errors": {"file": [message]}},
        )


class FirstRendererNegotiation(BaseContentNegotiation):
    """No 406 for a download: errors always go out as problem+json."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return None

    def select_renderer(
        self, request: Request, renderers: Any, format_suffix: str | None = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


class EvidenceFileApi(APIView):
    """The stored bytes of one evidence file."""

    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        operation_id="evidence_file_retrieve",
        summary="Download an evidence file",
        description="The file as stored (check it against `sha256`), as an "
        "attachment in the type read from its content at upload, with "
        "`X-Content-Type-Options: nosniff`. Every download is recorded in the "
        "case's audit trail. 404 for a file on a case you may not see.",
        tags=["evidence"],
        responses={
            # Any type: the file goes out in the type read from it at upload.
            (200, "*/*"): OpenApiResponse(
                response=OpenApiTypes.BINARY,
                description="The file. `Content-Type` is the type read from its "
                "content at upload; `Content-Disposition: attachment` carries its "
                "name.",
            ),
            **READ_ERRORS,
        },
    )
    def get(self, request: Request, evidence_id: int) -> Any:
        user = user_of(request)
        item = evidence_get(user=user, evidence_id=evidence_id)
        return evidence_file_response(actor=user, item=item)
