"""The API tokens page, /account/api-tokens/: a signed-in user lists their
own tokens, creates one (its secret shown once, never stored) and revokes
one. Creating and revoking go through ``conduct.services.tokens``, which
writes the audit event; a token of someone else is 404 here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from conduct.exceptions import ApplicationError
from conduct.forms.tokens import ApiTokenCreateForm
from conduct.http import signed_in_user
from conduct.models import ApiToken, User
from conduct.services.tokens import api_token_create, api_token_revoke

REVOKED = "{name} was revoked: requests with it are refused from now on."


def _own_token(user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("No such token.")
    return token


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens, newest first, and the form to create one. A new
    token's secret is in this one answer only (not cached, not stored)."""
    user = signed_in_user(request)
    form = ApiTokenCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            token, plaintext = api_token_create(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ApplicationError as error:
            form.add_service_error(error)
        else:
            return render(
                request,
                "conduct/tokens/created.html",
                {"token": token, "plaintext": plaintext},
            )
    return render(
        request,
        "conduct/tokens/list.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-id"),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke_page(request: HttpRequest, token_id: int) -> HttpResponse:
    """GET asks to confirm; POST revokes and goes back to the list."""
    user = signed_in_user(request)
    token = _own_token(user, token_id)
    if request.method == "POST":
        try:
            api_token_revoke(actor=user, token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, REVOKED.format(name=token.name))
        return redirect("api-tokens")
    return render(request, "conduct/tokens/revoke.html", {"token": token})
