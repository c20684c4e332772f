"""End-to-end tests in real headless Chromium (Debian's /usr/bin/chromium).

- Playwright drives the browser through pytest-playwright's fixtures; the app
  is served by pytest-django's ``live_server`` (a real WSGI server in a thread,
  static files through WhiteNoise's finders, so ``make assets`` must have run).
- Every page the browser shows is watched: console errors, uncaught page errors,
  failed requests and Content-Security-Policy violations (from the console's
  "Refused to ..." messages and from a ``securitypolicyviolation`` listener) fail
  the test. ``BrowserSession.visit`` checks after every page; the fixture checks
  once more when the test ends.
- ``BrowserSession.check_accessibility`` runs axe-core (from node_modules, read
  from disk and evaluated in the page: the CSP refuses ``add_script_tag``) and
  fails on any serious or critical violation.
- Screenshots of the key pages go to test-artifacts/e2e/ (git-ignored).

The e2e tests run last and serially: Playwright's sync API keeps an event loop
for the rest of the session, so nothing else should run after it starts, and
Django's ORM needs DJANGO_ALLOW_ASYNC_UNSAFE while it runs (set only around
these tests).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response

from conduct.calendar_data import seed_non_working_days
from conduct.deadline_rules import load_deadline_rules
from conduct.demo.users import load_demo_users
from conduct.models import DeadlineRule, Force, NonWorkingDay, Standard
from conduct.reference_data import load_reference_data
from hearings.demo.reference_cases import CASE_C_REFERENCE, load_reference_cases
from referrals.models import Case
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STATIC_BUILD = ROOT / "static" / "build"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
E2E_DIR = Path(__file__).resolve().parent

#: Chromium flags: headless, as root (no sandbox), and never calling Google.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Reports CSP violations from the page to Python (a binding, so the page's
#: CSP does not apply to it). Init scripts run before the page's own scripts.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__conductCspViolation({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""

SERIOUS_IMPACTS = frozenset({"serious", "critical"})


def _missing_prerequisites() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (Debian's chromium: `apt-get install -y chromium`)")
    if not AXE_SOURCE.exists():
        missing.append(f"{AXE_SOURCE.relative_to(ROOT)} (run `make assets`)")
    if not (STATIC_BUILD / "app.css").exists():
        missing.append(f"{STATIC_BUILD.relative_to(ROOT)} (run `make assets`)")
    return missing


def _is_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Mark everything under tests/e2e as e2e, run it last, and refuse to skip
    it under CI when the browser or the built assets are missing. Runs after
    ``-m``/``-k`` deselection, so only selected browser tests count."""
    e2e_items = [item for item in items if _is_e2e(item)]
    if not e2e_items:
        return
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if not _is_e2e(item)] + e2e_items
    missing = _missing_prerequisites()
    if not missing:
        return
    if IN_CI:
        raise pytest.UsageError(
            "CI=true but the browser tests cannot run; missing: "
            + "; ".join(missing)
            + ". .ci/run installs chromium and `make test` builds the assets."
        )
    skip = pytest.mark.skip(reason="browser tests need " + "; ".join(missing))
    for item in e2e_items:
        item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread; Django refuses
    ORM calls while one runs unless told that this is safe (it is: the loop
    only waits on the browser)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


@dataclass
class BrowserSession:
    """A page with everything that went wrong on it recorded, in order."""

    page: Page
    base_url: str
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    screenshots: list[Path] = field(default_factory=list)

    def watch(self) -> None:
        self.page.expose_binding("__conductCspViolation", self._csp_violation)
        self.page.add_init_script(CSP_LISTENER)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._page_error)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _where(self) -> str:
        return self.page.url.removeprefix(self.base_url) or "/"

    def _csp_violation(self, _source: Any, report: dict[str, Any]) -> None:
        self.problems.append(
            f"CSP violation on {self._where()}: {json.dumps(report, sort_keys=True)}"
        )

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            kind = "CSP violation" if "Refused to" in message.text else "console"
            self.problems.append(f"{kind} error on {self._where()}: {message.text}")

    def _page_error(self, error: Exception) -> None:
        self.problems.append(f"uncaught error on {self._where()}: {error}")

    def _request_failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    # -- what the tests call -------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        self.settle()

    def settle(self) -> None:
        """Wait for the page's scripts, then fail on anything recorded."""
        self.page.wait_for_load_state("load")
        self.page.wait_for_load_state("networkidle")
        self.assert_clean()

    def assert_clean(self) -> None:
        self.checked += 1
        assert self.problems == [], "\n".join(self.problems)

    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        self.screenshots.append(target)
        return target

    def axe_violations(self) -> list[dict[str, Any]]:
        """axe-core's violations on the current page (every impact)."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
        result: list[dict[str, Any]] = self.page.evaluate(
            """async () => {
                const results = await window.axe.run(document, {
                    resultTypes: ["violations"],
                });
                return results.violations.map((violation) => ({
                    id: violation.id,
                    impact: violation.impact,
                    help: violation.help,
                    targets: violation.nodes.map((node) => node.target.join(" ")),
                }));
            }"""
        )
        return result

    def check_accessibility(self) -> None:
        """No serious or critical axe-core violation on the current page."""
        serious = [
            violation
            for violation in self.axe_violations()
            if violation["impact"] in SERIOUS_IMPACTS
        ]
        assert serious == [], f"axe on {self.path()}:\n" + "\n".join(
            f"- {v['impact']} {v['id']}: {v['help']} at {', '.join(v['targets'])}"
            for v in serious
        )


@pytest.fixture
def browser_session(page: Page, live_server: Any) -> Iterator[BrowserSession]:
    session = BrowserSession(page=page, base_url=str(live_server.url))
    session.watch()
    yield session
    assert session.problems == [], "\n".join(session.problems)


# -- the demo users and reference case C, signed in through the real form ---

PASSWORD = "e2e-demo-password"
CASEWORKER = "caseworker"


@pytest.fixture
def demo_users(db: None) -> None:
    restore_migrated_data()
    load_demo_users(PASSWORD)


def restore_migrated_data() -> None:
    """Put back what the data migrations load (forces, standards, holidays,
    deadline rules) when an earlier transactional test's flush removed it.

    The serialized_rollback mark alone did not: after a non-transactional test
    had run in the same session the database was flushed and not restored
    (pytest-django 4.14, Django 5.2). The loaders are the ones the migrations
    call, and they only add what is missing.
    """
    if Force.objects.filter(code="nhants").exists():
        return
    load_reference_data(Force, Standard)
    seed_non_working_days(NonWorkingDay)
    load_deadline_rules(DeadlineRule)


@pytest.fixture
def case_c(demo_users: None) -> Case:
    cases = {case.reference: case for case, _ in load_reference_cases()}
    return cases[CASE_C_REFERENCE]


def sign_in(browser: BrowserSession, username: str, password: str) -> None:
    page = browser.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    browser.settle()


def signed_in_at(browser: BrowserSession, path: str) -> Page:
    """``path`` opened by the demo caseworker: the sign-in form first, then
    back to ``path`` itself. Its page."""
    browser.goto(path)
    sign_in(browser, CASEWORKER, PASSWORD)
    assert browser.path() == path
    return browser.page
