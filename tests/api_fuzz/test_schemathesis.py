"""schemathesis over every operation of the API schema, against gunicorn on
PostgreSQL (issue 5): no server error, every response keeps to the schema
(status code, content type, headers, body), invalid input is refused with a
4xx and no operation answers without credentials.

The operations come from the schema itself (drf-spectacular, as served at
/api/v1/schema/; a test checks the server serves the same document), so a
new endpoint is fuzzed without touching this file. Each runs as each persona
(conftest.PERSONAS) with a fixed seed, deterministically.

Run it alone with ``pytest -m fuzz`` (docs/operations.md). A failure is
schemathesis' own report (the check, the response, a curl command that
replays the request) followed by what the server logged meanwhile.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis import AuthContext, Case, Config

from tests.api_fuzz.aim import Aim, model_for_parameter
from tests.api_fuzz.conftest import PERSONAS, Persona
from tests.api_fuzz.server import Server

# django_db makes pytest-django create the test database (serialized, so that
# data.reset_database can put it back as it was); the data itself is committed
# by the module-scoped fixtures (conftest.py), as the server is another process.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(serialized_rollback=True)]

#: Fixed so that CI replays the same requests; change it to explore anew.
SEED = 20_251_105
#: Generated cases per operation and phase (examples, coverage, fuzzing).
MAX_EXAMPLES = 10
#: 428 is how this API says a required If-Match is missing.
MISSING_HEADER_STATUSES = ["400", "401", "403", "404", "406", "415", "422", "428"]
#: What schema-valid requests may meet besides success: 404 and 409 (the
#: rows and the lifecycle do not allow it), 412 (one If-Match in five is
#: kept stale on purpose, see aim.py), 428 (an empty If-Match), and 422 for
#: rules the schema cannot express (one of two parameters, dates 2008-2040,
#: an end after its start, codes that must exist).
POSITIVE_STATUSES = ["2xx", "401", "403", "404", "409", "412", "422", "428", "429"]

SETTINGS: dict[str, Any] = {
    "seed": SEED,
    "generation": {
        "mode": "all",  # valid and invalid data
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        # The data changes under the run (successful writes), so a shrunk
        # failure would not mean much; the report has the request anyway.
        "no-shrink": True,
        "database": "none",
    },
    "phases": {
        "examples": {"enabled": True},
        # Methods the API does not have are answered 405 with Allow; three
        # of them show it, the other four (TRACE, QUERY...) only add time.
        "coverage": {"enabled": True, "unexpected-methods": ["DELETE", "PATCH", "PUT"]},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    "checks": {
        "missing_required_header": {"expected-statuses": MISSING_HEADER_STATUSES},
        "positive_data_acceptance": {"expected-statuses": POSITIVE_STATUSES},
    },
    "request-timeout": 30,
    "operations": [
        {
            # The case list answers a filter value it does not know (a force
            # code, say) with 400 and rule filter.value.
            "include-name": "GET /api/v1/cases/",
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": [*POSITIVE_STATUSES, "400"]
                }
            },
        }
    ],
}


def schema_document() -> dict[str, Any]:
    """The OpenAPI document /api/v1/schema/?format=json serves."""
    # drf-spectacular's generator, unannotated.
    generator_class: Any = SchemaGenerator
    document = generator_class().get_schema(request=None, public=True)
    parsed: dict[str, Any] = json.loads(OpenApiJsonRenderer().render(document))
    return parsed


DOCUMENT = schema_document()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=Config.from_dict(SETTINGS))


#: What PersonaToken puts in Authorization; the test swaps in the persona's
#: token. schemathesis builds some cases (the coverage phase's) when this
#: module is collected, before any persona or token exists.
TOKEN_PLACEHOLDER = "Bearer persona-token"


@schema.auth(refresh_interval=None)
class PersonaToken:
    """Credentials through schemathesis' auth hook, so it knows the header is
    credentials and can check that leaving it out is refused (a header forced
    on every request would defeat that check)."""

    def get(self, case: Case[Any], context: AuthContext) -> str:
        return TOKEN_PLACEHOLDER

    def set(self, case: Case[Any], data: str, context: AuthContext) -> None:
        case.headers["Authorization"] = data


def authorize(case: Case[Any], persona: Persona) -> None:
    if case.headers.get("Authorization") == TOKEN_PLACEHOLDER:
        case.headers["Authorization"] = f"Bearer {persona.token}"


@schema.parametrize()
# The fixtures (server, persona, the log offset) are meant to be shared by
# every input generated for the operation.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_keeps_to_its_schema(
    case: Case[Any],
    server: Server,
    persona: Persona,
    aim: Aim,
    request: pytest.FixtureRequest,
) -> None:
    if (
        case.meta is not None
        and case.meta.phase.name == "coverage"
        and persona.user.username != PERSONAS[0]
    ):
        # The coverage phase walks each parameter's edges and wrong types:
        # input validation, the same whoever asks. Once is enough for CI.
        return
    # A copy: the coverage phase's cases are built once and shared by every
    # persona's run of the operation.
    sent = case.derive(keep_auth=True)
    authorize(sent, persona)
    aim(sent)
    offset = server.log_offset()
    try:
        sent.call_and_validate(base_url=server.url)
    except BaseException:  # schemathesis' FailureGroup is a BaseExceptionGroup
        request.node.add_report_section(
            "call", "server log", server.log_since(offset)[-20_000:]
        )
        raise


def test_the_server_serves_the_schema_that_is_fuzzed(
    server: Server, persona: Persona
) -> None:
    response = requests.get(
        f"{server.url}/api/v1/schema/?format=json",
        headers={"Authorization": f"Bearer {persona.token}"},
        timeout=60,
    )

    assert response.status_code == 200
    assert response.json() == DOCUMENT


def test_every_path_parameter_names_a_model() -> None:
    """aim.py finds real rows by the parameter's name: a new name needs a
    model called after it or an entry in MODEL_OF_PARAMETER."""
    names = {
        parameter["name"]
        for operations in DOCUMENT["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    }

    assert names
    assert {name for name in names if model_for_parameter(name) is None} == set()
