"""Evidence files: the checks every upload passes and storage that a rolled-back
transaction leaves clean.

- **Checks** (:func:`evidence_file_check`, called by the evidence service so
  that the browser, the API and any other caller get the same rules): not
  empty, not over ``EVIDENCE_MAX_UPLOAD_SIZE``, a type in
  ``EVIDENCE_ALLOWED_TYPES`` *as libmagic reads it from the content* (the name
  and the type the client claims are never trusted), and the virus scanner's
  verdict. A refusal is an :class:`EvidenceRefused` naming the field. A file
  already hashed with :func:`upload_digest` is not read again to hash it.
- **Virus scanning** sits behind :class:`EvidenceScanner`, chosen by
  ``EVIDENCE_SCANNER``. No signatures can be fetched on the force networks
  this runs on, so the default, :class:`NotScanned`, scans nothing and says
  so; the verdict is written to the audit trail with each upload.
- **Size limit while receiving**: :func:`limit_upload_size` puts
  :class:`EvidenceSizeLimit` first among a request's upload handlers, so an
  oversized file is dropped as it arrives instead of being spooled to disk.
- **Storage**: :func:`store_until_rollback` writes the file and deletes it
  again unless the enclosing transaction commits, so an upload whose database
  rows roll back leaves no orphan file.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import magic
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
#: How much of the file libmagic reads: enough to find the part names that tell
#: a Word or Excel file from any other zip.
SNIFF_BYTES = 64 * 1024

#: Names for the types a caseworker knows; a configured type without one is
#: shown as its MIME type.
TYPE_LABELS = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "text/plain": "plain text",
    "text/csv": "CSV",
    "message/rfc822": "email",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "audio/mpeg": "MP3",
    "audio/x-wav": "WAV",
    "video/mp4": "MP4",
}

# Error messages follow the GOV.UK file upload pattern.
FILE_REQUIRED = "Select a file"
FILE_EMPTY = "The selected file is empty"
FILE_TOO_LARGE = "The selected file must be smaller than {size}"
FILE_TYPE = "The selected file must be a {types} (its content is {detected})"
FILE_INFECTED = "The selected file contains a virus"
FILE_NOT_CHECKED = "The selected file could not be checked for viruses - try again"


class EvidenceRefused(ValidationError):
    """An upload refused by a check; ``field`` is the form or API field
    (``file`` or ``description``) and ``reason`` a stable code:
    ``required``, ``empty``, ``too_large``, ``type``, ``infected``,
    ``not_checked``, ``too_long``."""

    def __init__(self, field: str, message: str, *, reason: str) -> None:
        super().__init__({field: [ValidationError(message, code=reason)]})
        self.field = field
        self.reason = reason
        self.text = message


# ---------------------------------------------------------------- the limits


def max_upload_size() -> int:
    limit: int = settings.EVIDENCE_MAX_UPLOAD_SIZE
    return limit


def size_label(size: int) -> str:
    """A size for people: "50 MB", "1.5 MB", "800 KB"."""
    if size >= MEGABYTE:
        return f"{size / MEGABYTE:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def allowed_types() -> list[str]:
    types: list[str] = settings.EVIDENCE_ALLOWED_TYPES
    return types


def allowed_type_labels() -> str:
    """The accepted types in words: "PDF, JPEG, Word or MP4"."""
    labels = list(
        dict.fromkeys(TYPE_LABELS.get(kind, kind) for kind in allowed_types())
    )
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def too_large() -> EvidenceRefused:
    return EvidenceRefused(
        "file",
        FILE_TOO_LARGE.format(size=size_label(max_upload_size())),
        reason="too_large",
    )


# ---------------------------------------------------------------- scanning


class ScanStatus(StrEnum):
    CLEAN = "clean"
    INFECTED = "infected"
    NOT_SCANNED = "not_scanned"
    #: The scanner was asked and could not answer (daemon down, timeout).
    FAILED = "failed"


@dataclass(frozen=True)
class ScanResult:
    status: ScanStatus
    detail: str = ""


class EvidenceScanner(Protocol):
    """What ``EVIDENCE_SCANNER`` names: a class made with no arguments whose
    ``scan`` reads ``file`` (positioned at its start) and returns a verdict.
    It answers FAILED rather than raising when it cannot scan; the upload is
    then refused (a file is never stored as clean without a scan)."""

    def scan(self, file: File[bytes]) -> ScanResult: ...


class NotScanned:
    """No virus scanner on this deployment: every file is recorded as not
    scanned (antivirus signatures cannot be updated without the internet)."""

    def scan(self, file: File[bytes]) -> ScanResult:
        return ScanResult(ScanStatus.NOT_SCANNED, "No virus scanner is configured.")


def evidence_scanner() -> EvidenceScanner:
    path = settings.EVIDENCE_SCANNER
    try:
        scanner_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"DJANGO_EVIDENCE_SCANNER: cannot import {path!r} ({exc})"
        ) from exc
    scanner: EvidenceScanner = scanner_class()
    return scanner


# ---------------------------------------------------------------- the checks


@dataclass(frozen=True)
class CheckedFile:
    """What the checks found: the size and SHA-256 of the bytes read, the type
    libmagic gives the content, and the scanner's verdict."""

    size: int
    sha256: str
    content_type: str
    scan: ScanResult


