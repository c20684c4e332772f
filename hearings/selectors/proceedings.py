"""Reads about proceedings, outcomes and list reports."""

from __future__ import annotations

from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat

from conduct.models import Person, User
from hearings.models import ListReport, Outcome, Part3ADetermination, Proceeding
from hearings.services.clocks import LIST_REPORT_KEY_PREFIX, LIST_REPORT_RULES
from referrals.models import Deadline, Subject
from referrals.permissions import scoped_get


def current_outcome_for(subject: Subject) -> Outcome | None:
    return Outcome.objects.filter(subject=subject, is_current=True).first()


def outcome_history(subject: Subject) -> QuerySet[Outcome]:
    """Every outcome the subject has had, oldest first (appeals included)."""
    return Outcome.objects.filter(subject=subject).order_by("decided_on", "id")


def active_proceeding_for(subject: Subject) -> Proceeding | None:
    return (
        Proceeding.objects.filter(subject=subject)
        .exclude(status__in=Proceeding.SUPERSEDED_STATUSES)
        .first()
    )


def part_3a_of(proceeding: Proceeding) -> Part3ADetermination | None:
    """The proceeding's Part 3A determination (PCR r21A(1)(d)), if its officer
    resigned or retired before the hearing; no query when the proceeding was
    read with ``select_related("part_3a")``, as every page and step reads it."""
    try:
        return proceeding.part_3a
    except Part3ADetermination.DoesNotExist:
        return None


def awaits_part_3a(proceeding: Proceeding) -> bool:
    """Whether the hearing waits for the appropriate authority's Part 3A
    determination: then it is neither scheduled nor held."""
    determination = part_3a_of(proceeding)
    return (
        determination is not None
        and determination.status == Part3ADetermination.Status.PENDING
    )


def list_reports_for(person: Person) -> QuerySet[ListReport]:
    return ListReport.objects.filter(person=person).order_by("event_on", "id")


def list_reports_with_due_on(reports: QuerySet[ListReport]) -> QuerySet[ListReport]:
    """``reports``, each with ``due_on``: the due date of the clock the report
    started (hearings.services.clocks.on_list_report: 5 working days
    beginning with the event, BL Regs r3(1), r12(1)), read from its deadline
    in the same query; None for a kind that starts no clock (a barred list
    further report) or a rule switched off here."""
    # The clock's key names the report between colons: "<rule>:<subject>:r<id>:1".
    report_key = Concat(
        Value(f":{LIST_REPORT_KEY_PREFIX}"),
        Cast(OuterRef("pk"), output_field=CharField()),
        Value(":"),
    )
    clock = Deadline.objects.filter(
        case_id=OuterRef("case_id"),
        rule__code__in=list(LIST_REPORT_RULES.values()),
        key__contains=report_key,
    ).order_by("id")
    return reports.annotate(due_on=Subquery(clock.values("due_on")[:1]))


def list_report_detail_get(*, user: User, report_id: int) -> ListReport:
    """A list report on a case ``user`` may see, with its due date and its
    deliveries; 404 otherwise (scoped as the steps' ``list_report_get``)."""
    reports = ListReport.objects.select_related(
        "case", "relevant_authority"
    ).prefetch_related("deliveries")
    return scoped_get(
        list_reports_with_due_on(reports), case_path="case", user=user, pk=report_id
    )
