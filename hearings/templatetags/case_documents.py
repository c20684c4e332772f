"""``{% case_documents case subjects list_reports user as section %}``: the
case page's "Documents and evidence" section reads its rows and its upload
form here, so the section is one include in the case page
(templates/documents/_case_documents.html)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django import template

from conduct.models import User
from hearings.models import ListReport
from hearings.selectors.case_page import SubjectHearings
from hearings.selectors.documents import CaseDocuments, case_documents_get
from referrals.models import Case
from referrals.services.evidence import may_add_evidence
from referrals.views_documents import EvidenceForm, evidence_limits

register = template.Library()


@dataclass(frozen=True)
class DocumentsSection:
    """What the section shows: the rows, and the upload form when the user's
    role may add evidence (``form`` is None otherwise)."""

    documents: CaseDocuments
    form: EvidenceForm | None
    limits: dict[str, str]


@register.simple_tag
def case_documents(
    case: Case,
    subjects: Sequence[SubjectHearings],
    list_reports: Sequence[ListReport],
    user: User,
) -> DocumentsSection:
    return DocumentsSection(
        documents=case_documents_get(
            case=case, subjects=subjects, list_reports=list_reports
        ),
        form=EvidenceForm([row.subject for row in subjects])
        if may_add_evidence(user)
        else None,
        limits=evidence_limits(),
    )
