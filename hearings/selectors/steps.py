"""Reads behind the hearings steps (hearings.steps): the objects a step acts
on, each found only in a case the user may see (404 otherwise), and what
decides which steps are valid now: on the case page what the page has read
(``hearings.selectors.case_page`` remembers it), elsewhere read once per
case, in a fixed number of queries whatever the number of subjects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from conduct.models import User
from hearings.models import (
    Appeal,
    Finding,
    ListReport,
    Outcome,
    PanelMember,
    Proceeding,
)
from referrals.models import Case, Subject
from referrals.permissions import scoped_get

STATE_ATTRIBUTE = "_hearings_step_state"
APPEALS_ATTRIBUTE = "_hearings_step_appeals"


def proceeding_get(*, user: User, proceeding_id: int) -> Proceeding:
    return scoped_get(
        Proceeding.objects.select_related(
            "subject__case", "subject__person", "subject__role", "part_3a"
        ),
        case_path="subject__case",
        user=user,
        pk=proceeding_id,
    )


def panel_member_get(*, user: User, member_id: int) -> PanelMember:
    return scoped_get(
        PanelMember.objects.select_related(
            "proceeding__subject__case", "proceeding__subject__person"
        ),
        case_path="proceeding__subject__case",
        user=user,
        pk=member_id,
    )


def appeal_get(*, user: User, appeal_id: int) -> Appeal:
    return scoped_get(
        Appeal.objects.select_related(
            "subject__case", "subject__person", "outcome__proceeding"
        ),
        case_path="subject__case",
        user=user,
        pk=appeal_id,
    )


def list_report_get(*, user: User, report_id: int) -> ListReport:
    return scoped_get(
        ListReport.objects.select_related(
            "case", "person", "relevant_authority", "previous_report"
        ),
        case_path="case",
        user=user,
        pk=report_id,
    )


@dataclass
class SubjectHearingFacts:
    """One subject's proceedings (oldest first, each with its panel and
    current findings) and current outcome."""

    proceedings: list[Proceeding] = field(default_factory=list)
    outcome: Outcome | None = None

    @property
    def active(self) -> Proceeding | None:
        """The proceeding not withdrawn or returned (at most one per
        subject)."""
        for proceeding in self.proceedings:
            if proceeding.status not in Proceeding.SUPERSEDED_STATUSES:
                return proceeding
        return None

    def known(self, proceeding: Proceeding) -> Proceeding | None:
        for candidate in self.proceedings:
            if candidate.pk == proceeding.pk:
                return candidate
        return None


@dataclass(frozen=True)
class HearingsStepState:
    """The hearing facts of the subjects ``covered`` on one case."""

    subjects: dict[int, SubjectHearingFacts]
    covered: frozenset[int]

    def of(self, subject_id: int) -> SubjectHearingFacts:
        return self.subjects.get(subject_id) or SubjectHearingFacts()

    def findings_of(self, proceeding: Proceeding) -> list[str]:
        """The results of ``proceeding``'s current findings."""
        known = self.of(proceeding.subject_id).known(proceeding)
        if known is None:
            return []
        return [finding.result for finding in known.findings.all()]

    def has_findings(self, proceeding: Proceeding) -> bool:
        return bool(self.findings_of(proceeding))

    def panel_of(self, proceeding: Proceeding) -> list[PanelMember]:
        known = self.of(proceeding.subject_id).known(proceeding)
        return list(known.panel.all()) if known is not None else []


def remember_hearings_step_state(
    case: Case,
    *,
    subject_ids: Iterable[int],
    proceedings: Iterable[Proceeding],
    outcomes: Iterable[Outcome],
) -> HearingsStepState:
    """Keep on ``case`` what a page has read about these subjects (their
    proceedings with panel and current findings prefetched, their outcomes),
    so the steps read it rather than the database."""
    found: dict[int, SubjectHearingFacts] = defaultdict(SubjectHearingFacts)
    for proceeding in proceedings:
        found[proceeding.subject_id].proceedings.append(proceeding)
    for outcome in outcomes:
        if outcome.is_current:
            found[outcome.subject_id].outcome = outcome
    state = HearingsStepState(subjects=dict(found), covered=frozenset(subject_ids))
    setattr(case, STATE_ATTRIBUTE, state)
    return state


def hearings_step_state(case: Case, subject_id: int) -> HearingsStepState:
    """The hearing facts of ``case``, covering ``subject_id``: what the page
    remembered, or else read once (four queries) and kept on the instance."""
    state: HearingsStepState | None = getattr(case, STATE_ATTRIBUTE, None)
    if state is not None and subject_id in state.covered:
        return state
    return remember_hearings_step_state(
        case,
        subject_ids=Subject.objects.filter(case=case).values_list("pk", flat=True),
        proceedings=Proceeding.objects.filter(subject__case=case)
        .select_related("part_3a")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.filter(is_current=True)),
            "panel",
        )
        .order_by("referred_on", "id"),
        outcomes=Outcome.objects.filter(subject__case=case, is_current=True),
    )


def lodged_appeals(case: Case) -> dict[int, list[Appeal]]:
    """The appeals waiting for a decision on ``case``, by subject id, read
    once (one query) and kept on the instance."""
    cached: dict[int, list[Appeal]] | None = getattr(case, APPEALS_ATTRIBUTE, None)
    if cached is not None:
        return cached
    found: dict[int, list[Appeal]] = defaultdict(list)
    for appeal in Appeal.objects.filter(
        subject__case=case, status=Appeal.Status.LODGED
    ).order_by("lodged_on", "id"):
        found[appeal.subject_id].append(appeal)
    result = dict(found)
    setattr(case, APPEALS_ATTRIBUTE, result)
    return result
