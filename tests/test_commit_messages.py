"""The commit-message check that `make lint` runs (scripts/check_commits.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_commits.py"


def load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_commits", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = load_checker()
GOOD = "api: declare the subject steps\n\nThey were hand-written posts.\n"


def test_a_message_of_the_house_shape_passes() -> None:
    assert checker.problems(GOOD) == []
    assert checker.problems("api, docs: say it twice\n\nBoth changed.") == []


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        pytest.param(
            "api: " + "x" * 68 + "\n\nWhy.", "73 characters", id="subject-too-long"
        ),
        pytest.param("Declare the steps\n\nWhy.", "start with the area", id="no-area"),
        pytest.param("API: declare\n\nWhy.", "start with the area", id="area-case"),
        pytest.param("api: declare.\n\nWhy.", "full stop", id="full-stop"),
        pytest.param("api: declare\nWhy.", "blank line", id="no-blank-line"),
        pytest.param("api: declare\n", "body saying why", id="no-body"),
        pytest.param("api: declare\n\n\n", "body saying why", id="empty-body"),
    ],
)
def test_a_message_off_the_shape_is_named_with_its_problem(
    message: str, problem: str
) -> None:
    found = checker.problems(message)
    assert any(problem in text for text in found), found


def test_every_commit_since_the_rule_was_adopted_is_well_formed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert checker.main([]) == 0
    said = capsys.readouterr().out
    assert "all well formed" in said or "shallow" in said


def test_the_commit_the_rule_starts_after_is_one_it_would_refuse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    since = checker.SINCE_FILE.read_text().split()[0]
    if checker.git("cat-file", "-e", f"{since}^{{commit}}").returncode != 0:
        assert checker.git("rev-parse", "--is-shallow-repository").stdout.strip() == (
            "true"
        )
        return
    assert checker.main([f"{since}~1..{since}"]) == 1
    assert "keep it to 72" in capsys.readouterr().out
