"""Reads of evidence, scoped like the case it belongs to."""

from __future__ import annotations

from django.db.models import QuerySet

from conduct.models import User
from referrals.models import Case, EvidenceItem
from referrals.permissions import scoped_get

NO_SUCH_EVIDENCE = "No such evidence."


def case_evidence(case: Case) -> QuerySet[EvidenceItem]:
    """The evidence of a case already checked as visible, oldest first, with
    who added it and the subject it concerns (one query)."""
    return (
        EvidenceItem.objects.filter(case_id=case.pk)
        .select_related("added_by", "subject__person")
        .order_by("created_at", "id")
    )


def evidence_get(*, user: User, evidence_id: int) -> EvidenceItem:
    """An evidence item on a case ``user`` may see, or 404 (never 403)."""
    return scoped_get(
        EvidenceItem.objects.select_related("case", "added_by"),
        case_path="case",
        user=user,
        pk=evidence_id,
        missing=NO_SUCH_EVIDENCE,
    )
