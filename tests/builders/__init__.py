"""The one builder of test cases: every state of a case's life, reached
through the real services (never by writing a status), each state building
on the one before it.

The lifecycle, in order (each returns what the tests act on next)::

    case            a case recorded, with no subject yet            -> Case
    recorded        a subject with allegations, none assessed       -> Subject
    assessed        every allegation's severity assessed             -> Subject
    investigating   the investigation opened                         -> Subject
    noticed         the written notice (Regulation 17) served        -> Notice
    reported        the investigation report submitted               -> Subject
    case_to_answer  the case to answer determined, per allegation    -> Subject
    referred        referred to misconduct proceedings               -> Proceeding
    served          the notice of referral served                    -> Proceeding
    scheduled       a date set (and a panel appointed, if asked)     -> Proceeding
    held            the full panel appointed and the hearing held    -> Proceeding
    found           findings recorded                                -> Proceeding
    decided         the outcome recorded                             -> Outcome
    appealed        an appeal lodged against the outcome             -> Appeal

Branches: ``interview`` and ``deadline`` (after the notice), ``clock`` (any
rule's clock opened directly), ``suspension``,
``former_officer``, ``left_before_hearing`` (the officer resigned after the
referral), ``withdrawn`` and ``papers_sent`` (of proceedings),
``barred_report`` and ``failed_report`` (after a dismissal), ``referred_to_iopc``,
``directed`` and ``independent``, ``paused`` (sub judice), ``closed``,
``cases_to_answer`` (several subjects of one case), and criminal proceedings:
``criminal_proceedings``, ``charged``, ``pleaded`` and ``charge_decided``.

Each state takes the object of the state before it (to take one more step
from there) or builds it from nothing, passing the keyword arguments it does
not use itself down to the states before it: ``build.held(form=...,
results=...)`` refers with ``form`` and determines with ``results``.

Dates come from the builder's :class:`Timeline`. Its cases come to attention
on 10 January 2023 unless a case is recorded on another day (``on=``): then
every default date of that case moves by the same number of days, so the
steps keep their order and spacing. ``build.starting_on(day)`` gives a
builder whose cases come to attention on ``day``.

Who acts: the caseworker records and investigates; the supervisor assesses,
decides and runs the proceedings; the IOPC investigator decides on
referrals. ``Build`` reads them from the shared personas (tests/conftest.py).
"""

from __future__ import annotations

from tests.builders.branches import BranchSteps
from tests.builders.proceedings import ProceedingSteps
from tests.builders.timeline import (
    CHIEF_OFFICER_PANEL,
    GROSS,
    LQC_PANEL,
    MISCONDUCT,
    NO_CASE,
    TIMELINE,
    Timeline,
    panel_for,
)

__all__ = [
    "CHIEF_OFFICER_PANEL",
    "GROSS",
    "LQC_PANEL",
    "MISCONDUCT",
    "NO_CASE",
    "TIMELINE",
    "Build",
    "Timeline",
    "panel_for",
]


class Build(ProceedingSteps, BranchSteps):
    """Cases in each state of their lifecycle (see the module's docstring)."""
