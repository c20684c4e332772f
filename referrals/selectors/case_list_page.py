"""The case list page, /cases/: the filtered list of ``case_list`` with the
page's filter form, selected-filter tags, sortable columns and pagination.

The filtering is ``CaseFilterSet``'s, applied by ``case_list`` (the same as
the API's); this module only shapes what the page shows, and with a row
filter in use (referrals.row_filters: a dashboard figure that counts clocks,
subjects or reports) counts the rows it matched in the cases listed, so the
page says "14 clocks in 12 cases" as the figure said 14.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from conduct.models import User
from referrals.filters import CaseFilterSet, case_filter_names, row_filters
from referrals.models import Case
from referrals.row_filters import RowFilter, chosen
from referrals.selectors.cases import case_list

PAGE_SIZE = 50

#: The filter boxes in the order the page shows them, with their labels.
FILTER_LABELS: dict[str, str] = {
    "force": "Force",
    "status": "Status",
    "regime": "Regime",
    "trigger": "Trigger",
    "factor": "Referral factor",
    "mode": "Mode of investigation",
    "referral": "IOPC referral",
    "case_stage": "Stage (least advanced subject)",
    "stage": "Stage (any subject)",
    "subject": "Subject name or collar number",
    "investigation": "Investigation",
    "paused": "Paused for criminal proceedings",
    "came_to_attention_after": "Came to attention on or after",
    "came_to_attention_before": "Came to attention on or before",
    "referred_after": "Referred on or after",
    "referred_before": "Referred on or before",
    "overdue": "Overdue",
    "updated_since": "Updated since",
}
DATE_FILTERS = frozenset(
    {
        "came_to_attention_after",
        "came_to_attention_before",
        "referred_after",
        "referred_before",
        "updated_since",
    }
)
OVERDUE_LABELS = {"true": "With a deadline past due", "false": "Without"}
PAUSED_LABELS = {"true": "Paused", "false": "Not paused"}

#: Sortable columns: the ``ordering`` value and the first direction a click
#: asks for (newest first for dates).
SORTABLE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("reference", "Reference", "reference"),
    ("came_to_attention_on", "Came to attention", "-came_to_attention_on"),
    ("updated_at", "Updated", "-updated_at"),
)


@dataclass(frozen=True)
class SelectedFilter:
    """A filter in use, shown as a tag that links to the list without it."""

    label: str
    value: str
    remove_query: str


@dataclass(frozen=True)
class SortColumn:
    name: str
    label: str
    aria_sort: str  # "ascending", "descending" or "none" (WAI-ARIA)
    query: str


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    query: str
    current: bool


@dataclass(frozen=True)
class RowFilterGroup:
    """The boxes of one row filter's parameters, under its title."""

    title: str
    fields: list[forms.BoundField]


@dataclass
class CaseListPage:
    form: forms.Form
    filter_fields: list[forms.BoundField]
    errors: dict[str, list[str]]
    page: Page[Case] | None
    #: The boxes of the row filters, shown open when one is in use.
    row_filter_groups: list[RowFilterGroup] = field(default_factory=list)
    row_filters_open: bool = False
    #: With a row filter in use: "14 clocks in 12 cases".
    matched: str = ""
    selected: list[SelectedFilter] = field(default_factory=list)
    columns: list[SortColumn] = field(default_factory=list)
    page_links: list[PageLink] = field(default_factory=list)
    previous_query: str | None = None
    next_query: str | None = None
    filter_query: str = ""  # the filters and ordering, without the page
    canonical_url: str = ""  # this page's address with only what is in use


def case_filters_from(params: QueryDict) -> QueryDict:
    """The non-empty case filters (and ordering) in ``params``, nothing else."""
    names = case_filter_names()
    filters = QueryDict(mutable=True)
    for name, value in params.items():
        if name in names and str(value).strip():
            filters[name] = str(value).strip()
    return filters


def case_filter_values(filters: QueryDict) -> dict[str, str]:
    """``filters`` as plain strings (for the audit trail)."""
    return {name: str(filters.get(name, "")) for name in filters}


def _query(filters: QueryDict, **changes: str | None) -> str:
    query = filters.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return query.urlencode()


def _style_form(form: forms.Form) -> None:
    """GOV.UK classes and "Any" for the empty choice on the filter boxes."""
    for name, form_field in form.fields.items():
        widget = form_field.widget
        error = name in form.errors
        if isinstance(form_field, forms.ModelChoiceField):
            form_field.empty_label = "Any"
        elif isinstance(form_field, forms.ChoiceField):
            # django-filter's choice fields add their empty_label themselves,
            # when their choices are set.
            form_field.empty_label = "Any"  # type: ignore[attr-defined]
            all_choices: Any = form_field.choices
            choices = [choice for choice in all_choices if choice[0] != ""]
            if name == "overdue":
                choices = list(OVERDUE_LABELS.items())
            elif name == "paused":
                choices = list(PAUSED_LABELS.items())
            form_field.choices = choices
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "govuk-select" + (
                " govuk-select--error" if error else ""
            )
        else:
            widget.attrs["class"] = "govuk-input govuk-input--width-10" + (
                " govuk-input--error" if error else ""
            )
            if name in DATE_FILTERS or isinstance(form_field, forms.DateField):
                widget.input_type = "date"
        if error:
            widget.attrs["aria-describedby"] = f"id_{name}-error"


