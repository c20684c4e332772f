"""Every status pair of every transition table: allowed when listed, refused
with InvalidTransition (naming both states) when not."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from conduct.exceptions import InvalidTransition
from conduct.transitions import transition

ROOT = Path(__file__).resolve().parents[2]
#: Every model of the product with a transition table.
STATEFUL: list[type[Any]] = sorted(
    (
        model
        for model in apps.get_models()
        if model._meta.app_label in {"conduct", "referrals", "hearings"}
        and "TRANSITIONS" in vars(model)
    ),
    key=lambda model: model._meta.label,
)


def test_the_stateful_models_are_found() -> None:
    labels = {model._meta.label for model in STATEFUL}
    assert {
        "referrals.Case",
        "referrals.Subject",
        "referrals.IOPCReferral",
        "referrals.Investigation",
        "referrals.Deadline",
        "referrals.CriminalProceedings",
        "hearings.Proceeding",
        "hearings.Appeal",
    } <= labels


def pairs() -> list[tuple[type[Any], str, str]]:
    return [
        (model, current, requested)
        for model in STATEFUL
        for current in model.Status.values
        for requested in model.Status.values
    ]


def test_every_status_has_a_row_in_its_table() -> None:
    for model in STATEFUL:
        assert set(model.TRANSITIONS) == set(model.Status.values), model.__name__
        for targets in model.TRANSITIONS.values():
            assert targets <= set(model.Status.values)


@pytest.mark.parametrize(
    ("model", "current", "requested"),
    pairs(),
    ids=lambda value: getattr(value, "__name__", value),
)
def test_transition_table(model: type[Any], current: str, requested: str) -> None:
    instance = model(status=current)
    if requested in model.TRANSITIONS[current]:
        assert transition(instance, requested) == (current, requested)
        assert instance.status == requested
    else:
        with pytest.raises(InvalidTransition) as refused:
            transition(instance, requested)
        assert refused.value.current == current
        assert refused.value.requested == requested
        assert current.replace("_", " ") in refused.value.message
        assert instance.status == current


def test_nothing_but_the_transition_helper_assigns_a_status() -> None:
    """Services change status only through conduct.transitions.transition."""
    pattern = re.compile(r"\.status\s*=[^=]")
    offenders = []
    for app in ("conduct", "referrals", "hearings"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name == "transitions.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
