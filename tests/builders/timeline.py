"""The builder's calendar and the values the steps choose from: the
determination results, the hearing panels, and the default date of every
step (:class:`Timeline`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Literal

from hearings.models import PanelRole

#: The results of a determination, per allegation.
GROSS = "case_to_answer_gross_misconduct"
MISCONDUCT = "case_to_answer_misconduct"
NO_CASE = "no_case_to_answer"

#: Pre-7 May 2024 hearing panel.
LQC_PANEL = (
    (PanelRole.LEGALLY_QUALIFIED_CHAIR, "Ms Chair KC"),
    (PanelRole.SENIOR_OFFICER, "Supt Senior"),
    (PanelRole.INDEPENDENT_MEMBER, "Mr Independent"),
)
#: From 7 May 2024.
CHIEF_OFFICER_PANEL = (
    (PanelRole.CHIEF_OFFICER_CHAIR, "ACC Delegate"),
    (PanelRole.INDEPENDENT_MEMBER, "Ms Independent One"),
    (PanelRole.INDEPENDENT_MEMBER, "Mr Independent Two"),
    (PanelRole.LEGALLY_QUALIFIED_PERSON, "Ms Adviser"),
)

#: Panel members to appoint, or "full": the whole panel the form needs on
#: the date.
Panel = Sequence[tuple[str, str]] | Literal["full"]


def panel_for(form: str, on: dt.date) -> tuple[tuple[str, str], ...]:
    """The whole panel a form of proceedings needs on a date (PCR r28)."""
    if form == "misconduct_meeting":
        return ((PanelRole.PERSON_CONDUCTING, "Supt Conducting"),)
    if form == "accelerated_hearing":
        return ((PanelRole.CHIEF_OFFICER, "Chief Constable"),)
    return CHIEF_OFFICER_PANEL if on >= dt.date(2024, 5, 7) else LQC_PANEL


def severity_for(result: str) -> str:
    """The severity assessed of an allegation that ends with ``result``."""
    return "gross_misconduct" if result == GROSS else "misconduct"


@dataclasses.dataclass(frozen=True)
class Timeline:
    """The default date of every step, for a case that came to attention on
    ``came_to_attention_on``; :meth:`moved_to` gives them for another day.

    The investigation's dates are days after the case (assessed the same
    day, opened after 6, noticed after 8, reported after 20, decided after
    25); the proceedings' are the fixed 2023 dates the hearings tests and
    their working-day clocks were written for (referred Mon 3 Jul, heard
    Mon 4 Sep 2023).
    """

    came_to_attention_on: dt.date = dt.date(2023, 1, 10)
    assessed_on: dt.date = dt.date(2023, 1, 10)
    suspended_on: dt.date = dt.date(2023, 1, 11)
    iopc_referred_on: dt.date = dt.date(2023, 1, 11)
    criminal_started_on: dt.date = dt.date(2023, 1, 11)
    arrested_on: dt.date = dt.date(2023, 1, 12)
    paused_on: dt.date = dt.date(2023, 1, 12)
    iopc_decided_on: dt.date = dt.date(2023, 1, 13)
    opened_on: dt.date = dt.date(2023, 1, 16)
    noticed_on: dt.date = dt.date(2023, 1, 18)
    interview_on: dt.date = dt.date(2023, 1, 26)
    charged_on: dt.date = dt.date(2023, 1, 26)
    reported_on: dt.date = dt.date(2023, 1, 30)
    decided_on: dt.date = dt.date(2023, 2, 4)
    closed_on: dt.date = dt.date(2023, 2, 7)
    plea_on: dt.date = dt.date(2023, 2, 7)
    verdict_on: dt.date = dt.date(2023, 3, 28)
    left_on: dt.date = dt.date(2023, 6, 20)
    referred_on: dt.date = dt.date(2023, 7, 3)
    papers_on: dt.date = dt.date(2023, 7, 10)
    left_before_hearing_on: dt.date = dt.date(2023, 7, 17)
    withdrawn_on: dt.date = dt.date(2023, 7, 20)
    hearing_on: dt.date = dt.date(2023, 9, 4)
    lodged_on: dt.date = dt.date(2023, 9, 11)

    def moved_to(self, day: dt.date) -> Timeline:
        """Every date moved by as many days as ``day`` is from the case's."""
        shift = day - self.came_to_attention_on
        return dataclasses.replace(
            self,
            **{
                field.name: getattr(self, field.name) + shift
                for field in dataclasses.fields(self)
            },
        )


TIMELINE = Timeline()
