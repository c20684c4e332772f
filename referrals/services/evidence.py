"""Evidence: adding a file to a case, and recording who took a copy.

The chain of custody is the audit trail: who added which bytes (SHA-256,
size, the type read from the content, the virus scan's verdict) and who
downloaded them. The checks and the storage that survives only a commit are
in ``referrals.uploads``.
"""

from __future__ import annotations

from django.core.files import File
from django.db import transaction

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import STAFF_ROLES, AuditEvent, User
from conduct.services.audit import audit_record
from referrals.audit import ReferralsAction
from referrals.models import Case, EvidenceItem, Subject
from referrals.permissions import require_case_access, require_role
from referrals.services.common import case_changed, lock_case
from referrals.uploads import EvidenceRefused, evidence_file_check, store_until_rollback

DESCRIPTION_REQUIRED = "Enter a description of the evidence"
DESCRIPTION_TOO_LONG = "Description must be {limit} characters or fewer"
SUBJECT_NOT_ON_CASE = "That subject is not on this case."
ADD_EVIDENCE = "add evidence"
#: The roles that may add evidence to the cases they can see.
EVIDENCE_ROLES = STAFF_ROLES


def _description(description: str) -> str:
    text = " ".join(description.split())
    limit = EvidenceItem._meta.get_field("description").max_length or 300
    if not text:
        raise EvidenceRefused("description", DESCRIPTION_REQUIRED, reason="required")
    if len(text) > limit:
        raise EvidenceRefused(
            "description",
            DESCRIPTION_TOO_LONG.format(limit=limit),
            reason="too_long",
        )
    return text


def _original_name(name: str) -> str:
    """The name as uploaded, without any folder part, for the download."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:255] or "evidence"


def require_may_add_evidence(user: User | None) -> None:
    """Refuse (``NotPermitted``, rule ``role``) a user whose role may not add
    evidence: the rule ``evidence_add`` applies, for an interface to apply
    before it reads the file."""
    require_role(user, EVIDENCE_ROLES, ADD_EVIDENCE)


def may_add_evidence(user: User) -> bool:
    """Whether ``user``'s role may add evidence to the cases they can see (the
    rule ``evidence_add`` applies), for interfaces deciding what to offer."""
    try:
        require_may_add_evidence(user)
    except NotPermitted:
        return False
    return True


def evidence_add(
    *,
    actor: User | None,
    case: Case,
    file: File[bytes] | None,
    original_name: str,
    description: str,
    subject: Subject | None = None,
    expected_version: int | None = None,
) -> EvidenceItem:
    """Store a file on ``case`` with its SHA-256 and who added it.

    Refuses (``EvidenceRefused``, naming the field) a missing, empty,
    oversized or refused-type file, one the virus scanner flags, and a
    missing description, before anything is written. These checks read the
    whole file, so they run before the case is locked; ``expected_version``
    is then checked under the lock (``StaleVersion``). The file is stored
    inside the transaction and deleted again if it rolls back, here or in
    a caller's enclosing transaction.
    """
    # Someone who may not add evidence is refused before their file is read.
    require_may_add_evidence(actor)
    require_case_access(actor, case, ADD_EVIDENCE)
    text = _description(description)
    # The checks (hashing, libmagic, the virus scan) read the whole file:
    # done before the case is locked, so other changes to it do not wait.
    checked = evidence_file_check(file)
    assert file is not None  # evidence_file_check refuses None
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_case_access(actor, case, ADD_EVIDENCE)
        if subject is not None and subject.case_id != case.pk:
            raise ApplicationError(SUBJECT_NOT_ON_CASE, rule="evidence.subject")
        item = EvidenceItem(
            case=case,
            subject=subject,
            description=text,
            original_name=_original_name(original_name),
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            added_by=actor,
        )
        stored_name, stored = store_until_rollback(
            item.file.storage,
            item.file.field.generate_filename(item, item.original_name),
            file,
        )
        try:
            item.file.name = stored_name
            item.save()
            case_changed(
                case,
                actor=actor,
                action=ReferralsAction.EVIDENCE_ADDED,
                target=item,
                new={
                    "name": item.original_name,
                    "description": item.description,
                    "content_type": item.content_type,
                    "size": item.size,
                    "sha256": item.sha256,
                    "subject": subject.pk if subject is not None else None,
                    "virus_scan": checked.scan.status.value,
                },
            )
        except BaseException:
            stored.discard()
            raise
    return item


@transaction.atomic
def evidence_download_record(*, actor: User, item: EvidenceItem) -> AuditEvent:
    """One audit event each time someone takes a copy of an evidence file
    (part of its chain of custody). The case does not change: no new version."""
    return audit_record(
        actor=actor,
        action=ReferralsAction.EVIDENCE_DOWNLOADED,
        target=item,
        case_id=item.case_id,
        new={"name": item.original_name, "sha256": item.sha256},
    )
