"""The front end: what `make assets` builds, the page layout, and the
Content-Security-Policy that every response carries.

The built files are read from static/build/, so `make test` builds them first
(`make assets`); running pytest on its own after a fresh clone fails here until
they are built.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.template import engines
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import Client
from django.utils.html import escape

from conduct.models import User
from tests.factories.conduct import TEST_PASSWORD
from tests.rows import parametrize_rows

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "static" / "build"
TEMPLATES = ROOT / "templates"

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
FORBIDDEN_IN_CSS = ("GDS Transport", "govuk-crest", "@font-face")

# An executable <script> with its code inline: no src, and not a JSON data block
# (json_script), which the browser never runs.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']\s*javascript:", re.IGNORECASE)


def policy_of(content_security_policy: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for directive in content_security_policy.split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


def inline_code(html: str) -> list[str]:
    """Every piece of markup that a strict CSP would block, as found."""
    found: list[str] = []
    for pattern in (
        INLINE_SCRIPT,
        STYLE_ATTRIBUTE,
        STYLE_ELEMENT,
        EVENT_HANDLER,
        JAVASCRIPT_URL,
    ):
        found.extend(match.group(0) for match in pattern.finditer(html))
    return found


def static_references(html: str) -> list[str]:
    return re.findall(r"(?:href|src)=\"(/static/[^\"]+)\"", html)


def css_urls(css: str) -> set[str]:
    return {
        url.strip("'\"")
        for url in re.findall(r"url\(([^)]*)\)", css)
        if not url.strip("'\"").startswith("data:")
    }


def module_imports(javascript: str) -> list[str]:
    return re.findall(r"^import .+ from \"(\./[^\"]+)\";$", javascript, re.MULTILINE)


def sign_in(client: Client, user: User) -> None:
    client.force_login(user)


# ------------------------------------------------------------------ the build


def test_the_built_stylesheet_has_govuk_and_moj_styles_on_a_system_font() -> None:
    css = (BUILD / "app.css").read_text()
    for selector in (
        ".govuk-generic-header",
        ".govuk-service-navigation",
        ".govuk-error-summary",
        ".moj-identity-bar",
        ".app-identity-bar__item",
    ):
        assert selector in css, selector
    assert 'font-family:system-ui,-apple-system,"Segoe UI"' in css
    # Compressed output: no comments, one line.
    assert "/*" not in css
    assert css.count("\n") <= 1


@pytest.mark.parametrize("forbidden", FORBIDDEN_IN_CSS)
def test_the_built_stylesheet_has_no_gds_font_and_no_crest(forbidden: str) -> None:
    assert forbidden not in (BUILD / "app.css").read_text()


def test_every_image_the_stylesheet_uses_is_in_the_build() -> None:
    urls = css_urls((BUILD / "app.css").read_text())
    assert urls, "MoJ Frontend's components use icons: the stylesheet names some"
    for url in urls:
        assert (BUILD / url).is_file(), url


def test_the_build_ships_the_scripts_their_maps_icons_and_our_favicon() -> None:
    for name in (
        "govuk-frontend.min.js",
        "govuk-frontend.min.js.map",
        "moj-frontend.min.js",
        "moj-frontend.min.js.map",
        "body-classes.js",
        "app.js",
        "favicon.svg",
    ):
        assert (BUILD / name).is_file(), name
    icons = {path.name for path in (BUILD / "images").iterdir()}
    assert "icon-document.svg" in icons
    assert all(re.fullmatch(r"icon-[a-z0-9-]+\.svg", name) for name in icons), icons


def test_nothing_from_govuk_frontend_assets_is_shipped() -> None:
    shipped = {path.name for path in BUILD.rglob("*") if path.is_file()}
    assert not {name for name in shipped if name.endswith((".woff", ".woff2"))}
    for name in ("govuk-crest.svg", "favicon.ico", "govuk-icon-mask.svg"):
        assert name not in shipped
    assert not {name for name in shipped if "crown" in name or "logotype" in name}
    assert "GOV.UK" not in (BUILD / "favicon.svg").read_text()


def test_the_module_script_starts_both_frontends_from_shipped_files() -> None:
    app = (BUILD / "app.js").read_text()
    imports = module_imports(app)
    assert imports == ["./govuk-frontend.min.js", "./moj-frontend.min.js"]
    for target in imports:
        exported = (BUILD / target).read_text()
        assert re.search(r"export\{[^}]*\binitAll\b", exported), target
    assert "initGovukFrontend();" in app
    assert "initMojFrontend();" in app


def test_the_body_class_script_sets_the_classes_govuk_frontend_checks() -> None:
    script = (BUILD / "body-classes.js").read_text()
    assert '"js-enabled"' in script
    assert '"govuk-frontend-supported"' in script
    assert "import " not in script  # a classic script, loaded before the modules


# -------------------------------------------------------------- the templates


def template_files() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_scan() -> None:
    names = {path.relative_to(TEMPLATES).as_posix() for path in template_files()}
    assert {"base.html", "registration/login.html", "referrals/home.html"} <= names


@pytest.mark.parametrize(
    "path", template_files(), ids=lambda path: path.relative_to(TEMPLATES).as_posix()
)
def test_no_template_has_inline_script_or_style(path: Path) -> None:
    assert inline_code(path.read_text()) == []


def test_the_inline_code_scan_finds_what_the_policy_would_block() -> None:
    # The scan above is only worth something if it can fail.
    assert inline_code('<script>alert("x")</script>') == ["<script>"]
    assert inline_code('<p style="color: red">') == [" style="]
    assert inline_code("<style>p{}</style>") == ["<style"]
    assert inline_code('<a href="#" onclick="go()">') == [" onclick="]
    assert inline_code('<a href="javascript:go()">') == ['="javascript:']
    assert inline_code('<script src="/static/build/app.js"></script>') == []
    assert inline_code('<script id="d" type="application/json">{}</script>') == []


def test_base_links_the_compiled_files_through_static() -> None:
    base = (TEMPLATES / "base.html").read_text()
    assert base.startswith("{% load static django_htmx %}")
    for name in ("build/app.css", "build/body-classes.js", "build/app.js"):
        assert "{% static '" + name + "' %}" in base, name
    # htmx is django-htmx's own copy, served by the app, never a CDN.
    assert "{% htmx_script %}" in base


@pytest.mark.django_db
def test_htmx_is_served_by_the_app_and_configured_for_the_strict_csp(
    client: Client,
) -> None:
    html = client.get("/accounts/login/").content.decode()
    script = re.search(r'<script src="([^"]+htmx[^"]+)"', html)
    assert script is not None
    assert script.group(1).startswith("/static/")
    assert client.get(script.group(1)).status_code == 200
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert config is not None
    settings = json.loads(config.group(1))
    # No <style> injected, no style attributes copied while settling, no eval.
    assert settings["includeIndicatorStyles"] is False
    assert "style" not in settings["attributesToSettle"]
    assert settings["allowEval"] is False


# ------------------------------------------------------------ rendered pages


@pytest.mark.django_db
def test_the_login_page_links_the_compiled_css_and_javascript(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert f'<link rel="stylesheet" href="{static("build/app.css")}">' in html
    assert f'<script type="module" src="{static("build/app.js")}"></script>' in html
    # The classic script is the first element in <body>, before anything paints.
    body_start = re.search(r"<body[^>]*>\s*(<[^>]+>)", html)
    assert body_start is not None
    assert body_start.group(1) == f'<script src="{static("build/body-classes.js")}">'
    assert f'href="{static("build/favicon.svg")}"' in html


@pytest.mark.django_db
def test_every_static_file_the_pages_name_is_served(
    client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    html = client.get("/").content.decode()
    references = static_references(html)
    assert len(references) >= 4
    for url in references:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".js"):
            # Module scripts run only when served as JavaScript.
            assert "javascript" in response["Content-Type"], url
        if hasattr(response, "close"):
            response.close()


@pytest.mark.django_db
def test_the_layout_has_no_crown_and_names_the_service_as_text(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert re.search(
        r'class="govuk-generic-header__homepage-link[^"]*">'
        r"\s*Conduct case management\s*<",
        html,
    )
    for marker in ("govuk-logo", "govuk-header__logotype", "crown", "GOV.UK", "crest"):
        assert marker not in html, marker
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "govuk-footer__meta" in html
    assert "Open Government Licence" not in html


@pytest.mark.django_db
def test_a_signed_out_page_has_no_navigation_and_no_identity_bar(
    client: Client,
) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "govuk-service-navigation" not in html
    assert "moj-identity-bar" not in html
    assert "Sign out" not in html


@pytest.mark.django_db
def test_the_identity_bar_shows_name_role_and_force(
    client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    html = client.get("/").content.decode()
    bar = html[html.index('class="moj-identity-bar"') :]
    bar = bar[: bar.index("</form>")]
    # Escaped as the template escapes it: a generated name may be O'Brien.
    assert f'id="identity-name">{escape(caseworker.get_full_name())}<' in bar
    assert 'id="identity-role">PSD caseworker<' in bar
    assert 'id="identity-organisation">Northamptonshire Police<' in bar


@pytest.mark.django_db
def test_sign_out_is_a_post_form_with_a_csrf_token(
    client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    html = client.get("/").content.decode()
    form = re.search(
        r'<form class="app-identity-bar__sign-out" method="post"'
        r' action="/accounts/logout/">'
        r"(.*?)</form>",
        html,
        re.DOTALL,
    )
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert ">Sign out</button>" in form.group(1)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_the_service_navigation_marks_the_current_page(
    client: Client, caseworker: User
) -> None:
    sign_in(client, caseworker)
    html = client.get("/").content.decode()
    assert 'data-module="govuk-service-navigation"' in html
    assert re.search(r'href="/" aria-current="page">\s*<strong', html)
    # Administration is for staff only.
    assert "/admin/" not in html


@pytest.mark.django_db
def test_a_wrong_password_gets_an_error_summary_linking_to_the_field(
    client: Client, caseworker: User
) -> None:
    response = client.post(
        "/accounts/login/", {"username": caseworker.username, "password": "wrong"}
    )
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    summary = html[html.index('class="govuk-error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    assert '<a href="#id_username">Enter a correct username and password.' in summary
    assert 'id="id_username"' in html
    assert 'aria-describedby="id_username-error"' in html
    assert 'id="id_username-error" class="govuk-error-message"' in html
    # Nothing typed in the password box is sent back.
    assert 'value="wrong"' not in html


@pytest.mark.django_db
def test_empty_fields_each_get_an_error_linking_to_them(client: Client) -> None:
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content
    text = html.decode()
    assert '<a href="#id_username">This field is required.</a>' in text
    assert '<a href="#id_password">This field is required.</a>' in text
    assert text.count("govuk-form-group--error") == 2


@pytest.mark.django_db
def test_a_correct_sign_in_shows_no_error(client: Client, caseworker: User) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": caseworker.username, "password": TEST_PASSWORD},
        follow=True,
    )
    assert "govuk-error-summary" not in response.content.decode()


def test_messages_render_as_notification_banners() -> None:
    html = render_to_string(
        "_messages.html",
        {
            "messages": [
                Message(message_levels.SUCCESS, "Referral recorded"),
                Message(message_levels.ERROR, "The case has moved on"),
            ]
        },
    )
    success, other = html.split("govuk-notification-banner__header")[1:]
    assert "govuk-notification-banner--success" in html
    assert "Success" in success
    assert "Referral recorded" in success
    assert "Important" in other
    assert "The case has moved on" in other


@pytest.mark.django_db
def test_before_content_comes_before_main(client: Client) -> None:
    template = engines["django"].from_string(
        '{% extends "base.html" %}'
        '{% block beforeContent %}<a class="govuk-back-link" href="/">Back</a>'
        "{% endblock beforeContent %}"
        "{% block content %}<h1>Page</h1>{% endblock content %}"
    )
    html = template.render({"service_name": "Conduct case management"})
    assert html.index("govuk-back-link") < html.index("<main") < html.index("<h1>")


# ------------------------------------------------------- Content-Security-Policy


@dataclass(frozen=True)
class Page:
    """A page, and whether it is asked for signed in."""

    path: str
    signed_in: bool


@pytest.mark.django_db
@parametrize_rows(
    [
        Page(path="/accounts/login/", signed_in=False),
        Page(path="/", signed_in=True),
        Page(path="/", signed_in=False),  # the redirect to sign in
        Page(path="/healthz", signed_in=False),
        Page(path="/no-such-page/", signed_in=True),
        Page(path="/admin/login/", signed_in=False),
    ]
)
def test_every_response_carries_the_strict_policy(
    client: Client, caseworker: User, path: str, signed_in: bool
) -> None:
    if signed_in:
        sign_in(client, caseworker)
    response = client.get(path)
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert policy_of(header) == EXPECTED_POLICY


@pytest.mark.django_db
def test_the_rendered_pages_have_nothing_the_policy_blocks(
    client: Client, caseworker: User
) -> None:
    pages = [client.get("/accounts/login/").content.decode()]
    sign_in(client, caseworker)
    pages.append(client.get("/").content.decode())
    for html in pages:
        assert inline_code(html) == []


@pytest.mark.django_db
def test_the_admin_works_under_the_policy_without_an_exemption(
    client: Client, administrator: User
) -> None:
    sign_in(client, administrator)
    for path in (
        "/admin/",
        "/admin/conduct/user/",
        "/admin/conduct/user/add/",
        f"/admin/conduct/user/{administrator.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy_of(response["Content-Security-Policy"]) == EXPECTED_POLICY
        assert inline_code(response.content.decode()) == [], path


# ---------------------------------------------------------- production static


@pytest.mark.slow
def test_collectstatic_with_the_production_storage_takes_the_build(
    tmp_path: Path,
) -> None:
    """The manifest storage rewrites url() and source map references and fails
    on any file they name that is missing, as the Docker build would."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="conduct.settings.production",
        DJANGO_SECRET_KEY="k9#Qz" + "p4Lm8Rt2Wv6Yb1Nc5Xd7Hs3Jf0Gq" * 2,
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgresql://u:p@db:5432/conduct",
        REDIS_URL="redis://redis:6379/0",
        DJANGO_STATIC_ROOT=str(tmp_path),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=120,
    )
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed_css = tmp_path / manifest["build/app.css"]
    assert hashed_css.is_file()
    for url in css_urls(hashed_css.read_text()):
        assert (hashed_css.parent / url).is_file(), url
    # app.js imports the two frontends by their plain names, which collectstatic
    # keeps next to the hashed copies.
    for target in module_imports((tmp_path / "build/app.js").read_text()):
        assert (tmp_path / "build" / target).is_file(), target
