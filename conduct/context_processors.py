from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name and the signed-in user's organisation for the header."""
    context: dict[str, Any] = {"service_name": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if user.is_iopc:
            organisation = "IOPC"
        else:
            organisation = ", ".join(force.name for force in user.forces.all())
        context["user_organisation"] = organisation
        context["user_role_label"] = user.get_role_display()
    return context
