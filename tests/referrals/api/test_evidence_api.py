"""Evidence over the API: multipart upload under If-Match and Idempotency-Key,
every refusal a problem naming the field with nothing stored, the list, and
the download through the permission check."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.test import APIClient

from conduct.models import AuditEvent, IdempotencyKey, User
from referrals.models import Case, EvidenceItem
from referrals.services.cases import subject_add
from referrals.services.evidence import SUBJECT_NOT_ON_CASE
from referrals.uploads import ScanResult, ScanStatus
from tests.assertions import api_refused
from tests.builders import Build
from tests.factories.people import make_person_with_role
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import current_etag
from tests.referrals.test_evidence import (
    EXE,
    INFECTED_MARK,
    PDF,
    evidence_case,
    stored_files,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(build: Build) -> Case:
    return evidence_case(build, "NH/API/EV/1")


@pytest.fixture
def caseworker_client(bearer_client: Client, caseworker: User) -> APIClient:
    return bearer_client(caseworker)


def evidence_url(case: Case) -> str:
    return f"/api/v1/cases/{case.pk}/evidence/"


def upload(
    client: APIClient,
    case: Case,
    content: bytes = PDF,
    *,
    etag: str | None = None,
    key: str | None = None,
    name: str = "statement.pdf",
    **fields: Any,
) -> Any:
    headers = {}
    if etag is not None:
        headers["If-Match"] = etag
    if key is not None:
        headers["Idempotency-Key"] = key
    body = {
        "description": "Witness statement of PC Jones",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        **fields,
    }
    return client.post(evidence_url(case), body, format="multipart", headers=headers)


def assert_nothing_stored(media: Path) -> None:
    assert stored_files(media) == []
    assert not EvidenceItem.objects.exists()


def assert_problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    body = api_refused(response, status)
    assert body["type"] == f"https://conduct.invalid/problems/{slug}"
    return body


def upload_refused(
    client: APIClient, case: Case, media: Path, content: bytes = PDF, **fields: Any
) -> dict[str, Any]:
    """An upload with the case's current ETag is refused as invalid values
    (422) and stores nothing; the problem's body."""
    response = upload(
        client, case, content, etag=current_etag(client, case.pk), **fields
    )
    body = assert_problem(response, 422, "invalid-values")
    assert_nothing_stored(media)
    return body


# ---------------------------------------------------------------- adding


