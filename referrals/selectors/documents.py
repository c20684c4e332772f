"""What a printed notice of investigation says: the notice served on a subject
with everything the regulations require it to tell them, in one read.

The content follows the Conduct Regulations' "written notices" regulation of
the case's regime (PCR 2020 r17, with CMR 2020 r17 for Schedule 3 matters;
PCR 2012 r15; CMR 2012 r16). Regulation numbers are given only where they
were checked (domain.md section 2.3); elsewhere the notice names the
instrument alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Prefetch, QuerySet

from conduct.deadline_rules import DeadlineRuleCode
from conduct.models import User
from conduct.regimes import FORMER_OFFICER_REGIME_FROM, Regime
from referrals.models import (
    Allegation,
    Case,
    Deadline,
    Investigation,
    Notice,
    ReferralsClock,
    Subject,
)
from referrals.permissions import scoped_get
from referrals.selectors.cases import NO_SUCH_NOTICE

N = TypeVar("N", bound=Model)


@dataclass(frozen=True)
class NoticeLaw:
    """Where a notice of investigation comes from, and the regulations it
    points the subject to (empty where the number was not checked)."""

    basis: str
    instrument: str
    representations: str
    interviews: str
    police_friend: str


PCR_2020 = "the Police (Conduct) Regulations 2020"
CMR_2020 = "the Police (Complaints and Misconduct) Regulations 2020"
PCR_2012 = "the Police (Conduct) Regulations 2012"
CMR_2012 = "the Police (Complaints and Misconduct) Regulations 2012"
PCR_2008 = "the Police (Conduct) Regulations 2008"


def notice_law(regime: str, *, schedule_3: bool) -> NoticeLaw:
    """The regulations behind a notice of investigation under ``regime``."""
    if regime == Regime.R2020:
        basis = f"regulation 17 of {PCR_2020}"
        if schedule_3:
            basis += f" and regulation 17 of {CMR_2020}"
        return NoticeLaw(
            basis=basis,
            instrument=PCR_2020,
            representations="regulation 18",
            interviews="regulation 20",
            police_friend="regulation 7",
        )
    if regime == Regime.R2012 and schedule_3:
        return NoticeLaw(
            basis=f"regulation 16 of {CMR_2012}",
            instrument=CMR_2012,
            representations="regulation 18",
            interviews="regulation 19",
            police_friend="",
        )
    if regime == Regime.R2012:
        return NoticeLaw(
            basis=f"regulation 15 of {PCR_2012}",
            instrument=PCR_2012,
            representations="regulation 16",
            interviews="regulation 17",
            police_friend="",
        )
    return NoticeLaw(
        basis=PCR_2008,
        instrument=PCR_2008,
        representations="",
        interviews="",
        police_friend="",
    )


@dataclass(frozen=True)
class NoticeDocument:
    """A notice of investigation as printed.

    ``response_deadline`` is the clock the notice started for the subject's
    written response or statement (None if the regime has no such rule);
    ``former_officer_rules`` is True when the notice was served after the
    former-officer provisions came in (15 December 2017), so leaving the
    force does not end the matter.
    """

    notice: Notice
    subject: Subject
    case: Case
    allegations: list[Allegation]
    investigation: Investigation | None
    law: NoticeLaw
    response_deadline: Deadline | None
    former_officer_rules: bool

    @property
    def is_gross_misconduct(self) -> bool:
        return self.notice.severity == "gross_misconduct"


def served_notice_get(
    notices: QuerySet[N], subject: str, *, user: User, pk: int, missing: str
) -> N:
    """The notice ``pk`` (of ``notices``, served on the subject at the path
    ``subject``) on a case ``user`` may see, or 404; with all a printed notice
    shows of the addressee: who served it, the person, their role and force,
    their appropriate authority, the case's force and the allegations with
    their standards (in order)."""
    return scoped_get(
        notices.select_related(
            "served_by",
            f"{subject}__person",
            f"{subject}__role__force",
            f"{subject}__appropriate_authority",
            f"{subject}__case__force",
        ).prefetch_related(
            Prefetch(
                f"{subject}__allegations",
                queryset=Allegation.objects.prefetch_related("standards").order_by(
                    "id"
                ),
            )
        ),
        case_path=f"{subject}__case",
        user=user,
        pk=pk,
        missing=missing,
    )


def notice_document_get(*, user: User, notice_id: int) -> NoticeDocument:
    """The notice ``notice_id`` on a case ``user`` may see, or 404."""
    notice = served_notice_get(
        Notice.objects.all(), "subject", user=user, pk=notice_id, missing=NO_SUCH_NOTICE
    )
    subject = notice.subject
    case = subject.case
    return NoticeDocument(
        notice=notice,
        subject=subject,
        case=case,
        allegations=list(subject.allegations.all()),
        investigation=Investigation.objects.filter(case=case).first(),
        law=notice_law(case.regime, schedule_3=case.is_schedule_3),
        response_deadline=clock_started_by(
            case=case,
            subject=subject,
            rule_codes=[ReferralsClock.NOTICE_RESPONSE],
            anchor_on=notice.served_on,
        ),
        former_officer_rules=notice.served_on >= FORMER_OFFICER_REGIME_FROM,
    )


def clock_started_by(
    *,
    case: Case,
    subject: Subject,
    rule_codes: list[DeadlineRuleCode],
    anchor_on: dt.date,
) -> Deadline | None:
    """The subject's clock under one of ``rule_codes`` that an event on
    ``anchor_on`` started (the latest, if it was started more than once)."""
    return (
        Deadline.objects.select_related("rule")
        .filter(
            case=case,
            subject=subject,
            rule__code__in=rule_codes,
            anchor_on=anchor_on,
        )
        .order_by("-id")
        .first()
    )
