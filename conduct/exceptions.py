"""Typed domain errors. Interfaces map them once: HTML shows the message on the
form, the API answers 409 (refusals) or 403 (not permitted)."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request the product refuses, with a message a caseworker can act on."""

    def __init__(self, message: str, *, rule: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule


class NotPermitted(ApplicationError):
    """The acting user's role does not allow this action."""


class InvalidTransition(ApplicationError):
    """The requested state change is not in the model's transition table."""

    def __init__(self, *, model: str, current: str, requested: str) -> None:
        super().__init__(
            f"A {model} that is {current.replace('_', ' ')} cannot become "
            f"{requested.replace('_', ' ')}.",
            rule=f"{model}.transition",
        )
        self.current = current
        self.requested = requested


class StaleVersion(ApplicationError):
    """The caller's copy of the case (or of another versioned record, such as
    a person) is older than the stored one."""

    def __init__(self, *, current: int, expected: int, what: str = "case") -> None:
        super().__init__(
            f"This {what} has changed since you opened it (version {expected}; it is "
            f"now version {current}). Review the current details and try again.",
            rule="case.version",
        )
        self.current = current
        self.expected = expected
