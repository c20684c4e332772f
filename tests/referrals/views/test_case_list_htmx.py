"""The case list answers htmx's requests (filters, sorting, pages) with only
the part of the page it swaps, and the address of what is in use."""

from __future__ import annotations

import pytest
from django.test import Client

from conduct.models import User
from referrals.models import Case

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_an_htmx_request_gets_the_fragment_and_the_clean_address(
    client: Client, caseworker: User, unreferred_case: Case
) -> None:
    client.force_login(caseworker)
    response = client.get(
        "/cases/?force=&status=open&regime=&ordering=reference&page=1", headers=HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith("<title>Cases - ")
    assert 'id="case-list-main"' in content
    assert unreferred_case.reference in content
    assert "<html" not in content
    assert "govuk-header" not in content
    assert response["HX-Push-Url"] == "/cases/?status=open&ordering=reference&page=1"
    assert "HX-Request" in response["Vary"]


def test_a_refused_filter_in_an_htmx_request_titles_the_error(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    response = client.get("/cases/?status=opne", headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith("<title>Error: Cases - ")
    assert "govuk-error-summary" in content
    assert response["HX-Push-Url"] == "/cases/?status=opne"


def test_a_plain_request_and_a_history_restore_get_the_whole_page(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    for headers in ({}, {**HTMX, "HX-History-Restore-Request": "true"}):
        response = client.get("/cases/?status=open", headers=headers)
        content = response.content.decode()
        assert "<html" in content
        assert 'id="case-list-main"' in content
        assert "HX-Push-Url" not in response
        assert "HX-Request" in response["Vary"]


def test_the_outsider_gets_no_northamptonshire_case_in_the_fragment(
    client: Client, outsider: User, unreferred_case: Case
) -> None:
    client.force_login(outsider)
    content = client.get("/cases/", headers=HTMX).content.decode()
    assert unreferred_case.reference not in content
    assert "No cases match these filters." in content
