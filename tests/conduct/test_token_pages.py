"""The API tokens page: a signed-in user lists, creates and revokes their own
tokens; the secret is shown once; every change is audited by the service."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from conduct.exceptions import ApplicationError
from conduct.forms.tokens import ApiTokenCreateForm
from conduct.models import ApiToken, AuditEvent, User
from conduct.services.tokens import (
    NAME_TOO_LONG,
    USER_INACTIVE,
    api_token_create,
    api_token_hash,
)
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db

PAGE = "/account/api-tokens/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def signed_in(caseworker: User) -> Client:
    client = Client()
    client.force_login(caseworker)
    return client


def revoke_url(token: ApiToken) -> str:
    return f"{PAGE}{token.pk}/revoke/"


def api_me(plaintext: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    status: int = client.get("/api/v1/me/").status_code
    return status


def test_signing_in_comes_first() -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_only_your_own_tokens(
    signed_in: Client, caseworker: User, outsider: User
) -> None:
    mine, _ = api_token_create(actor=None, user=caseworker, name="Case system")
    api_token_create(actor=None, user=outsider, name="Someone else's")
    response = signed_in.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Case system" in html
    assert mine.key_prefix in html
    assert "Someone else&#x27;s" not in html
    assert "Active" in html
    assert "Never" in html  # never used yet
    assert f'href="{revoke_url(mine)}"' in html
    assert 'aria-current="page"' in html  # the navigation marks this page


def test_with_no_tokens_the_page_says_so(signed_in: Client) -> None:
    assert 'id="no-tokens"' in signed_in.get(PAGE).content.decode()


def test_a_new_token_is_shown_once_and_works(
    signed_in: Client, caseworker: User
) -> None:
    response = signed_in.post(PAGE, {"name": "IOPC case system", "expires_in_days": 30})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "govuk-panel--confirmation" in html
    match = re.search(r'id="token"[^>]*>(cnd_[A-Za-z0-9_-]{43})<', html)
    assert match, html
    plaintext = match.group(1)
    token = ApiToken.objects.get(user=caseworker)
    assert token.name == "IOPC case system"
    assert token.key_hash == api_token_hash(plaintext)
    assert (token.expires_at - token.created_at).days == 30
    assert AuditEvent.objects.filter(
        action="api_token.created", actor=caseworker, object_id=str(token.pk)
    ).exists()
    assert api_me(plaintext) == 200
    # The list never shows the secret again.
    assert plaintext not in signed_in.get(PAGE).content.decode()


@dataclass(frozen=True)
class BadTokenForm:
    """A token form refused: what is typed, the field and its error."""

    data: dict[str, str]
    field: str
    message: str


@parametrize_rows(
    [
        BadTokenForm(
            data={"name": "", "expires_in_days": "90"},
            field="name",
            message="Enter a name",
        ),
        BadTokenForm(
            data={"name": "   ", "expires_in_days": "90"},
            field="name",
            message="Enter a name",
        ),
        BadTokenForm(
            data={"name": "x" * 101, "expires_in_days": "90"},
            field="name",
            message="100 characters",
        ),
        BadTokenForm(
            data={"name": "CI", "expires_in_days": ""},
            field="expires_in_days",
            message="1 to 365",
        ),
        BadTokenForm(
            data={"name": "CI", "expires_in_days": "0"},
            field="expires_in_days",
            message="1 to 365",
        ),
        BadTokenForm(
            data={"name": "CI", "expires_in_days": "366"},
            field="expires_in_days",
            message="1 to 365",
        ),
        BadTokenForm(
            data={"name": "CI", "expires_in_days": "soon"},
            field="expires_in_days",
            message="1 to 365",
        ),
    ]
)
def test_a_bad_form_shows_govuk_errors_and_creates_nothing(
    signed_in: Client, data: dict[str, str], field: str, message: str
) -> None:
    response = signed_in.post(PAGE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}"' in html
    assert message in html
    assert response.context["form"].errors[field]
    assert not ApiToken.objects.exists()


def test_the_form_puts_each_refusal_where_its_rule_says() -> None:
    form = ApiTokenCreateForm({"name": "CI", "expires_in_days": "30"})
    assert form.is_valid()
    form.add_service_error(ApplicationError(NAME_TOO_LONG, rule="api_token.name"))
    form.add_service_error(
        ApplicationError(USER_INACTIVE, rule="api_token.inactive_user")
    )
    assert form.errors["name"] == [NAME_TOO_LONG]
    assert form.non_field_errors() == [USER_INACTIVE]


def test_revoking_asks_first_then_revokes_and_audits(
    signed_in: Client, caseworker: User
) -> None:
    token, plaintext = api_token_create(actor=None, user=caseworker, name="Old system")
    confirm = signed_in.get(revoke_url(token))
    assert confirm.status_code == 200
    assert "Revoke Old system?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None

    response = signed_in.post(revoke_url(token), follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    html = response.content.decode()
    assert "Old system was revoked" in html
    assert "Revoked" in html
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(
        action="api_token.revoked", actor=caseworker, object_id=str(token.pk)
    ).exists()
    assert api_me(plaintext) == 401


def test_revoking_twice_says_it_was_already_revoked(
    signed_in: Client, caseworker: User
) -> None:
    token, _ = api_token_create(actor=None, user=caseworker, name="Old system")
    signed_in.post(revoke_url(token))
    response = signed_in.post(revoke_url(token), follow=True)
    assert "already revoked" in response.content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_someone_elses_token_is_404(signed_in: Client, outsider: User) -> None:
    token, plaintext = api_token_create(actor=None, user=outsider, name="Theirs")
    assert signed_in.get(revoke_url(token)).status_code == 404
    assert signed_in.post(revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_me(plaintext) == 200


def test_posts_need_the_csrf_token(caseworker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    token, _ = api_token_create(actor=None, user=caseworker, name="Case system")
    assert client.post(PAGE, {"name": "x", "expires_in_days": "9"}).status_code == 403
    assert client.post(revoke_url(token)).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_the_pages_have_no_inline_script_or_style(
    signed_in: Client, caseworker: User
) -> None:
    token, _ = api_token_create(actor=None, user=caseworker, name="Case system")
    pages = [
        signed_in.get(PAGE),
        signed_in.get(revoke_url(token)),
        signed_in.post(PAGE, {"name": "Another", "expires_in_days": "9"}),
    ]
    for page in pages:
        html = page.content.decode()
        assert "<style" not in html
        assert " style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