def test_a_caseworker_adds_evidence(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    etag = current_etag(client, case.pk)
    response = upload(client, case, etag=etag)
    assert response.status_code == 201, response.content
    body = response.json()
    item = EvidenceItem.objects.get()
    assert body["evidence"]["id"] == item.pk
    assert body["evidence"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["evidence"]["content_type"] == "application/pdf"
    assert body["evidence"]["size"] == len(PDF)
    assert body["evidence"]["download_url"] == f"/api/v1/evidence/{item.pk}/file/"
    assert body["deadlines_created"] == []
    assert response["ETag"] == f'"case-{case.pk}-v{body["case"]["version"]}"'
    assert response["ETag"] != etag
    assert stored_files(media) == [media / str(item.file.name)]
    assert AuditEvent.objects.filter(
        action="evidence.added", object_id=str(item.pk), actor=caseworker
    ).exists()


def test_the_list_shows_the_evidence_with_the_case_etag(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    assert client.get(evidence_url(case)).json() == []
    upload(client, case, etag=current_etag(client, case.pk))
    response = client.get(evidence_url(case))
    assert response.status_code == 200
    assert response["ETag"] == current_etag(client, case.pk)
    (row,) = response.json()
    assert row["description"] == "Witness statement of PC Jones"
    assert row["original_name"] == "statement.pdf"
    assert row["added_by"] == caseworker.get_full_name()
    assert row["subject"] is None


def test_a_stale_if_match_is_412_and_stores_nothing(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    stale = current_etag(client, case.pk)
    upload(client, case, etag=stale)
    EvidenceItem.objects.all().delete()
    for path in stored_files(media):
        path.unlink()
    response = upload(client, case, etag=stale, description="Another")
    body = assert_problem(response, 412, "precondition-failed")
    assert body["rule"] == "case.version"
    assert_nothing_stored(media)


def test_a_missing_if_match_is_428(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    response = upload(bearer_client(caseworker), case)
    assert_problem(response, 428, "precondition-required")
    assert_nothing_stored(media)


def test_a_retry_with_the_same_key_stores_the_file_once(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    etag = current_etag(client, case.pk)
    first = upload(client, case, etag=etag, key="upload-7d1f")
    assert first.status_code == 201, first.content
    # The retry carries the ETag the first attempt made stale: it is replayed.
    again = upload(client, case, etag=etag, key="upload-7d1f")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert EvidenceItem.objects.count() == 1
    assert len(stored_files(media)) == 1
    assert AuditEvent.objects.filter(action="evidence.added").count() == 1


def test_the_same_key_with_another_file_is_refused(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    etag = current_etag(client, case.pk)
    assert upload(client, case, etag=etag, key="upload-8e2a").status_code == 201
    response = upload(
        client,
        case,
        PDF + b"% edited\n",
        etag=current_etag(client, case.pk),
        key="upload-8e2a",
    )
    assert_problem(response, 422, "idempotency-key-reused")
    assert EvidenceItem.objects.count() == 1


def test_a_file_larger_than_django_reads_into_memory_is_taken_with_a_key(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    # Over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the idempotency fingerprint
    # must not read the raw body whole, which Django refuses past that size.
    big = PDF + b"%" * (3 * 1024 * 1024)
    client = bearer_client(caseworker)
    etag = current_etag(client, case.pk)
    response = upload(client, case, big, etag=etag, key="big-file-1")
    assert response.status_code == 201, response.content
    assert response.json()["evidence"]["size"] == len(big)
    again = upload(client, case, big, etag=etag, key="big-file-1")
    assert again["Idempotent-Replayed"] == "true"
    assert EvidenceItem.objects.count() == 1


def test_a_file_over_the_limit_is_413_and_stores_nothing(
    bearer_client: Client,
    caseworker: User,
    case: Case,
    media: Path,
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    client = bearer_client(caseworker)
    response = upload(
        client, case, PDF + b"%" * 4096, etag=current_etag(client, case.pk)
    )
    body = assert_problem(response, 413, "content-too-large")
    assert body["errors"] == {"file": ["The selected file must be smaller than 1 KB"]}
    assert body["rule"] == "evidence.too_large"
    assert_nothing_stored(media)


def test_an_oversized_file_with_a_key_is_413_and_the_key_can_be_reused(
    bearer_client: Client,
    caseworker: User,
    case: Case,
    media: Path,
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    client = bearer_client(caseworker)
    etag = current_etag(client, case.pk)
    response = upload(client, case, PDF + b"%" * 4096, etag=etag, key="big-1")
    assert_problem(response, 413, "content-too-large")
    assert upload(client, case, etag=etag, key="big-1").status_code == 201


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EXE, "(its content is application/x-dosexec)"),
        (b"", "The selected file is empty"),
    ],
    ids=["exe-renamed-pdf", "empty"],
)
def test_a_refused_file_is_422_naming_the_field(
    caseworker_client: APIClient,
    case: Case,
    media: Path,
    content: bytes,
    message: str,
) -> None:
    body = upload_refused(caseworker_client, case, media, content)
    assert list(body["errors"]) == ["file"]
    assert message in body["errors"]["file"][0]


def test_a_file_the_virus_scanner_flags_is_422(
    bearer_client: Client,
    caseworker: User,
    case: Case,
    media: Path,
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_SCANNER = "tests.referrals.test_evidence.FlagsEicar"
    body = upload_refused(
        bearer_client(caseworker), case, media, b"x\n" + INFECTED_MARK
    )
    assert body["errors"] == {"file": ["The selected file contains a virus"]}


def test_a_missing_file_and_an_unknown_field_are_refused(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    etag = current_etag(client, case.pk)
    response = client.post(
        evidence_url(case),
        {"description": "Statement"},
        format="multipart",
        headers={"If-Match": etag},
    )
    body = assert_problem(response, 422, "invalid-values")
    assert list(body["errors"]) == ["file"]
    response = upload(client, case, etag=etag, descripton="typo")
    body = assert_problem(response, 400, "unknown-fields")
    assert body["errors"] == {"descripton": ["Unknown field."]}
    assert_nothing_stored(media)


def test_a_subject_of_another_case_is_422(
    bearer_client: Client,
    build: Build,
    caseworker: User,
    case: Case,
    media: Path,
) -> None:
    other_case = evidence_case(build, "NH/API/EV/2")
    person, role = make_person_with_role(force=case.force)
    other = subject_add(actor=caseworker, case=other_case, person=person, role=role)
    body = upload_refused(bearer_client(caseworker), case, media, subject=str(other.pk))
    assert body["errors"] == {"subject": [SUBJECT_NOT_ON_CASE]}


def test_json_is_415(
    bearer_client: Client, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(caseworker)
    response = client.post(
        evidence_url(case),
        {"description": "x"},
        format="json",
        headers={"If-Match": current_etag(client, case.pk)},
    )
    assert_problem(response, 415, "unsupported-media-type")


# ---------------------------------------------------------------- who may


def test_another_forces_caseworker_gets_404_everywhere(
    bearer_client: Client,
    caseworker: User,
    outsider: User,
    case: Case,
    media: Path,
) -> None:
    owner = bearer_client(caseworker)
    upload(owner, case, etag=current_etag(owner, case.pk))
    item = EvidenceItem.objects.get()
    client = bearer_client(outsider)
    etag = f'"case-{case.pk}-v{Case.objects.get(pk=case.pk).version}"'
    assert_problem(upload(client, case, etag=etag), 404, "not-found")
    assert_problem(client.get(evidence_url(case)), 404, "not-found")
    response = client.get(f"/api/v1/evidence/{item.pk}/file/")
    assert_problem(response, 404, "not-found")
    assert EvidenceItem.objects.count() == 1
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_a_manager_reads_but_may_not_add(
    bearer_client: Client, manager: User, case: Case, media: Path
) -> None:
    client = bearer_client(manager)
    assert client.get(evidence_url(case)).status_code == 200
    response = upload(client, case, etag=current_etag(client, case.pk))
    body = assert_problem(response, 403, "not-permitted")
    assert body["rule"] == "role"
    assert_nothing_stored(media)


def post_malformed(client: APIClient, case: Case, **headers: str) -> Any:
    """A multipart body the parser refuses (no boundary): 400 once it is read."""
    return client.post(
        evidence_url(case),
        b"--x\r\nnot a part",
        content_type="multipart/form-data",
        headers=headers,
    )


def test_a_managers_keyed_upload_is_refused_before_its_body_is_read(
    bearer_client: Client, manager: User, caseworker: User, case: Case, media: Path
) -> None:
    client = bearer_client(manager)
    etag = current_etag(client, case.pk)
    response = upload(client, case, etag=etag, key="manager-upload-1")
    body = assert_problem(response, 403, "not-permitted")
    assert body["rule"] == "role"
    assert body["detail"].endswith(") cannot add evidence.")
    # The idempotency fingerprint reads the body: a malformed one would be a
    # 400 if it were read before the role is refused.
    response = post_malformed(
        client, case, **{"If-Match": etag, "Idempotency-Key": "manager-upload-2"}
    )
    assert_problem(response, 403, "not-permitted")
    assert not IdempotencyKey.objects.exists()
    assert_nothing_stored(media)
    # The same body from someone who may add evidence is read, and refused.
    response = post_malformed(
        bearer_client(caseworker),
        case,
        **{"If-Match": etag, "Idempotency-Key": "caseworker-upload-1"},
    )
    assert_problem(response, 400, "malformed-body")


# ---------------------------------------------------------------- the lock


class CaseLockProbe:
    """A scanner stub that, while it scans, asks from another database
    connection whether any case row is locked, and answers clean."""

    locked: ClassVar[list[bool]] = []

    def scan(self, file: File[bytes]) -> ScanResult:
        def probe() -> None:
            try:
                with transaction.atomic():
                    list(Case.objects.select_for_update(nowait=True))
                self.locked.append(False)
            except OperationalError:
                self.locked.append(True)
            finally:
                connection.close()

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join(timeout=30)
        return ScanResult(ScanStatus.CLEAN)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("key", [None, "probe-upload-1"], ids=["plain", "keyed"])
def test_the_file_is_checked_before_the_case_is_locked(
    bearer_client: Client,
    caseworker: User,
    case: Case,
    settings: SettingsWrapper,
    key: str | None,
) -> None:
    # Real commits: the probe's connection sees only committed rows.
    settings.EVIDENCE_SCANNER = f"{__name__}.CaseLockProbe"
    CaseLockProbe.locked.clear()
    client = bearer_client(caseworker)
    response = upload(client, case, etag=current_etag(client, case.pk), key=key)
    assert response.status_code == 201, response.content
    # Other changes to the case did not wait for the scan.
    assert CaseLockProbe.locked == [False]
    assert response.json()["case"]["version"] == case.version + 1


# ---------------------------------------------------------------- downloading


def test_the_download_is_the_stored_file_and_is_audited(
    bearer_client: Client,
    caseworker: User,
    supervisor: User,
    case: Case,
    media: Path,
) -> None:
    owner = bearer_client(caseworker)
    upload(owner, case, etag=current_etag(owner, case.pk))
    item = EvidenceItem.objects.get()
    # Any Accept: the file answers in its own type.
    response = bearer_client(supervisor).get(
        f"/api/v1/evidence/{item.pk}/file/", HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(content).hexdigest() == item.sha256
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="statement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(
        action="evidence.downloaded", actor=supervisor, object_id=str(item.pk)
    ).exists()


def test_a_download_that_does_not_exist_is_a_404_problem(
    bearer_client: Client, caseworker: User
) -> None:
    response = bearer_client(caseworker).get(
        "/api/v1/evidence/999999/file/", HTTP_ACCEPT="image/png"
    )
    assert_problem(response, 404, "not-found")


def test_the_schema_documents_the_multipart_body(
    bearer_client: Client, caseworker: User
) -> None:
    schema = bearer_client(caseworker).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert schema.status_code == 200
    document = schema.json()
    post = document["paths"]["/api/v1/cases/{case_id}/evidence/"]["post"]
    assert list(post["requestBody"]["content"]) == ["multipart/form-data"]
    assert {"201", "412", "413", "422", "428"} <= set(post["responses"])
    names = {parameter["name"] for parameter in post["parameters"]}
    assert {"If-Match", "Idempotency-Key"} <= names
    download = document["paths"]["/api/v1/evidence/{evidence_id}/file/"]["get"]
    assert list(download["responses"]["200"]["content"]) == ["*/*"]
