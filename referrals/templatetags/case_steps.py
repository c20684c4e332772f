"""Template tags for the lifecycle steps on the case page.

``{% steps_for target as actions %}`` gives the steps valid now on
``target`` (and on the objects listed under it) as links; on the case page it
reads the ``case`` and ``page`` in the context, so a row costs no query.
"""

from __future__ import annotations

from typing import Any

from django import template

from conduct.models import User
from referrals.models import Case
from referrals.selectors.case_page import CasePage
from referrals.selectors.steps import CaseStepState, remember_case_step_state
from referrals.services.cases import may_record_cases
from referrals.steps import StepLink, registry, step_links

register = template.Library()


@register.simple_tag(takes_context=True)
def steps_for(context: template.Context, target: Any) -> list[StepLink]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or target is None:
        return []
    case = context.get("case")
    if not isinstance(case, Case):
        kind = registry.kind_of(target)
        if kind is None:
            return []
        case = kind.case_of(target)
    page = context.get("page")
    if (
        isinstance(target, Case)
        and isinstance(page, CasePage)
        and page.case.pk == target.pk
    ):
        # The case page has read these already: no query for them again.
        remember_case_step_state(
            target,
            CaseStepState(
                referral=page.referral,
                investigation=page.investigation,
                paused=page.paused,
            ),
        )
    return step_links(target, user, case)


@register.filter
def records_cases(user: Any) -> bool:
    """Whether ``user`` may record a new case (the service's rule)."""
    return isinstance(user, User) and may_record_cases(user)