def detected_type(file: File[bytes]) -> str:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return str(magic.from_buffer(head, mime=True))


#: The attribute where :func:`upload_digest` leaves a file's size and SHA-256.
_REMEMBERED_DIGEST = "_evidence_digest"


def _digest(file: File[bytes]) -> tuple[int, str]:
    file.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return size, digest.hexdigest()


def upload_digest(file: File[bytes]) -> tuple[int, str]:
    """The size and SHA-256 of a received upload, remembered on the file
    object so that :func:`evidence_file_check` does not read it a second time
    (the API hashes each upload first, for its idempotency fingerprint).

    Only for a file whose bytes no longer change: an upload of the request
    being handled.
    """
    size_and_sha256 = _digest(file)
    setattr(file, _REMEMBERED_DIGEST, size_and_sha256)
    return size_and_sha256


def evidence_file_check(file: File[bytes] | None) -> CheckedFile:
    """Check an upload before anything is stored; raises EvidenceRefused."""
    if file is None:
        raise EvidenceRefused("file", FILE_REQUIRED, reason="required")
    limit = max_upload_size()
    declared = file.size
    if declared == 0:
        raise EvidenceRefused("file", FILE_EMPTY, reason="empty")
    if declared > limit:
        raise too_large()
    content_type = detected_type(file)
    if content_type not in allowed_types():
        raise EvidenceRefused(
            "file",
            FILE_TYPE.format(types=allowed_type_labels(), detected=content_type),
            reason="type",
        )
    # The size counted while hashing is the one stored: a file object's own
    # idea of its size is not trusted either.
    remembered: tuple[int, str] | None = getattr(file, _REMEMBERED_DIGEST, None)
    size, sha256 = remembered or _digest(file)
    if size == 0:
        raise EvidenceRefused("file", FILE_EMPTY, reason="empty")
    if size > limit:
        raise too_large()
    result = evidence_scanner().scan(file)
    file.seek(0)
    if result.status == ScanStatus.INFECTED:
        logger.warning(
            "Evidence upload refused by the virus scanner: %s", result.detail
        )
        raise EvidenceRefused("file", FILE_INFECTED, reason="infected")
    if result.status == ScanStatus.FAILED:
        logger.error("Evidence upload could not be scanned: %s", result.detail)
        raise EvidenceRefused("file", FILE_NOT_CHECKED, reason="not_checked")
    return CheckedFile(size=size, sha256=sha256, content_type=content_type, scan=result)


# ---------------------------------------------------------------- receiving


class EvidenceSizeLimit(FileUploadHandler):
    """First upload handler of an evidence request: once a file passes the
    limit the rest of it is skipped, not spooled to a temporary file, and its
    field is named in ``too_large`` (the file is then absent from FILES)."""

    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large: set[str] = set()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large.add(str(self.field_name))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile[Any] | None:
        return None


def limit_upload_size(request: HttpRequest) -> EvidenceSizeLimit:
    """Install the size limit on ``request`` before its body is read (so the
    view must be csrf_exempt and check CSRF itself: the CSRF check reads the
    body)."""
    handler = EvidenceSizeLimit(request, limit=max_upload_size())
    request.upload_handlers.insert(0, handler)
    return handler


# ---------------------------------------------------------------- storing


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete the uncommitted evidence file %s", name)


class _UntilCommit:
    """Deletes ``name`` from ``storage`` when this object goes away, unless the
    transaction committed first.

    Django keeps an ``on_commit`` callback only while the transaction (or
    savepoint) that registered it may still commit: a rollback of either drops
    the callback, and with it the last reference to this object, whose
    finalizer then deletes the file. A commit runs the callback, which
    disarms the finalizer. (As with every on_commit callback, a savepoint
    made by hand with ``transaction.savepoint()`` rather than ``atomic()``
    is not seen: nothing in this project makes one.)
    """

    def __init__(self, storage: Storage, name: str) -> None:
        self._delete = weakref.finalize(self, _delete_quietly, storage, name)
        transaction.on_commit(self._committed)

    def _committed(self) -> None:
        self._delete.detach()

    def discard(self) -> None:
        self._delete()


def store_until_rollback(
    storage: Storage, name: str, file: File[bytes]
) -> tuple[str, _UntilCommit]:
    """Write ``file`` as ``name`` (or the free name storage picks) inside the
    caller's transaction; returns the stored name and a guard whose
    ``discard()`` deletes the file at once (for the caller's own failure).
    Otherwise the file goes when the transaction rolls back.

    Call it under a lock that keeps other writers out of ``name``'s folder
    (the evidence service holds the case's row lock): a write that fails
    half-way leaves a partial file, deleted here.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("store_until_rollback must run inside a transaction")
    # Free now, and still free when written: the caller's lock keeps others out.
    target = storage.get_available_name(name)
    try:
        stored = storage.save(target, file)
    except BaseException:
        if storage.exists(target):
            _delete_quietly(storage, target)
        raise
    return stored, _UntilCommit(storage, stored)
