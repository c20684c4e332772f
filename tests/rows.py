"""Scenario tables whose rows name their values.

A table is a list of rows of one small frozen dataclass, each row built with
keyword arguments, so a reader sees what every value means::

    @dataclass(frozen=True)
    class Refusal:
        offence: str
        message: str

    @parametrize_rows(
        [Refusal(offence="  ", message=svc.OFFENCE_REQUIRED), ...]
    )
    def test_charge_refusals(offence: str, message: str) -> None: ...

The test takes the fields as its arguments, and pytest names each case as
it would name the same values in a tuple (``-``-joined, by field name and
index where a value has no name of its own).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pytest


@dataclasses.dataclass(frozen=True)
class RefusedCall:
    """A row of the tables of refusals of one service call: the keyword
    arguments that differ from a good call, and the message it is refused
    with."""

    kwargs: dict[str, Any]
    message: str


def parametrize_rows(rows: Sequence[Any]) -> pytest.MarkDecorator:
    """``pytest.mark.parametrize`` over ``rows`` (dataclass instances of one
    class), one argument per field."""
    kinds = {type(row) for row in rows}
    assert len(kinds) == 1, kinds
    (kind,) = kinds
    names = [field.name for field in dataclasses.fields(kind)]
    values = [tuple(getattr(row, name) for name in names) for row in rows]
    return pytest.mark.parametrize(names, values)
