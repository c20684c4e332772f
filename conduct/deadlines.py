"""Computing due dates from a deadline rule (pure; see conduct.calendar)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from conduct import calendar
from conduct.calendar_data import SEED_FIRST_YEAR, SEED_LAST_YEAR
from conduct.models import DeadlineRule


class RuleNotComputable(calendar.CalendarError):
    """The rule lacks what its pattern needs (e.g. an unset period)."""


@dataclass(frozen=True)
class DueDates:
    """``due_on`` is the last day to act; P3 rules also give the window."""

    due_on: dt.date
    earliest_on: dt.date | None = None
    latest_on: dt.date | None = None


def compute_due(
    rule: DeadlineRule,
    anchor: dt.date,
    non_working_days: Collection[dt.date],
    *,
    period: int = 1,
) -> DueDates:
    """Due dates for ``rule`` from its anchor event on ``anchor``.

    ``period`` picks the n-th period of a repeating P4 rule (1 = the first
    12 months, 2 = the 6 months after it, ...).
    """
    problem = rule.computability_problem()
    if problem:
        raise RuleNotComputable(f"{rule.code}: {problem}")
    pattern = rule.pattern
    if pattern == DeadlineRule.Pattern.P1:
        assert rule.working_days is not None
        return DueDates(calendar.due_p1(anchor, rule.working_days, non_working_days))
    if pattern == DeadlineRule.Pattern.P2:
        assert rule.working_days is not None
        return DueDates(calendar.due_p2(anchor, rule.working_days, non_working_days))
    if pattern == DeadlineRule.Pattern.P3:
        assert rule.min_working_days is not None
        assert rule.max_working_days is not None
        earliest, latest = calendar.window_p3(
            anchor, rule.min_working_days, rule.max_working_days, non_working_days
        )
        return DueDates(latest, earliest_on=earliest, latest_on=latest)
    if pattern == DeadlineRule.Pattern.P4:
        assert rule.months is not None
        periods = calendar.periods_p4(
            anchor, rule.months, rule.then_months or rule.months, period
        )
        return DueDates(periods[-1][1])
    assert rule.calendar_days is not None
    return DueDates(anchor + dt.timedelta(days=rule.calendar_days))


# ------------------------------------------------------- due-date calculator
#
# The calculator (browser page and API) asks the same engine the case clocks
# use: a pattern typed in by hand becomes an unsaved DeadlineRule, so both go
# through ``compute_due``.

#: The NonWorkingDay table is seeded for these days (conduct.calendar_data);
#: outside them a working-day count would silently miss the holidays.
CALENDAR_FIRST_DAY = dt.date(SEED_FIRST_YEAR, 1, 1)
CALENDAR_LAST_DAY = dt.date(SEED_LAST_YEAR, 12, 31)
MAX_WORKING_DAYS = 365
MAX_MONTHS = 120
MAX_PERIOD = 20
REGIMES = ("2020", "2012")
DEFAULT_REGIME = "2020"

#: The counts each hand-typed pattern uses; any other count is refused.
PATTERN_FIELDS: dict[str, tuple[str, ...]] = {
    calendar.Pattern.P1: ("working_days",),
    calendar.Pattern.P2: ("working_days",),
    calendar.Pattern.P3: ("min_working_days", "max_working_days"),
    calendar.Pattern.P4: ("months", "then_months", "period"),
}
#: Counts a rule question may carry besides the rule (its period, for P4).
RULE_FIELDS: tuple[str, ...] = ("period",)
COUNT_FIELDS: tuple[str, ...] = (
    "working_days",
    "min_working_days",
    "max_working_days",
    "months",
    "then_months",
    "period",
)
WORKING_DAY_PATTERNS = frozenset(
    {calendar.Pattern.P1, calendar.Pattern.P2, calendar.Pattern.P3}
)

DATE_OUTSIDE_CALENDAR = (
    "Enter a date from 1 January 2008 to 31 December 2040: bank holidays are "
    "known only for those years."
)
ANSWER_OUTSIDE_CALENDAR = (
    "The count ends after 31 December 2040, the last day whose bank holidays "
    "are known. Enter an earlier date or fewer working days."
)
MISSING_COUNT = {
    "working_days": "Enter the number of working days.",
    "min_working_days": "Enter the least number of working days.",
    "max_working_days": "Enter the most number of working days.",
    "months": "Enter the number of months.",
}
MAX_BELOW_MIN = "The most working days must be the same as or more than the least."
NOT_USED_BY_PATTERN = "Not used when counting with {pattern}."
NOT_USED_BY_RULE = "Not used with a rule: the rule sets its own count."
UNKNOWN_PATTERN = "Choose P1, P2, P3 or P4."
NO_SUCH_RULE = "There is no rule {code!r} in the {regime} regime."
RULE_INACTIVE = "The rule {code!r} ({regime}) is switched off here: {why}"
RULE_NOT_COMPUTABLE = "The rule {code!r} ({regime}) cannot compute a date: {why}"


class CalculationError(calendar.CalendarError):
    """A question the calculator cannot answer, with messages per field
    (``from``, ``pattern``, ``rule`` or a count's name)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


@dataclass(frozen=True)
class DueDateQuestion:
    """What a person or a client asks: a pattern with its counts, or a rule."""

    anchor: dt.date
    pattern: str = ""
    working_days: int | None = None
    min_working_days: int | None = None
    max_working_days: int | None = None
    months: int | None = None
    then_months: int | None = None
    period: int | None = None
    rule_code: str = ""
    regime: str = DEFAULT_REGIME

    def counts(self) -> dict[str, int]:
        """The counts given, by name."""
        return {
            name: value
            for name in COUNT_FIELDS
            if (value := getattr(self, name)) is not None
        }


@dataclass(frozen=True)
class DueDateAnswer:
    """The dates, and what was counted to reach them.

    ``rule`` is the DeadlineRule counted: a stored one in rule mode, an unsaved
    one built from the pattern otherwise (``is_stored`` tells them apart).
    ``skipped`` are the bank and public holidays (weekdays) passed over while
    counting working days, with their names.
    """

    anchor: dt.date
    rule: DeadlineRule
    is_stored: bool
    period: int
    due_on: dt.date
    earliest_on: dt.date | None
    latest_on: dt.date | None
    skipped: tuple[tuple[dt.date, str], ...]

    @property
    def pattern(self) -> str:
        return str(self.rule.pattern)

    @property
    def check_local_policy(self) -> bool:
        """True for a stored rule whose period is not checked against the
        regulations (domain.md section 5, UNVERIFIED rows)."""
        return self.is_stored and not self.rule.verified


def _check_anchor(anchor: dt.date) -> None:
    if not CALENDAR_FIRST_DAY <= anchor <= CALENDAR_LAST_DAY:
        raise CalculationError({"from": [DATE_OUTSIDE_CALENDAR]})


def rule_for_pattern(question: DueDateQuestion) -> DeadlineRule:
    """An unsaved rule counting as the question asks; CalculationError naming
    each missing, unused or contradictory count."""
    _check_anchor(question.anchor)
    if question.pattern not in PATTERN_FIELDS:
        raise CalculationError({"pattern": [UNKNOWN_PATTERN]})
    used = PATTERN_FIELDS[question.pattern]
    counts = question.counts()
    errors: dict[str, list[str]] = {
        name: [NOT_USED_BY_PATTERN.format(pattern=question.pattern)]
        for name in counts
        if name not in used
    }
    for name in used:
        if name in MISSING_COUNT and name not in counts:
            errors[name] = [MISSING_COUNT[name]]
    low, high = counts.get("min_working_days"), counts.get("max_working_days")
    if low is not None and high is not None and high < low:
        errors["max_working_days"] = [MAX_BELOW_MIN]
    if errors:
        raise CalculationError(errors)
    return DeadlineRule(
        regime=question.regime,
        code=f"calculator-{question.pattern.lower()}",
        title="Due-date calculator",
        pattern=question.pattern,
        working_days=question.working_days,
        min_working_days=question.min_working_days,
        max_working_days=question.max_working_days,
        months=question.months,
        then_months=question.then_months,
        is_active=True,
    )


def check_rule_question(question: DueDateQuestion, rule: DeadlineRule | None) -> None:
    """CalculationError unless ``rule`` (the stored rule the question names)
    can answer it."""
    _check_anchor(question.anchor)
    names = {"code": question.rule_code, "regime": question.regime}
    if rule is None:
        raise CalculationError({"rule": [NO_SUCH_RULE.format(**names)]})
    errors: dict[str, list[str]] = {
        name: [NOT_USED_BY_RULE]
        for name in question.counts()
        if name not in RULE_FIELDS
    }
    if question.pattern:
        errors["pattern"] = [NOT_USED_BY_RULE]
    problem = rule.computability_problem()
    if not rule.is_active:
        why = rule.notes or problem or "an administrator has made it inactive."
        errors["rule"] = [RULE_INACTIVE.format(why=why, **names)]
    elif problem:
        errors["rule"] = [RULE_NOT_COMPUTABLE.format(why=problem, **names)]
    if errors:
        raise CalculationError(errors)


def calendar_needed(rule: DeadlineRule, anchor: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day whose non-working days the count can meet.

    N working days never take more than 2N + 30 calendar days (at most 10
    weekend days and a few holidays per 5 working days). Calendar periods need
    no holidays at all.
    """
    most = rule.max_working_days or rule.working_days or 0
    if rule.pattern not in WORKING_DAY_PATTERNS or not most:
        return anchor, anchor
    return anchor, anchor + dt.timedelta(days=2 * most + 30)


def calculate_due_date(
    rule: DeadlineRule,
    anchor: dt.date,
    non_working_days: Mapping[dt.date, str],
    *,
    period: int = 1,
    is_stored: bool = True,
) -> DueDateAnswer:
    """Count ``rule`` from ``anchor`` with ``compute_due``, and say which
    holidays the count passed over (``non_working_days`` maps each to its
    name and must cover ``calendar_needed(rule, anchor)``)."""
    _check_anchor(anchor)
    due = compute_due(rule, anchor, non_working_days, period=period)
    last = due.latest_on or due.due_on
    skipped: tuple[tuple[dt.date, str], ...] = ()
    if rule.pattern in WORKING_DAY_PATTERNS:
        if last > CALENDAR_LAST_DAY:
            raise CalculationError({"from": [ANSWER_OUTSIDE_CALENDAR]})
        # P2 counts the day itself, so a holiday on it was skipped too.
        first = anchor + dt.timedelta(
            days=0 if rule.pattern == calendar.Pattern.P2 else 1
        )
        skipped = tuple(
            (day, non_working_days[day])
            for day in sorted(non_working_days)
            if first <= day <= last and day.weekday() < calendar.SATURDAY
        )
    return DueDateAnswer(
        anchor=anchor,
        rule=rule,
        is_stored=is_stored,
        period=period,
        due_on=due.due_on,
        earliest_on=due.earliest_on,
        latest_on=due.latest_on,
        skipped=skipped,
    )
