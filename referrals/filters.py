"""Filters on the case list, shared by the API and the browser.

``CaseFilterSet`` is applied by the selector (``case_list(user=…,
filters=…)``), never by an interface, so the API and the case list page
filter the same way. Every filter refuses a value it does not know (a form
error, which the selector raises as ``ValidationError``): a typo such as
``status=opne`` must not silently return every case.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from conduct.models import Force, User
from conduct.regimes import Regime
from referrals.models import (
    Case,
    Deadline,
    Investigation,
    InvestigationMode,
    ProgressReport,
    ReferralFactor,
    Subject,
    SubJudicePeriod,
)
from referrals.permissions import visible_cases
from referrals.stages import STAGE_CHOICES, case_stage_rank, stage_rank

BOOLEAN_CHOICES = (("true", "true"), ("false", "false"))
#: ``?progress_report=``: a progress report not yet sent, due or late.
PROGRESS_REPORT_CHOICES = (("due", "Due, not yet sent"), ("late", "Late, not sent"))
#: ``?referral=``: where a case stands with the IOPC short of a mode.
REFERRAL_CHOICES = (
    ("none", "Not referred to the IOPC"),
    ("awaiting", "Referred, awaiting the IOPC's decision"),
)

#: ``?ordering=`` values and the columns they sort by; ``id`` breaks ties in
#: the same direction so that cursors are stable.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "came_to_attention_on": ("came_to_attention_on", "id"),
    "-came_to_attention_on": ("-came_to_attention_on", "-id"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "reference": ("reference", "id"),
    "-reference": ("-reference", "-id"),
}
#: Without ``?ordering=``: newest first, by when the case was recorded (a
#: column that never changes, so a list walked page by page neither repeats
#: nor skips a case).
DEFAULT_ORDERING: tuple[str, ...] = ("-created_at", "-id")


class CaseFilterSet(django_filters.FilterSet):
    """What an investigator narrows the case list by, over the cases
    ``user`` may see: the filterset applies the scope itself
    (``visible_cases``), with the force chosen in the same lookup."""

    force = django_filters.ModelChoiceFilter(
        queryset=Force.objects.all(),
        to_field_name="code",
        method="filter_force",
        label="Force code: the recording force or the appropriate authority "
        "of any subject (e.g. `nhants`).",
    )
    status = django_filters.ChoiceFilter(
        choices=Case.Status.choices, label="Case status."
    )
    regime = django_filters.ChoiceFilter(
        choices=[(regime.value, regime.value) for regime in Regime],
        label="The rules the case is under (2008, 2012 or 2020).",
    )
    trigger = django_filters.ChoiceFilter(
        choices=Case.Trigger.choices, label="How the matter arose."
    )
    factor = django_filters.ChoiceFilter(
        choices=ReferralFactor.choices,
        method="filter_factor",
        label="Cases referred to the IOPC for this reason.",
    )
    mode = django_filters.ChoiceFilter(
        field_name="referral__mode",
        choices=InvestigationMode.choices,
        label="The IOPC's mode of investigation.",
    )
    referral = django_filters.ChoiceFilter(
        choices=REFERRAL_CHOICES,
        method="filter_referral",
        label="`none`: cases not referred to the IOPC; `awaiting`: referred, "
        "with no mode of investigation decided yet.",
    )
    investigation = django_filters.ChoiceFilter(
        field_name="investigation__status",
        choices=Investigation.Status.choices,
        label="Cases whose investigation is `open` or `reported`.",
    )
    came_to_attention_after = django_filters.DateFilter(
        field_name="came_to_attention_on",
        lookup_expr="gte",
        label="Came to attention on or after this date (YYYY-MM-DD).",
    )
    came_to_attention_before = django_filters.DateFilter(
        field_name="came_to_attention_on",
        lookup_expr="lte",
        label="Came to attention on or before this date (YYYY-MM-DD).",
    )
    paused = django_filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_paused",
        label="`true`: cases paused today for criminal proceedings (PCR "
        "r10(3)); `false`: not paused.",
    )
    progress_report = django_filters.ChoiceFilter(
        choices=PROGRESS_REPORT_CHOICES,
        method="filter_progress_report",
        label="Cases with an investigation progress report not yet sent: "
        "`due` (not yet late) or `late`.",
    )
    referred_after = django_filters.DateFilter(
        field_name="referral__referred_on",
        lookup_expr="gte",
        label="Referred to the IOPC on or after this date (YYYY-MM-DD).",
    )
    referred_before = django_filters.DateFilter(
        field_name="referral__referred_on",
        lookup_expr="lte",
        label="Referred to the IOPC on or before this date (YYYY-MM-DD).",
    )
    stage = django_filters.ChoiceFilter(
        choices=Subject.Status.choices,
        method="filter_stage",
        label="Cases with a subject at this stage of the lifecycle.",
    )
    case_stage = django_filters.ChoiceFilter(
        choices=STAGE_CHOICES,
        method="filter_case_stage",
        label="Cases whose least advanced subject is at this stage (what the "
        "dashboards count by).",
    )
    subject = django_filters.CharFilter(
        method="filter_subject",
        max_length=100,
        label="Cases with a subject of this name (any part of it) or with this "
        "collar, warrant or staff number.",
    )
    overdue = django_filters.ChoiceFilter(
        choices=BOOLEAN_CHOICES,
        method="filter_overdue",
        label="`true`: cases with a statutory deadline past its due date and not "
        "met; `false`: without.",
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this time (ISO 8601, e.g. "
        "2024-03-01T09:00:00Z), for clients that sync.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ORDERINGS],
        method="filter_ordering",
        label="Sort order (default: newest recorded first).",
    )

    class Meta:
        model = Case
        fields: ClassVar[list[str]] = []

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Case] | None = None,
        *,
        user: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.user = user

    def filter_queryset(self, queryset: QuerySet[Case]) -> QuerySet[Case]:
        """The cases the user may see, of the force chosen if one is (one
        lookup of the cases' forces, not two: PostgreSQL sizes one set well
        and two intersected badly), narrowed by the other filters."""
        force: Force | None = self.form.cleaned_data.get("force")
        forces = None if force is None else [force.pk]
        scoped = visible_cases(self.user, queryset, forces=forces)
        return super().filter_queryset(scoped)

    def filter_force(
        self, queryset: QuerySet[Case], name: str, value: Force | None
    ) -> QuerySet[Case]:
        return queryset  # applied with the scope, in filter_queryset

    def filter_factor(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        return queryset.filter(referral__factors__contains=[value])

    def filter_referral(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        if value == "none":
            return queryset.filter(referral__isnull=True)
        return queryset.filter(referral__isnull=False, referral__mode="")

    def filter_paused(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        paused = Exists(
            SubJudicePeriod.objects.filter(
                case_id=OuterRef("pk"),
                started_on__lte=timezone.localdate(),
                ended_on__isnull=True,
            )
        )
        return queryset.filter(paused if value == "true" else ~paused)

    def filter_progress_report(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        today = timezone.localdate()
        due = Q(due_on__gte=today) if value == "due" else Q(due_on__lt=today)
        return queryset.filter(
            Exists(
                ProgressReport.objects.filter(
                    due, case_id=OuterRef("pk"), status=ProgressReport.Status.DRAFT
                )
            )
        )

    def filter_case_stage(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        return queryset.alias(case_stage_rank=case_stage_rank()).filter(
            case_stage_rank=stage_rank(value)
        )

    def filter_stage(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        return queryset.filter(
            Exists(Subject.objects.filter(case_id=OuterRef("pk"), status=value))
        )

    def filter_subject(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        words = value.split()
        if not words:
            return queryset
        subjects = Subject.objects.filter(case_id=OuterRef("pk"))
        if len(words) == 1:
            word = words[0]
            named = (
                Q(person__given_names__icontains=word)
                | Q(person__family_name__icontains=word)
                | Q(role__identifier__iexact=word)
            )
            return queryset.filter(Exists(subjects.filter(named)))
        for word in words:
            subjects = subjects.filter(
                Q(person__given_names__icontains=word)
                | Q(person__family_name__icontains=word)
            )
        return queryset.filter(Exists(subjects))

    def filter_overdue(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        overdue = Exists(
            Deadline.objects.filter(
                Deadline.overdue_on(timezone.localdate()), case_id=OuterRef("pk")
            )
        )
        return queryset.filter(overdue if value == "true" else ~overdue)

    def filter_ordering(
        self, queryset: QuerySet[Case], name: str, value: str
    ) -> QuerySet[Case]:
        return queryset.order_by(*ORDERINGS[value])


def case_filter_names() -> frozenset[str]:
    """The query parameters ``CaseFilterSet`` understands."""
    names: Any = CaseFilterSet.base_filters
    return frozenset(names)
