"""The hearings part of the case page: each subject's proceedings, findings
and outcomes, and the case's list reports.

The case is read (and scoped) by ``referrals.selectors.case_page`` first;
these reads take its subjects, so a case the user may not see never gets here.
A fixed number of queries whatever the number of subjects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from hearings.models import Finding, ListReport, Outcome, Proceeding
from hearings.selectors.steps import remember_hearings_step_state
from referrals.models import Case, Subject


@dataclass(frozen=True)
class SubjectHearings:
    """One subject with their proceedings (each with current findings, its
    panel, its notices of referral and any Part 3A determination) and every
    outcome they have had, current one last."""

    subject: Subject
    proceedings: list[Proceeding]
    outcomes: list[Outcome]

    @property
    def current_outcome(self) -> Outcome | None:
        current = [outcome for outcome in self.outcomes if outcome.is_current]
        return current[-1] if current else None


def subject_hearings(subjects: Sequence[Subject]) -> list[SubjectHearings]:
    """Proceedings and outcomes for ``subjects``, in their order."""
    ids = [subject.pk for subject in subjects]
    proceedings: dict[int, list[Proceeding]] = {pk: [] for pk in ids}
    for proceeding in (
        Proceeding.objects.filter(subject_id__in=ids)
        .select_related("part_3a")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.filter(is_current=True).select_related(
                    "allegation"
                ),
            ),
            "panel",
            "notices",
        )
        .order_by("referred_on", "id")
    ):
        proceedings[proceeding.subject_id].append(proceeding)
    outcomes: dict[int, list[Outcome]] = {pk: [] for pk in ids}
    for outcome in Outcome.objects.filter(subject_id__in=ids).order_by(
        "decided_on", "id"
    ):
        outcomes[outcome.subject_id].append(outcome)
    rows = [
        SubjectHearings(
            subject=subject,
            proceedings=proceedings[subject.pk],
            outcomes=outcomes[subject.pk],
        )
        for subject in subjects
    ]
    _remember_for_steps(rows)
    return rows


def _remember_for_steps(rows: list[SubjectHearings]) -> None:
    """Hand what was read to the steps on each subject's case instance (the
    case page's Actions then read no more rows; hearings.steps)."""
    by_case: dict[int, tuple[Case, list[SubjectHearings]]] = {}
    for row in rows:
        if Subject.case.is_cached(row.subject):
            case = row.subject.case
            by_case.setdefault(case.pk, (case, []))[1].append(row)
    for case, case_rows in by_case.values():
        remember_hearings_step_state(
            case,
            subject_ids=[row.subject.pk for row in case_rows],
            proceedings=[p for row in case_rows for p in row.proceedings],
            outcomes=[o for row in case_rows for o in row.outcomes],
        )


def case_list_reports(case: Case) -> list[ListReport]:
    """Barred and advisory list reports made on the case, oldest first."""
    return list(
        ListReport.objects.filter(case=case)
        .select_related("person", "relevant_authority")
        .order_by("event_on", "id")
    )
