"""The browser's lifecycle steps: one view serves every step in the registry
(referrals.steps), and one records a new case.

GET draws the step's form with the case's version in a hidden field. POST
checks the form's shape, then calls the step's service under the case's row
lock at that version (``referrals.services.common.run_step``, as the API
does), so that:

- a refusal (ApplicationError, NotPermitted) comes back on the form as a
  GOV.UK error summary, next to its field where the form knows which, with
  everything typed still there and nothing written;
- a stale form (the case changed since it was opened) is refused with the
  message, the case's current state and latest changes, and the typed
  values, now at the current version so that a second look can be sent;
- success goes back to the case page with a notification banner naming what
  was done and any deadline it started.

Every object is found through a scoped read: 404 outside the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from conduct.exceptions import ApplicationError, StaleVersion
from conduct.formats import govuk_date
from conduct.http import signed_in_user
from conduct.models import User
from referrals.forms import CaseCreateForm, GovukForm, StepForm
from referrals.models import Case
from referrals.selectors.timeline import TimelineEntry, timeline_for
from referrals.services.cases import case_create, may_record_cases
from referrals.services.common import Outcome, run_step
from referrals.steps import Step, TargetKind, offered, registry

NO_SUCH_STEP = "No such step."
NOT_AVAILABLE = "{label} is not available now for {what}."
CREATE_NOT_PERMITTED = "Your role cannot record cases."
LATEST_CHANGES = 5


@dataclass(frozen=True)
class CurrentState:
    """What the case and the step's object are now, for a refused form."""

    case: Case
    target: Any
    target_label: str
    target_status: str
    latest: list[TimelineEntry]


def _current_state(kind: TargetKind, user: User, pk: int) -> CurrentState:
    target = kind.get(user, pk)
    case = kind.case_of(target)
    status = getattr(target, "get_status_display", None)
    return CurrentState(
        case=case,
        target=target,
        target_label=kind.describe(target),
        target_status=str(status()) if callable(status) else "",
        latest=list(reversed(timeline_for(case)[-LATEST_CHANGES:])),
    )


def _what(kind: TargetKind, target: Any) -> str:
    return "this case" if isinstance(target, Case) else kind.describe(target)


def _page(
    request: HttpRequest,
    *,
    form: GovukForm,
    title: str,
    caption: str,
    back_url: str,
    back_label: str,
    intro: str = "",
    submit: str = "Save",
    current: CurrentState | None = None,
) -> HttpResponse:
    return render(
        request,
        "referrals/steps/step.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
            "submit": submit,
            "current": current,
        },
    )


@dataclass(frozen=True)
class StepRequest:
    """A step asked for: the step, the object it acts on, its case, who."""

    step: Step
    kind: TargetKind
    target: Any
    case: Case
    user: User
    pk: int

    @property
    def unavailable(self) -> str:
        return NOT_AVAILABLE.format(
            label=self.step.label_for(self.target),
            what=_what(self.kind, self.target),
        )

    def is_offered(self) -> bool:
        return offered(self.step, self.target, self.user, self.case)


def _step_page(
    request: HttpRequest,
    asked: StepRequest,
    form: StepForm,
    current: CurrentState | None = None,
) -> HttpResponse:
    case, target = asked.case, asked.target
    caption = f"Case {case.reference}"
    if not isinstance(target, Case):
        caption += f": {asked.kind.describe(target)}"
    return _page(
        request,
        form=form,
        title=asked.step.label_for(target),
        caption=caption,
        back_url=_case_url(case, asked.kind),
        back_label=f"Back to case {case.reference}",
        intro=asked.step.intro,
        submit=asked.step.submit,
        current=current,
    )


def _case_url(case: Case, kind: TargetKind | None = None) -> str:
    url = reverse("case-detail", args=[case.pk])
    return f"{url}#{kind.anchor}" if kind is not None else url


def _done_message(
    step: Step, kind: TargetKind, target: Any, outcome: Outcome[Any]
) -> str:
    message = step.done
    if not isinstance(target, Case):
        message += f": {kind.describe(target)}"
    message += "."
    for deadline in outcome.deadlines_created:
        due = deadline.due_on
        message += f" New deadline: {deadline.title}, due {govuk_date(due)}."
    return message


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request: HttpRequest, kind: str, pk: int, step: str) -> HttpResponse:
    """Any registered step on the object ``pk`` of ``kind``."""
    definition = registry.step(kind, step)
    if definition is None:
        raise Http404(NO_SUCH_STEP)
    user = signed_in_user(request)
    target_kind = registry.kind(kind)
    target = target_kind.get(user, pk)
    asked = StepRequest(
        step=definition,
        kind=target_kind,
        target=target,
        case=target_kind.case_of(target),
        user=user,
        pk=pk,
    )
    if request.method == "POST":
        return _submit(request, asked)
    if not asked.is_offered():
        messages.warning(request, asked.unavailable)
        return redirect(_case_url(asked.case, target_kind))
    form = definition.form(
        target=target, user=user, initial={"version": asked.case.version}
    )
    return _step_page(request, asked, form)


def _submit(request: HttpRequest, asked: StepRequest) -> HttpResponse:
    form = asked.step.form(request.POST, target=asked.target, user=asked.user)
    if not form.is_valid():
        return _step_page(request, asked, form)
    version = form.cleaned_data["version"]
    if version != asked.case.version:
        stale = StaleVersion(current=asked.case.version, expected=version)
        return _stale(request, asked, stale)
    if not asked.is_offered():
        form.add_error(None, asked.unavailable)
        current = _current_state(asked.kind, asked.user, asked.pk)
        return _step_page(request, asked, form, current)
    data = form.service_data()
    try:
        outcome = run_step(
            asked.case.pk,
            expected_version=version,
            step=lambda locked: asked.step.call(asked.user, asked.target, data),
        )
    except StaleVersion as error:
        return _stale(request, asked, error)
    except (ApplicationError, DjangoValidationError) as error:
        _refused(form, error)
        return _step_page(request, asked, form)
    message = _done_message(asked.step, asked.kind, asked.target, outcome)
    messages.success(request, message)
    return redirect(_case_url(asked.case, asked.kind))


def _refused(form: GovukForm, error: ApplicationError | DjangoValidationError) -> None:
    if isinstance(error, ApplicationError):
        form.add_service_error(error)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _stale(
    request: HttpRequest, asked: StepRequest, error: StaleVersion
) -> HttpResponse:
    """Refuse a form opened on an older version of the case: the message, the
    case as it is now, and what was typed, at the current version."""
    current = _current_state(asked.kind, asked.user, asked.pk)
    data = request.POST.copy()
    data["version"] = str(current.case.version)
    form = asked.step.form(data, target=current.target, user=asked.user)
    form.is_valid()
    form.add_error(None, error.message)
    now = replace(asked, target=current.target, case=current.case)
    return _step_page(request, now, form, current)


@login_required
@require_http_methods(["GET", "POST"])
def case_create_page(request: HttpRequest) -> HttpResponse:
    """Record a complaint, conduct matter or DSI matter (PSD staff)."""
    user = signed_in_user(request)
    if not may_record_cases(user):
        messages.warning(request, CREATE_NOT_PERMITTED)
        return redirect("case-list")
    form = CaseCreateForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_create(actor=user, **form.service_data())
        except ApplicationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Case {case.reference} recorded.")
            return redirect("case-detail", case.pk)
    return _page(
        request,
        form=form,
        title="Record a case",
        caption="A complaint, conduct matter or DSI matter",
        back_url=reverse("case-list"),
        back_label="Back to cases",
        submit="Record the case",
    )
