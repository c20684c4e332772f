"""Evidence in the browser: the case page's "Documents and evidence" section,
the upload form (GOV.UK errors, nothing stored on a refusal), the download
through a permission check, and a query count that does not grow."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from conduct.models import AuditEvent, User
from referrals.models import Case, EvidenceItem
from referrals.services.evidence import evidence_add
from tests.pages import Pages
from tests.referrals.test_evidence import EXE, INFECTED_MARK, PDF, stored_files
from tests.referrals.views.helpers import page_queries
from tests.test_frontend import inline_code

pytestmark = pytest.mark.django_db


def upload_url(case: Case) -> str:
    return f"/cases/{case.pk}/evidence/"


def post_file(
    client: Client,
    case: Case,
    content: bytes,
    *,
    name: str = "statement.pdf",
    description: str = "Witness statement of PC Jones",
) -> str:
    response = client.post(
        upload_url(case),
        {
            "description": description,
            "subject": "",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def assert_nothing_stored(media: Path) -> None:
    assert stored_files(media) == []
    assert not EvidenceItem.objects.exists()


def assert_upload_refused(client: Client, case: Case, media: Path, status: int) -> None:
    """A statement posted to ``case``'s upload answers ``status``, and
    nothing is stored."""
    response = client.post(
        upload_url(case),
        {"description": "Statement", "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    assert response.status_code == status
    assert_nothing_stored(media)


def assert_file_error(html: str, message: str) -> None:
    """The GOV.UK pattern: a summary linking to the field, and the message
    by the field, which is marked as in error."""
    assert 'class="govuk-error-summary"' in html
    assert f'<li><a href="#id_file">{message}</a></li>' in html
    assert (
        '<p id="id_file-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in html
    )
    assert "govuk-file-upload--error" in html
    assert "<title>Error: Add evidence" in html


# ---------------------------------------------------------------- uploading


def test_a_caseworker_uploads_evidence_from_the_case_page(
    client: Client, caseworker: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(caseworker)
    case_page = client.get(f"/cases/{unreferred_case.pk}/").content.decode()
    assert f'action="{upload_url(unreferred_case)}"' in case_page
    assert 'enctype="multipart/form-data"' in case_page

    response = client.post(
        upload_url(unreferred_case),
        {
            "description": "Witness statement of PC Jones",
            "subject": "",
            "file": SimpleUploadedFile("statement.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{unreferred_case.pk}/#documents"
    item = EvidenceItem.objects.get()
    assert item.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored_files(media) == [media / str(item.file.name)]
    assert AuditEvent.objects.filter(
        action="evidence.added", object_id=str(item.pk), actor=caseworker
    ).exists()

    html = client.get(response["Location"]).content.decode()
    section = html[html.index('id="documents"') : html.index('id="timeline"')]
    assert "Evidence added: Witness statement of PC Jones." in html
    assert "Witness statement of PC Jones" in section
    assert "application/pdf" in section
    assert item.sha256 in section
    assert caseworker.get_full_name() in section
    assert f'href="/evidence/{item.pk}/file/"' in section
    assert "statement.pdf" in section
    assert inline_code(html) == []


def test_the_upload_page_states_the_limits(
    client: Client,
    caseworker: User,
    unreferred_case: Case,
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
    settings.EVIDENCE_ALLOWED_TYPES = ["application/pdf", "image/jpeg"]
    client.force_login(caseworker)
    html = client.get(upload_url(unreferred_case)).content.decode()
    assert "A PDF or JPEG file, smaller than 5 MB." in html
    assert inline_code(html) == []


def test_a_file_over_the_limit_gets_a_form_error_and_is_not_stored(
    client: Client,
    caseworker: User,
    unreferred_case: Case,
    media: Path,
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    client.force_login(caseworker)
    html = post_file(client, unreferred_case, PDF + b"%" * 4096)
    assert_file_error(html, "The selected file must be smaller than 1 KB")
    # What was typed is kept.
    assert 'value="Witness statement of PC Jones"' in html
    assert_nothing_stored(media)


def test_an_executable_renamed_pdf_gets_a_form_error_and_is_not_stored(
    client: Client, caseworker: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(caseworker)
    html = post_file(client, unreferred_case, EXE, name="statement.pdf")
    assert "(its content is application/x-dosexec)" in html
    assert "govuk-file-upload--error" in html
    assert_nothing_stored(media)


def test_an_empty_file_gets_a_form_error(
    client: Client, caseworker: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(caseworker)
    html = post_file(client, unreferred_case, b"")
    assert_file_error(html, "The selected file is empty")
    assert_nothing_stored(media)


def test_no_file_and_no_description_each_get_an_error(
    client: Client, caseworker: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(caseworker)
    response = client.post(upload_url(unreferred_case), {"description": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<li><a href="#id_description">Enter a description of the evidence</a></li>'
        in html
    )
    assert_nothing_stored(media)
    html = post_file(client, unreferred_case, PDF, description="  ")
    assert "Enter a description of the evidence" in html
    assert_nothing_stored(media)
    response = client.post(upload_url(unreferred_case), {"description": "Notes"})
    assert_file_error(response.content.decode(), "Select a file")
    assert_nothing_stored(media)


def test_a_file_the_virus_scanner_flags_is_refused(
    client: Client,
    caseworker: User,
    unreferred_case: Case,
    media: Path,
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_SCANNER = "tests.referrals.test_evidence.FlagsEicar"
    client.force_login(caseworker)
    html = post_file(client, unreferred_case, b"Statement.\n" + INFECTED_MARK + b"\n")
    assert_file_error(html, "The selected file contains a virus")
    assert_nothing_stored(media)


def test_a_subject_of_the_case_can_be_named(
    client: Client, caseworker: User, reference_cases: dict[str, Case], media: Path
) -> None:
    case = reference_cases["C"]
    subject = case.subjects.order_by("id").first()
    assert subject is not None
    client.force_login(caseworker)
    response = client.post(
        upload_url(case),
        {
            "description": "Phone download log",
            "subject": str(subject.pk),
            "file": SimpleUploadedFile("log.txt", b"Download started 10:04\n"),
        },
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.subject == subject
    assert item.content_type == "text/plain"


def test_a_subject_of_another_case_is_not_a_choice(
    client: Client, caseworker: User, reference_cases: dict[str, Case], media: Path
) -> None:
    other = reference_cases["A"].subjects.first()
    assert other is not None
    client.force_login(caseworker)
    response = client.post(
        upload_url(reference_cases["C"]),
        {
            "description": "Notes",
            "subject": str(other.pk),
            "file": SimpleUploadedFile("notes.pdf", PDF),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_subject-error"' in html
    assert_nothing_stored(media)


def test_the_upload_checks_the_csrf_token(
    caseworker: User, unreferred_case: Case, media: Path
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    assert_upload_refused(client, unreferred_case, media, 403)


def test_the_upload_is_a_404_for_another_forces_caseworker(
    client: Client, outsider: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(outsider)
    assert client.get(upload_url(unreferred_case)).status_code == 404
    assert_upload_refused(client, unreferred_case, media, 404)


def test_a_manager_sees_the_evidence_but_cannot_upload(
    client: Client, manager: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(manager)
    html = client.get(f"/cases/{unreferred_case.pk}/").content.decode()
    assert 'id="documents"' in html
    assert upload_url(unreferred_case) not in html
    assert client.get(upload_url(unreferred_case)).status_code == 403
    assert_upload_refused(client, unreferred_case, media, 403)


# ---------------------------------------------------------------- downloading


@pytest.fixture
def item(caseworker: User, unreferred_case: Case, media: Path) -> EvidenceItem:
    return evidence_add(
        actor=caseworker,
        case=unreferred_case,
        file=SimpleUploadedFile("statement of PC Jones.pdf", PDF),
        original_name="statement of PC Jones.pdf",
        description="Witness statement",
    )


def test_a_download_is_an_audited_attachment_that_is_never_sniffed(
    client: Client, supervisor: User, item: EvidenceItem
) -> None:
    client.force_login(supervisor)
    response = client.get(f"/evidence/{item.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="statement of PC Jones.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert (event.actor, event.object_id, event.case_id) == (
        supervisor,
        str(item.pk),
        item.case_id,
    )


@pytest.mark.parametrize("persona", ["outsider", "iopc_investigator"])
def test_a_download_is_a_404_for_anyone_who_may_not_see_the_case(
    client: Client,
    request: pytest.FixtureRequest,
    item: EvidenceItem,
    persona: str,
) -> None:
    # The IOPC sees only cases referred to it; this one never was.
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/evidence/{item.pk}/file/")
    assert response.status_code == 404
    assert PDF not in response.content
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_a_download_needs_a_login(pages: Pages, item: EvidenceItem) -> None:
    pages.asks_to_log_in(f"/evidence/{item.pk}/file/")


def test_a_missing_stored_file_is_a_404_not_a_crash(
    client: Client, caseworker: User, item: EvidenceItem, media: Path
) -> None:
    (media / str(item.file.name)).unlink()
    client.force_login(caseworker)
    assert client.get(f"/evidence/{item.pk}/file/").status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


# ---------------------------------------------------------------- queries


def test_the_case_page_query_count_does_not_grow_with_evidence(
    client: Client, caseworker: User, unreferred_case: Case, media: Path
) -> None:
    client.force_login(caseworker)

    def add(count: int) -> None:
        for number in range(count):
            evidence_add(
                actor=caseworker,
                case=unreferred_case,
                file=SimpleUploadedFile(f"{number}.txt", f"Note {number}\n".encode()),
                original_name=f"{number}.txt",
                description=f"Note number {number}",
            )

    add(5)
    with_five, _ = page_queries(client, unreferred_case)
    add(45)
    with_fifty, html = page_queries(client, unreferred_case)
    assert with_fifty == with_five
    assert html.count('href="/evidence/') == 50
