"""The OpenAPI schema and the Swagger UI / Redoc pages that read it."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from drf_spectacular import validation
from rest_framework.test import APIClient

from conduct.models import User
from referrals.filters import case_filter_names

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/"
#: drf-spectacular's validator (against the OpenAPI 3 JSON schema), unannotated.
validate_schema: Callable[[dict[str, Any]], None] = validation.validate_schema
JSON_SCHEMA = "application/vnd.oai.openapi+json"


@pytest.fixture
def schema(
    caseworker: User, bearer_client: Callable[[User], APIClient]
) -> dict[str, Any]:
    response = bearer_client(caseworker).get(SCHEMA + "?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(JSON_SCHEMA)
    loaded: dict[str, Any] = response.json()
    return loaded


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema: dict[str, Any]) -> None:
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Conduct case management API"
    assert schema["info"]["version"] == "1.0.0"
    assert "problem" in schema["info"]["description"]


def test_the_schema_is_yaml_by_default(
    caseworker: User, bearer_client: Callable[[User], APIClient]
) -> None:
    response = bearer_client(caseworker).get(SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    loaded = yaml.safe_load(response.content)
    validate_schema(loaded)
    assert "bearerAuth" in loaded["components"]["securitySchemes"]


def test_the_schema_offers_the_bearer_scheme(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["type"] == "http"
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert "cookieAuth" in schemes
    for _, _, operation in operations(schema):
        assert {"bearerAuth": []} in operation["security"]


def test_the_schema_lists_the_core_endpoints(schema: dict[str, Any]) -> None:
    assert {
        "/api/v1/me/",
        "/api/v1/reference/forces/",
        "/api/v1/reference/standards/",
    } <= set(schema["paths"])
    assert not any("/schema/" in path or "/docs/" in path for path in schema["paths"])


def test_the_tags_follow_a_case_from_recording_each_described(
    schema: dict[str, Any],
) -> None:
    names = [tag["name"] for tag in schema["tags"]]
    assert names[:4] == ["cases", "subjects", "referral", "investigation"]
    assert names.index("proceedings") < names.index("outcomes") < names.index("appeals")
    assert all(tag["description"] for tag in schema["tags"])
    used = {tag for _, _, operation in operations(schema) for tag in operation["tags"]}
    assert used == set(names), "every tag used is listed, and only those"


def test_every_operation_documents_its_problems(schema: dict[str, Any]) -> None:
    problem = schema["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "rule", "errors"} <= set(
        problem["properties"]
    )
    for _, _, operation in operations(schema):
        for status in ("401", "403", "429"):
            content = operation["responses"][status]["content"]
            assert set(content) == {"application/problem+json"}
            assert content["application/problem+json"]["examples"]
        assert "Retry-After" in operation["responses"]["429"]["headers"]
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]


#: The one upload: evidence, as multipart; and the one download, the file in
#: the type read from its content at upload.
EVIDENCE_UPLOAD = ("/api/v1/cases/{case_id}/evidence/", "post")
EVIDENCE_FILE = ("/api/v1/evidence/{evidence_id}/file/", "get")


def test_bodies_are_json_only(schema: dict[str, Any]) -> None:
    """Clients generated from the schema send JSON everywhere but the evidence
    upload (multipart only), and read JSON everywhere but the evidence file."""
    seen = set()
    for path, method, operation in operations(schema):
        if "requestBody" in operation:
            expected = (
                {"multipart/form-data"}
                if (path, method) == EVIDENCE_UPLOAD
                else {"application/json"}
            )
            assert set(operation["requestBody"]["content"]) == expected, path
        for code, response in operation["responses"].items():
            content = set(response.get("content", {}))
            if (path, method) == EVIDENCE_FILE and code == "200":
                seen.add(EVIDENCE_FILE)
                continue
            assert content <= {"application/json", "application/problem+json"}, (
                path,
                method,
                code,
            )
        seen.add((path, method))
    assert {EVIDENCE_UPLOAD, EVIDENCE_FILE} <= seen


def test_lists_are_cursor_paginated(schema: dict[str, Any]) -> None:
    operation = schema["paths"]["/api/v1/reference/forces/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"cursor", "page_size"}
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert page == {"$ref": "#/components/schemas/PaginatedForceList"}


def test_every_case_list_filter_is_documented(schema: dict[str, Any]) -> None:
    """The filters the apps register for the dashboard's rows (clocks,
    suspensions, proceedings...) are in the schema like the others, with
    their values and what they select."""
    operation = schema["paths"]["/api/v1/cases/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert case_filter_names() <= set(parameters)
    for name in case_filter_names():
        assert parameters[name].get("description"), name
    assert sorted(parameters["clock"]["schema"]["enum"]) == [
        "extended",
        "met",
        "met_late",
        "missed",
        "running",
    ]
    assert "notice_response" in parameters["clock_rule"]["schema"]["enum"]
    assert parameters["held_after"]["schema"]["format"] == "date"
    assert (
        "one proceeding matches them all"
        in (parameters["proceedings_form"]["description"])
    )


def test_the_schema_generates_without_warnings() -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_the_schema_needs_credentials_and_answers_errors_in_json(
    api_client: APIClient,
) -> None:
    response = api_client.get(SCHEMA)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


# ---------------------------------------------------------------- docs pages

ASSET = re.compile(r'(?:src|href|spec-url)="([^"]+)"')


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_only_local_files(
    client: Client, caseworker: User, page: str
) -> None:
    client.force_login(caseworker)
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "no CDN or other site"
    assert "<style" not in html
    assert not re.search(r"<script>|<script [^>]*>[^<]", html), "no inline script"
    assets = ASSET.findall(html)
    assert assets
    for url in assets:
        assert url.startswith("/"), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), f"missing {url}"
        else:
            assert client.get(url).status_code == 200, url


def test_swagger_ui_starts_from_a_script_file_with_the_csrf_token(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    client.get("/api/v1/docs/")
    response = client.get("/api/v1/docs/init.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    script = response.content.decode()
    assert '"/api/v1/schema/"' in script
    assert "X-CSRFTOKEN" in script
    assert not re.search(r"https?://", script)


def test_only_redoc_relaxes_the_content_security_policy(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    swagger = client.get("/api/v1/docs/")["Content-Security-Policy"]
    redoc = client.get("/api/v1/redoc/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in swagger
    assert "style-src 'self' 'unsafe-inline'" in redoc
    assert "script-src 'self';" in redoc


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_send_strangers_to_sign_in(client: Client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_settings_read_the_api_rate_from_the_environment() -> None:
    script = (
        "import os; os.environ['DJANGO_API_RATE'] = {rate!r}; "
        "from conduct.settings import test; "
        "print(test.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['api'])"
    )

    def settings_with(rate: str, *, check: bool) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script.format(rate=rate)],
            capture_output=True,
            text=True,
            check=check,
            timeout=60,
        )

    good = settings_with("30/hour", check=True)
    assert good.stdout.strip().splitlines()[-1] == "30/hour"
    bad = settings_with("lots", check=False)
    assert bad.returncode != 0
    assert "DJANGO_API_RATE: must look like 600/minute, not 'lots'" in bad.stderr
