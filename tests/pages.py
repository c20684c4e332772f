"""Pages read through the test client as one of the shared personas: the
status asserted, and the number of queries when a test bounds it.

    html = pages.html("/cases/", as_="outsider")
    pages.html(f"/cases/{case.pk}/", queries=23)
    pages.strict("/cases/")          # the strict policy, no inline code
    pages.asks_to_log_in("/cases/")  # read by nobody signed in

``pages`` (tests/conftest.py) reads the personas by their fixture names.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from django.test import Client

from conduct.models import User
from tests.test_frontend import EXPECTED_POLICY, inline_code, policy_of

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


class Pages:
    """GETs through ``client``, logged in as the persona a call names."""

    def __init__(
        self,
        *,
        client: Client,
        persona: Callable[[str], User],
        max_queries: Callable[[int], AbstractContextManager[Any]],
    ) -> None:
        self.client = client
        self._persona = persona
        self._max_queries = max_queries

    def asks_to_log_in(self, path: str) -> None:
        """``path``, read by nobody signed in, sends the reader to log in."""
        self.client.logout()
        response = self.client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/")

    def get(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        as_: str = "caseworker",
        status: int = 200,
        queries: int | None = None,
    ) -> Response:
        """``path`` read by the persona ``as_``, answering ``status``, in at
        most ``queries`` queries when given."""
        self.client.force_login(self._persona(as_))
        bound = nullcontext() if queries is None else self._max_queries(queries)
        with bound:
            response = self.client.get(path, data)
        assert response.status_code == status, (path, response.get("Location"))
        return response

    def html(self, path: str, data: dict[str, Any] | None = None, **read: Any) -> str:
        """The page's HTML (see :meth:`get`)."""
        return self.get(path, data, **read).content.decode()

    def strict(self, path: str, *, as_: str = "caseworker") -> str:
        """The page carries the strict content security policy and no inline
        code; its HTML."""
        response = self.get(path, as_=as_)
        assert policy_of(response["Content-Security-Policy"]) == EXPECTED_POLICY
        html = response.content.decode()
        assert inline_code(html) == []
        return html