def _label_of(form: forms.Form, name: str, value: str) -> str:
    form_field: Any = form.fields[name]
    if isinstance(form_field, forms.ModelChoiceField):
        return str(form.cleaned_data.get(name) or value)
    if isinstance(form_field, forms.ChoiceField):
        choices: Any = form_field.choices
        return str(dict(choices).get(value, value))
    return value


def _page_links(page: Page[Case], filters: QueryDict) -> list[PageLink]:
    links: list[PageLink] = []
    for number in page.paginator.get_elided_page_range(
        page.number, on_each_side=1, on_ends=1
    ):
        if isinstance(number, int):
            query = _query(filters, page=str(number))
            links.append(PageLink(number, query, number == page.number))
        else:
            links.append(PageLink(None, "", False))
    return links


def _label_boxes(form: forms.Form) -> dict[str, str]:
    """Label every box of ``form`` for people (before validation: a bound
    field keeps the label it was made with); the labels of the selected
    filters' tags, a row filter's named with its title."""
    tags = dict(FILTER_LABELS)
    for name, label in FILTER_LABELS.items():
        form.fields[name].label = label
    for row_filter in row_filters():
        for parameter in row_filter.parameters:
            form.fields[parameter.name].label = parameter.label
            tags[parameter.name] = f"{row_filter.title}: {parameter.label}"
    return tags


def _matched(
    rows: list[tuple[RowFilter, dict[str, Any]]],
    form: forms.Form,
    cases: QuerySet[Case],
    count: int,
) -> str:
    """ "14 clocks in 12 cases": for each row filter in use, the rows it
    matched in the ``count`` cases listed, counted as the dashboard counts
    them (for the force chosen). One query per row filter in use, none when
    no case is listed."""
    force = form.cleaned_data.get("force")
    today = timezone.localdate()
    described = []
    for row_filter, values in rows:
        matched = (
            row_filter.count(
                row_filter.matching(
                    case_ids=cases.order_by().values("pk"),
                    force=force,
                    today=today,
                    **values,
                )
            )
            if count
            else 0
        )
        described.append(row_filter.describe(matched, values))
    return f"{' and '.join(described)} in {count} case{'' if count == 1 else 's'}"


def case_list_page_get(*, user: User, params: QueryDict) -> CaseListPage:
    """The page of cases ``user`` may see, narrowed by ``params`` (the page's
    query string). Filter values the filters refuse come back as ``errors``
    per filter, with no cases, rather than as an unfiltered list. With a row
    filter in use, ``matched`` says how many of its rows the cases have."""
    filters = case_filters_from(params)
    form: forms.Form = CaseFilterSet(data=filters, user=user).form
    labels = _label_boxes(form)
    ordering = filters.get("ordering", "")
    try:
        cases: QuerySet[Case] | None = case_list(user=user, filters=filters)
    except ValidationError as error:
        cases = None
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    else:
        errors = {}
        form.is_valid()
    _style_form(form)
    result = CaseListPage(
        form=form,
        filter_fields=[form[name] for name in FILTER_LABELS],
        errors=errors,
        page=None,
        filter_query=filters.urlencode(),
        row_filter_groups=[
            RowFilterGroup(row_filter.title, [form[name] for name in row_filter.names])
            for row_filter in row_filters()
        ],
        row_filters_open=any(
            name in filters or name in errors
            for row_filter in row_filters()
            for name in row_filter.names
        ),
    )
    page_number = str(params.get("page", "")).strip()
    in_use = _query(filters, page=page_number) if page_number else filters.urlencode()
    result.canonical_url = reverse("case-list") + (f"?{in_use}" if in_use else "")
    values = case_filter_values(filters)
    for name, label in labels.items():
        if name in values and name not in errors:
            result.selected.append(
                SelectedFilter(
                    label=label,
                    value=_label_of(form, name, values[name]),
                    remove_query=_query(filters, **{name: None}),
                )
            )
    for name, label, first in SORTABLE_COLUMNS:
        if ordering == name:
            aria_sort, next_ordering = "ascending", f"-{name}"
        elif ordering == f"-{name}":
            aria_sort, next_ordering = "descending", name
        else:
            aria_sort, next_ordering = "none", first
        result.columns.append(
            SortColumn(name, label, aria_sort, _query(filters, ordering=next_ordering))
        )
    if cases is not None:
        _list(result, cases, params, filters)
    return result


def _list(
    result: CaseListPage, cases: QuerySet[Case], params: QueryDict, filters: QueryDict
) -> None:
    """The page of ``cases`` asked for, its links, and the rows matched."""
    page = Paginator(cases, PAGE_SIZE).get_page(params.get("page"))
    result.page = page
    rows = chosen(row_filters(), result.form.cleaned_data)
    if rows:
        result.matched = _matched(rows, result.form, cases, page.paginator.count)
    result.page_links = _page_links(page, filters)
    if page.has_previous():
        result.previous_query = _query(filters, page=str(page.previous_page_number()))
    if page.has_next():
        result.next_query = _query(filters, page=str(page.next_page_number()))
