"""The due-date calculator page: the same question and engine as
GET /api/v1/calendar/due-date/ (conduct.api.calendar)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conduct.deadlines import CalculationError, DueDateAnswer
from conduct.forms.due_date import DueDateForm
from conduct.selectors.calendar import deadline_rule_choices, due_date_answer


@login_required
@require_GET
def due_date(request: HttpRequest) -> HttpResponse:
    """GET only, so that an answer's address can be shared."""
    form = DueDateForm(request.GET or None, rules=deadline_rule_choices())
    answer: DueDateAnswer | None = None
    if form.is_bound and form.is_valid():
        try:
            answer = due_date_answer(form.question())
        except CalculationError as error:
            form.add_calculation_errors(error.errors)
    return render(
        request,
        "conduct/calendar/due_date.html",
        {"form": form, "answer": answer},
    )
