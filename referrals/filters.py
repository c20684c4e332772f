"""Filters on the case list, shared by the API and the browser.

``CaseFilterSet`` is applied by the selector (``case_list(user=…,
filters=…)``), never by an interface, so the API and the case list page
filter the same way. Every filter refuses a value it does not know (a form
error, which the selector raises as ``ValidationError``): a typo such as
``status=opne`` must not silently return every case.

Besides its own filters it takes those of the row filters the apps register
(``register_row_filter``; referrals.row_filters): cases with a clock, a
suspension, a proceeding... matching every parameter given, the parameters
the dashboard's figures that count rows rather than cases link with.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from conduct.models import Force, Person, PersonRole, User
from conduct.regimes import Regime
from referrals.models import (
    Case,
    Deadline,
    Investigation,
    InvestigationMode,
    ReferralFactor,
    Subject,
    SubJudicePeriod,
)
from referrals.permissions import visible_cases
from referrals.row_filters import RowFilter, chosen
from referrals.stages import STAGE_CHOICES, case_stage_rank, stage_rank

BOOLEAN_CHOICES = (("true", "true"), ("false", "false"))
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
        # Always bound: the scope is applied in filter_queryset, which
        # django-filter skips for an unbound filterset (every case).
        super().__init__({} if data is None else data, queryset, **kwargs)
        self.user = user

    def filter_queryset(self, queryset: QuerySet[Case]) -> QuerySet[Case]:
        """The cases the user may see, of the force chosen if one is (one
        lookup of the cases' forces, not two: PostgreSQL sizes one set well
        and two intersected badly); then each filter of its own in turn;
        then each row filter in use as one condition on one row (its
        parameters are checked one by one, as every filter is, but a case
        must have a single row matching them all), counted for the force
        chosen as the dashboard counts."""
        values = self.form.cleaned_data
        force = values.get("force")
        queryset = visible_cases(
            self.user, queryset, forces=None if force is None else [force.pk]
        )
        applied_together = {name for row in _row_filters for name in row.names}
        for name, value in values.items():
            if name not in applied_together:
                queryset = self.filters[name].filter(queryset, value)
        today = timezone.localdate()
        for row_filter, given in chosen(_row_filters, values):
            queryset = queryset.filter(
                row_filter.case_has(force=force, today=today, **given)
            )
        return queryset

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
        """Cases with a subject whose names hold every word (each in the
        given names or the family name), or, for one word, whose collar or
        staff number it is. People and roles are found first, through their
        own indexes (conduct migration 0013), then their subjects' cases."""
        words = value.split()
        if not words:
            return queryset
        named = Person.objects.all()
        for word in words:
            named = named.filter(
                Q(given_names__icontains=word) | Q(family_name__icontains=word)
            )
        matching = Q(person__in=named.values("pk"))
        if len(words) == 1:
            numbered = PersonRole.objects.filter(identifier__iexact=words[0])
            matching |= Q(role__in=numbered.values("pk"))
        return queryset.filter(
            pk__in=Subject.objects.filter(matching).values("case_id")
        )

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


_row_filters: list[RowFilter] = []


def register_row_filter(row_filter: RowFilter) -> None:
    """Add the parameters of ``row_filter`` to the case list's filters (the
    page, the API and the export alike, and the API's schema, which reads
    ``CaseFilterSet.base_filters``). An app calls it once per row filter
    from its ``AppConfig.ready``; registering the same key again changes
    nothing, and a parameter named like another filter is a mistake."""
    if any(known.key == row_filter.key for known in _row_filters):
        return
    taken = set(row_filter.names) & set(CaseFilterSet.base_filters)
    if taken:
        raise ImproperlyConfigured(
            f"Row filter {row_filter.key!r} names parameters the case list "
            f"already has: {sorted(taken)}."
        )
    _row_filters.append(row_filter)
    for parameter in row_filter.parameters:
        parameter.filter.field_name = parameter.name
        CaseFilterSet.base_filters[parameter.name] = parameter.filter


def row_filters() -> list[RowFilter]:
    """Every registered row filter, in the order registered."""
    return list(_row_filters)


def case_filter_names() -> frozenset[str]:
    """The query parameters ``CaseFilterSet`` understands."""
    names: Any = CaseFilterSet.base_filters
    return frozenset(names)
