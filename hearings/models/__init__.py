"""Models of the hearings app (proceedings to outcome and lists), re-exported."""

from hearings.models.clocks import HearingsClock as HearingsClock
from hearings.models.lists import ListReport as ListReport
from hearings.models.lists import ListReportDelivery as ListReportDelivery
from hearings.models.outcomes import Appeal as Appeal
from hearings.models.outcomes import Finding as Finding
from hearings.models.outcomes import FindingResult as FindingResult
from hearings.models.outcomes import Outcome as Outcome
from hearings.models.outcomes import OutcomeKind as OutcomeKind
from hearings.models.proceedings import Adjournment as Adjournment
from hearings.models.proceedings import (
    FormerOfficerCondition as FormerOfficerCondition,
)
from hearings.models.proceedings import PanelMember as PanelMember
from hearings.models.proceedings import PanelRole as PanelRole
from hearings.models.proceedings import (
    Part3ADetermination as Part3ADetermination,
)
from hearings.models.proceedings import Proceeding as Proceeding
from hearings.models.proceedings import ReferralNotice as ReferralNotice
from hearings.models.proceedings import UpheldObjection as UpheldObjection
