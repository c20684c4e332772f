"""What every HTML view of every app needs from the request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from conduct.models import User


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``; anything else
    (which login_required already turned away) is refused."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
