"""Adding evidence (referrals.services.evidence, referrals.uploads): what is
stored and audited, every refusal storing nothing, the virus-scan hook, and
storage that a rollback leaves clean."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.test import RequestFactory
from pytest_django.fixtures import Settings as SettingsWrapper

from conduct.exceptions import ApplicationError, NotPermitted, StaleVersion
from conduct.models import AuditEvent, User
from referrals.models import Case, EvidenceItem
from referrals.services.evidence import (
    evidence_add,
    evidence_download_record,
    may_add_evidence,
    require_may_add_evidence,
)
from referrals.uploads import (
    EvidenceRefused,
    NotScanned,
    ScanResult,
    ScanStatus,
    allowed_type_labels,
    limit_upload_size,
    size_label,
    upload_digest,
)
from tests.builders import Build
from tests.rows import parametrize_rows

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"
#: The start of a Windows executable: what an .exe renamed .pdf still is.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
#: Content the test scanner below reports as infected.
INFECTED_MARK = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"


class FlagsEicar:
    """A scanner stub: the EICAR test string is infected, all else clean."""

    def scan(self, file: File[bytes]) -> ScanResult:
        if INFECTED_MARK in file.read():
            return ScanResult(ScanStatus.INFECTED, "Eicar-Test-Signature")
        return ScanResult(ScanStatus.CLEAN)


class ScannerDown:
    def scan(self, file: File[bytes]) -> ScanResult:
        return ScanResult(ScanStatus.FAILED, "clamd: connection refused")


def stored_path(root: Path, item: EvidenceItem) -> Path:
    return root / str(item.file.name)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def upload(content: bytes, name: str = "statement.pdf") -> SimpleUploadedFile:
    # The browser's claimed type is deliberately wrong: it is never trusted.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def evidence_case(build: Build, reference: str | None = None) -> Case:
    return build.case(
        on=dt.date(2024, 3, 4),
        reference=reference,
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary="Rude to a colleague at a briefing.",
    )


@pytest.fixture
def case(build: Build) -> Case:
    return evidence_case(build)


def add(actor: User, case: Case, content: bytes, **kwargs: object) -> EvidenceItem:
    arguments: dict[str, object] = {
        "original_name": "statement.pdf",
        "description": "Witness statement of PC Jones",
        **kwargs,
    }
    return evidence_add(
        actor=actor,
        case=case,
        file=upload(content, str(arguments["original_name"])),
        **arguments,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------- stored


@pytest.mark.django_db
def test_it_stores_the_file_with_its_sha256_and_audits_it(
    caseworker: User, case: Case, media: Path
) -> None:
    version = case.version
    item = add(caseworker, case, PDF)

    item.refresh_from_db()
    assert item.sha256 == hashlib.sha256(PDF).hexdigest()
    assert item.size == len(PDF)
    assert item.content_type == "application/pdf"
    assert item.original_name == "statement.pdf"
    assert item.description == "Witness statement of PC Jones"
    assert item.added_by == caseworker
    # Stored under the case and the hash, never under the uploaded name.
    assert item.file.name == f"evidence/{case.pk}/{item.sha256}"
    assert stored_files(media) == [stored_path(media, item)]
    assert (stored_path(media, item)).read_bytes() == PDF
    event = AuditEvent.objects.get(action="evidence.added")
    assert event.case_id == case.pk
    assert event.actor == caseworker
    assert event.object_id == str(item.pk)
    assert event.new_values["sha256"] == item.sha256
    assert event.new_values["size"] == len(PDF)
    assert event.new_values["virus_scan"] == "not_scanned"
    case.refresh_from_db()
    assert case.version == version + 1


@pytest.mark.django_db
def test_the_same_file_twice_is_stored_twice_under_distinct_names(
    caseworker: User, case: Case, media: Path
) -> None:
    first = add(caseworker, case, PDF)
    second = add(caseworker, case, PDF, description="The same statement, again")
    assert first.sha256 == second.sha256
    assert first.file.name != second.file.name
    assert len(stored_files(media)) == 2


@pytest.mark.django_db
def test_it_keeps_only_the_base_of_the_uploaded_name(
    caseworker: User, case: Case, media: Path
) -> None:
    item = add(caseworker, case, PDF, original_name="C:\\Users\\pc\\report.pdf")
    assert item.original_name == "report.pdf"


@pytest.mark.django_db
def test_it_records_the_subject_the_evidence_concerns(
    build: Build, caseworker: User, case: Case, media: Path
) -> None:
    subject = build.recorded(case, allegations=0)
    item = add(caseworker, case, PDF, subject=subject)
    assert item.subject == subject


# ---------------------------------------------------------------- refused


def assert_nothing_stored(media: Path) -> None:
    assert stored_files(media) == []
    assert not EvidenceItem.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.added").exists()


class CountedUpload(SimpleUploadedFile):
    """An upload that counts the passes made through its bytes in chunks."""

    passes = 0

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        self.passes += 1
        return super().chunks(chunk_size)


@pytest.mark.django_db
def test_a_digest_taken_on_receipt_is_not_taken_again(
    caseworker: User, case: Case, media: Path
) -> None:
    received = CountedUpload("statement.pdf", PDF)
    assert upload_digest(received) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    received.passes = 0
    item = evidence_add(
        actor=caseworker,
        case=case,
        file=received,
        original_name="statement.pdf",
        description="Witness statement of PC Jones",
    )
    assert item.sha256 == hashlib.sha256(PDF).hexdigest()
    assert item.size == len(PDF)
    # Only storing it read it through; without the digest, hashing does too.
    assert received.passes == 1
    unhashed = CountedUpload("statement.pdf", PDF + b"% second\n")
    evidence_add(
        actor=caseworker,
        case=case,
        file=unhashed,
        original_name="statement.pdf",
        description="Witness statement of PC Jones",
    )
    assert unhashed.passes == 2


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, PDF + b"%" * 1024)
    assert refused.value.field == "file"
    assert refused.value.reason == "too_large"
    assert refused.value.text == "The selected file must be smaller than 1 KB"
    assert refused.value.message_dict == {
        "file": ["The selected file must be smaller than 1 KB"]
    }
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_file_exactly_at_the_limit_is_accepted(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = len(PDF)
    assert add(caseworker, case, PDF).size == len(PDF)


@pytest.mark.django_db
def test_an_executable_renamed_pdf_is_refused_on_its_content(
    caseworker: User, case: Case, media: Path
) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, EXE, original_name="statement.pdf")
    assert refused.value.reason == "type"
    assert refused.value.text.startswith("The selected file must be a PDF, JPEG, ")
    assert "(its content is application/x-dosexec)" in refused.value.text
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_pdf_with_another_name_is_accepted_as_a_pdf(
    caseworker: User, case: Case, media: Path
) -> None:
    item = add(caseworker, case, PDF, original_name="notes.exe")
    assert item.content_type == "application/pdf"
    assert item.original_name == "notes.exe"


@pytest.mark.django_db
def test_the_accepted_types_come_from_the_setting(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_ALLOWED_TYPES = ["image/png", "text/csv"]
    assert allowed_type_labels() == "PNG or CSV"
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, PDF)
    assert refused.value.text == (
        "The selected file must be a PNG or CSV (its content is application/pdf)"
    )
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_an_empty_file_is_refused(caseworker: User, case: Case, media: Path) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, b"")
    assert (refused.value.reason, refused.value.text) == (
        "empty",
        "The selected file is empty",
    )
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_no_file_is_refused(caseworker: User, case: Case, media: Path) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        evidence_add(
            actor=caseworker,
            case=case,
            file=None,
            original_name="",
            description="Statement",
        )
    assert (refused.value.field, refused.value.text) == ("file", "Select a file")
    assert_nothing_stored(media)


@dataclass(frozen=True)
class DescriptionRefusal:
    """A description refused, and why."""

    description: str
    message: str


@pytest.mark.django_db
@parametrize_rows(
    [
        DescriptionRefusal(
            description="   ", message="Enter a description of the evidence"
        ),
        DescriptionRefusal(
            description="x" * 301, message="Description must be 300 characters or fewer"
        ),
    ]
)
def test_the_description_is_required_and_bounded(
    caseworker: User, case: Case, media: Path, description: str, message: str
) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, PDF, description=description)
    assert refused.value.message_dict == {"description": [message]}
    assert_nothing_stored(media)


# ---------------------------------------------------------------- scanning


@pytest.mark.django_db
def test_a_file_the_scanner_flags_is_refused(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_SCANNER = "tests.referrals.test_evidence.FlagsEicar"
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, b"Statement text.\n" + INFECTED_MARK + b"\n")
    assert (refused.value.reason, refused.value.text) == (
        "infected",
        "The selected file contains a virus",
    )
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_clean_verdict_is_recorded_in_the_audit_trail(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_SCANNER = "tests.referrals.test_evidence.FlagsEicar"
    item = add(caseworker, case, PDF)
    event = AuditEvent.objects.get(action="evidence.added", object_id=str(item.pk))
    assert event.new_values["virus_scan"] == "clean"


@pytest.mark.django_db
def test_a_scanner_that_cannot_scan_refuses_the_file(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_SCANNER = "tests.referrals.test_evidence.ScannerDown"
    with pytest.raises(EvidenceRefused) as refused:
        add(caseworker, case, PDF)
    assert refused.value.reason == "not_checked"
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_an_unknown_scanner_is_a_configuration_error_naming_the_variable(
    caseworker: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_SCANNER = "nowhere.Scanner"
    with pytest.raises(ImproperlyConfigured, match=r"^DJANGO_EVIDENCE_SCANNER: "):
        add(caseworker, case, PDF)
    assert_nothing_stored(media)


def test_the_default_scanner_says_it_did_not_scan() -> None:
    result = NotScanned().scan(File(b""))  # type: ignore[arg-type]
    assert result.status == ScanStatus.NOT_SCANNED


# ---------------------------------------------------------------- who and when


@pytest.mark.django_db
def test_another_forces_caseworker_is_refused_before_the_file_is_read(
    outsider: User, case: Case, media: Path, settings: SettingsWrapper
) -> None:
    settings.EVIDENCE_SCANNER = "nowhere.Scanner"  # would fail if reached
    with pytest.raises(NotPermitted):
        add(outsider, case, PDF)
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_manager_cannot_add_evidence(manager: User, case: Case, media: Path) -> None:
    with pytest.raises(NotPermitted, match="cannot add evidence"):
        add(manager, case, PDF)
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_who_may_add_evidence_is_the_rule_the_service_applies(
    caseworker: User, supervisor: User, iopc_investigator: User, manager: User
) -> None:
    for user in (caseworker, supervisor, iopc_investigator):
        require_may_add_evidence(user)
        assert may_add_evidence(user) is True
    with pytest.raises(NotPermitted, match=r"\) cannot add evidence\.$") as refused:
        require_may_add_evidence(manager)
    assert refused.value.rule == "role"
    assert may_add_evidence(manager) is False


@pytest.mark.django_db
def test_a_subject_of_another_case_is_refused_and_nothing_stays(
    build: Build, caseworker: User, case: Case, media: Path
) -> None:
    subject = build.recorded(allegations=0)
    with pytest.raises(ApplicationError, match="not on this case"):
        add(caseworker, case, PDF, subject=subject)
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_stays(
    caseworker: User, case: Case, media: Path
) -> None:
    with pytest.raises(StaleVersion):
        add(caseworker, case, PDF, expected_version=case.version - 1)
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_download_is_audited_without_changing_the_case(
    caseworker: User, supervisor: User, case: Case, media: Path
) -> None:
    item = add(caseworker, case, PDF)
    case.refresh_from_db()
    version = case.version
    event = evidence_download_record(actor=supervisor, item=item)
    assert event.action == "evidence.downloaded"
    assert (event.case_id, event.actor, event.object_id) == (
        case.pk,
        supervisor,
        str(item.pk),
    )
    assert event.new_values == {"name": "statement.pdf", "sha256": item.sha256}
    case.refresh_from_db()
    assert case.version == version


# ---------------------------------------------------------------- rollback


@pytest.mark.django_db
def test_an_enclosing_rollback_deletes_the_file(
    caseworker: User, case: Case, media: Path
) -> None:
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        item = add(caseworker, case, PDF)
        assert stored_files(media) == [stored_path(media, item)]
        raise Abandon
    gc.collect()
    assert_nothing_stored(media)


@pytest.mark.django_db
def test_a_rolled_back_savepoint_deletes_its_file_but_keeps_the_others(
    caseworker: User, case: Case, media: Path
) -> None:
    with transaction.atomic():
        kept = add(caseworker, case, PDF)
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            add(caseworker, case, PDF + b"% another version\n", description="Later")
            _ = 1 / 0
        gc.collect()
        assert stored_files(media) == [stored_path(media, kept)]
    assert list(EvidenceItem.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_file_stays_and_a_rolled_back_one_goes(
    caseworker: User, case: Case, media: Path
) -> None:
    # Real commits and rollbacks, not the test case's savepoints.
    kept = add(caseworker, case, PDF)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        add(caseworker, case, PDF + b"% draft\n", description="Draft")
        _ = 1 / 0
    gc.collect()
    assert stored_files(media) == [stored_path(media, kept)]
    assert list(EvidenceItem.objects.values_list("pk", flat=True)) == [kept.pk]


# ---------------------------------------------------------------- receiving


def test_the_size_limit_drops_an_oversized_file_while_it_arrives(
    settings: SettingsWrapper,
) -> None:
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    request = RequestFactory().post(
        "/cases/1/evidence/",
        {
            "description": "Big",
            "file": upload(PDF + b"%" * 4096, "big.pdf"),
            "small": upload(PDF, "small.pdf"),
        },
    )
    limit = limit_upload_size(request)
    assert request.POST["description"] == "Big"
    assert "file" not in request.FILES
    small = request.FILES["small"]
    assert isinstance(small, UploadedFile)
    assert small.read() == PDF
    assert limit.too_large == {"file"}


@dataclass(frozen=True)
class Size:
    """A size in bytes, and how it reads."""

    size: int
    label: str


@parametrize_rows(
    [
        Size(size=50 * 1024 * 1024, label="50 MB"),
        Size(size=1536 * 1024, label="1.5 MB"),
        Size(size=800 * 1024, label="800 KB"),
    ]
)
def test_sizes_read_as_people_write_them(size: int, label: str) -> None:
    assert size_label(size) == label
