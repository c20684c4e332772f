"""Every lifecycle step the browser offers can be taken over the API.

A browser step (``referrals.steps.registry``, which finds hearings' steps
too) and an API step are the same step when they name the same service
function: ``Step.service`` in the registry, ``CaseStepApi.service`` on the
view. The views are read from the URL resolver, so a step registered for the
browser without an endpoint fails here unless it is a deliberate exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from hearings.services.proceedings import proceeding_schedule
from referrals.api.steps import CaseStepApi
from referrals.steps import registry

#: Browser steps with no endpoint naming their service, and why.
NOT_IN_THE_API: dict[tuple[str, str], str] = {
    ("subject", "record-role"): "the API records a further role on the person "
    "(POST /people/{id}/roles/); the browser reaches the person from a subject",
    ("subject", "employment-event"): "the API records it on the role (POST "
    "/person-roles/{id}/employment-events/); the browser reaches the role from "
    "a subject",
}


def _views(patterns: list[URLResolver | URLPattern]) -> Iterator[type[Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        else:
            view = getattr(pattern.callback, "view_class", None)
            if view is not None:
                yield view


def api_step_views() -> list[type[CaseStepApi]]:
    (api,) = [
        resolver
        for resolver in get_resolver().url_patterns
        if isinstance(resolver, URLResolver) and resolver.namespace == "api"
    ]
    return [view for view in _views(api.url_patterns) if issubclass(view, CaseStepApi)]


def api_services() -> set[Callable[..., Any]]:
    return {view.service for view in api_step_views()}


def browser_steps() -> dict[tuple[str, str], Callable[..., Any]]:
    return {
        (kind.slug, step.slug): step.service
        for kind in registry.kinds()
        for step in registry.steps(kind.slug)
    }


def _name(service: Callable[..., Any]) -> str:
    return f"{service.__module__}.{service.__qualname__}"


def test_every_browser_step_has_an_api_endpoint() -> None:
    services = api_services()
    missing = [
        f"{kind}/{slug} ({_name(service)})"
        for (kind, slug), service in browser_steps().items()
        if (kind, slug) not in NOT_IN_THE_API and service not in services
    ]
    assert missing == [], (
        "Browser steps without an API endpoint naming their service (add one, "
        "or a reason to NOT_IN_THE_API): " + ", ".join(missing)
    )


def test_every_exception_is_a_browser_step_the_api_does_not_name() -> None:
    steps = browser_steps()
    services = api_services()
    for key in NOT_IN_THE_API:
        assert key in steps, f"{key} is no longer a browser step"
        assert steps[key] not in services, f"{key} has an endpoint now"


def test_every_api_step_names_a_service_and_the_keyword_it_takes() -> None:
    views = api_step_views()
    assert len(views) > 40
    for view in views:
        assert callable(getattr(view, "service", None)), view
        assert isinstance(getattr(view, "argument", None), str), view


def test_the_browser_and_the_api_share_the_hearings_steps() -> None:
    """The registry discovered hearings/steps.py, and its steps pair too."""
    assert browser_steps()[("proceeding", "schedule")] is proceeding_schedule
    assert proceeding_schedule in api_services()
