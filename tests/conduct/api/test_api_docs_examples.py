"""Every ``curl`` example in docs/api.md runs, in the page's order, against the
test database, and answers what the page says.

The page's convention (stated in its "Authentication" section): under each
command, ``# => STATUS`` and optionally a JSON object that the answer's body
must contain (objects compared key by key, lists item by item); then
``# save NAME=path`` lines keep values of the body (``subject.id``) for later
commands as ``$NAME``. ``$API`` and the tokens are given here; ``$ETAG`` is
the ETag of the last answer that had one and ``$(uuidgen)`` a new UUID. A
command without ``# =>``, a placeholder nobody set, or an answer that
differs fails the test, so the examples cannot drift from the API.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from conduct.models import User
from conduct.services.tokens import api_token_create
from tests.builders import Build

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
API = "http://testserver/api/v1"
PLACEHOLDER = re.compile(r"\$\((uuidgen)\)|\$\{(\w+)\}|\$(\w+)")


@dataclass(frozen=True)
class Example:
    line: int
    command: str
    status: int
    body: str
    saves: dict[str, str]


@dataclass
class Request:
    method: str = "GET"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    data: str | None = None


def _complete(text: str) -> bool:
    if text.rstrip().endswith("\\"):
        return False
    try:
        shlex.split(text)
    except ValueError:  # a quote still open: the command goes on
        return False
    return True


def examples(markdown: str) -> list[Example]:
    """The ``curl`` commands of ``markdown`` with what each should answer."""
    lines = markdown.splitlines()
    found: list[Example] = []
    index = 0
    while index < len(lines):
        if not lines[index].lstrip().startswith("curl "):
            index += 1
            continue
        start = index
        command = lines[index]
        while not _complete(command):
            index += 1
            command += "\n" + lines[index]
        index += 1
        expected = re.fullmatch(
            r"# => (\d{3})(?: (.*))?",
            lines[index].strip() if index < len(lines) else "",
        )
        assert expected, f"docs/api.md:{start + 1}: a curl example needs '# => STATUS'"
        saves: dict[str, str] = {}
        while index + 1 < len(lines) and lines[index + 1].startswith("# save "):
            index += 1
            for pair in lines[index].removeprefix("# save ").split():
                name, _, path = pair.partition("=")
                saves[name] = path
        found.append(
            Example(
                line=start + 1,
                command=command.replace("\\\n", " "),
                status=int(expected.group(1)),
                body=expected.group(2) or "",
                saves=saves,
            )
        )
        index += 1
    return found


def contains(actual: Any, expected: Any) -> bool:
    """``expected`` is ``actual`` or a part of it: objects key by key, lists
    of the same length item by item."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value)
            for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected)


def dig(body: Any, path: str) -> Any:
    for part in path.split("."):
        body = body[part]
    return body


class Runner:
    """Runs examples in order as one client system would, keeping what they
    save and the last ETag."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = dict(values)
        self.client = Client()

    def substitute(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            if match.group(1):
                return str(uuid.uuid4())
            name = match.group(2) or match.group(3)
            assert name in self.values, f"${name} is not set"
            return self.values[name]

        return PLACEHOLDER.sub(value, text)

    def request(self, example: Example) -> Request:
        words = [self.substitute(word) for word in shlex.split(example.command)]
        assert words[0] == "curl"
        request = Request()
        position = 1
        while position < len(words):
            word = words[position]
            if word in {"-H", "--header"}:
                name, _, header = words[position + 1].partition(":")
                request.headers[name.strip()] = header.strip()
                position += 2
            elif word in {"-X", "--request"}:
                request.method = words[position + 1]
                position += 2
            elif word in {"-d", "--data", "--data-raw"}:
                request.data = words[position + 1]
                request.method = "POST" if request.method == "GET" else request.method
                position += 2
            else:
                assert word.startswith("http"), f"unexpected curl argument {word!r}"
                request.url = word
                position += 1
        return request

    def run(self, example: Example) -> None:
        where = f"docs/api.md:{example.line}"
        request = self.request(example)
        headers = dict(request.headers)
        content_type = headers.pop("Content-Type", "application/octet-stream")
        response = self.client.generic(
            request.method,
            request.url,
            data=(request.data or "").encode(),
            content_type=content_type,
            headers=headers,
        )
        assert response.status_code == example.status, (
            f"{where}: {request.method} {request.url} answered "
            f"{response.status_code}, the page says {example.status}: "
            f"{response.content[:500]!r}"
        )
        body = response.json() if response.content else None
        if example.body:
            expected = json.loads(self.substitute(example.body))
            assert contains(body, expected), (
                f"{where}: the answer {json.dumps(body)[:800]} does not contain "
                f"{json.dumps(expected)}"
            )
        for name, path in example.saves.items():
            self.values[name] = str(dig(body, path))
        if response.has_header("ETag"):
            self.values["ETAG"] = response["ETag"]


@pytest.fixture
def values(
    build: Build,
    caseworker: User,
    supervisor: User,
    iopc_investigator: User,
    iopc_supervisor: User,
) -> dict[str, str]:
    """The tokens of the personas the page names, an officer the force has
    recorded, and a case referred earlier (so that a sync has two pages)."""
    cache.clear()
    personas = {
        "PSD_TOKEN": caseworker,
        "PSD_SUPERVISOR_TOKEN": supervisor,
        "IOPC_TOKEN": iopc_investigator,
        "IOPC_SUPERVISOR_TOKEN": iopc_supervisor,
    }
    tokens = {
        name: api_token_create(actor=None, user=user, name="Docs")[1]
        for name, user in personas.items()
    }
    build.referred_to_iopc(
        on=dt.date(2015, 6, 1),
        reference="NH/2015/0001",
        summary="An earlier matter.",
        factors=["serious_assault"],
        referred_on=dt.date(2015, 6, 8),
    )
    return {
        "API": API,
        "TOKEN": tokens["PSD_TOKEN"],
        **tokens,
    }


def test_every_curl_example_in_docs_api_md_answers_as_the_page_says(
    values: dict[str, str],
) -> None:
    found = examples(DOC.read_text())
    assert len(found) >= 30, "the walk of a case is on the page"
    runner = Runner(values)
    for example in found:
        runner.run(example)
    assert "CASE" in runner.values
    assert "NEXT" in runner.values


DRIFTED = """
```sh
curl -H "Authorization: Bearer $TOKEN" "$API/me/"
# => 200 {"role": "iopc_investigator"}
```
"""


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (DRIFTED, "does not contain"),
        (DRIFTED.replace('# => 200 {"role": "iopc_investigator"}', "# => 201"), "201"),
        (
            DRIFTED.replace('"$API/me/"', '--fail "$API/me/"'),
            "unexpected curl argument",
        ),
        (DRIFTED.replace("$TOKEN", "$NOBODY"), "$NOBODY is not set"),
    ],
)
def test_an_example_that_drifts_fails(
    values: dict[str, str], page: str, message: str
) -> None:
    (example,) = examples(page)
    with pytest.raises(AssertionError, match=re.escape(message)):
        Runner(values).run(example)


def test_an_example_without_its_answer_is_refused() -> None:
    with pytest.raises(AssertionError, match="needs '# => STATUS'"):
        examples('curl "$API/me/"\n\nmore text\n')
