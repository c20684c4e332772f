"""Models of the referrals app (intake to case to answer), re-exported."""

from referrals.models.cases import IOPC_MODES as IOPC_MODES
from referrals.models.cases import LEGACY_MODES as LEGACY_MODES
from referrals.models.cases import Allegation as Allegation
from referrals.models.cases import Case as Case
from referrals.models.cases import CaseForce as CaseForce
from referrals.models.cases import CaseParty as CaseParty
from referrals.models.cases import DeterminationResult as DeterminationResult
from referrals.models.cases import InvestigationMode as InvestigationMode
from referrals.models.cases import IOPCReferral as IOPCReferral
from referrals.models.cases import ModeDecision as ModeDecision
from referrals.models.cases import ReferralFactor as ReferralFactor
from referrals.models.cases import Severity as Severity
from referrals.models.cases import SeverityAssessment as SeverityAssessment
from referrals.models.cases import Subject as Subject
from referrals.models.criminal import Charge as Charge
from referrals.models.criminal import CriminalProceedings as CriminalProceedings
from referrals.models.criminal import Plea as Plea
from referrals.models.criminal import SentenceComponent as SentenceComponent
from referrals.models.criminal import SubJudicePeriod as SubJudicePeriod
from referrals.models.criminal import Verdict as Verdict
from referrals.models.deadlines import Deadline as Deadline
from referrals.models.deadlines import DeadlineEvent as DeadlineEvent
from referrals.models.deadlines import Notification as Notification
from referrals.models.deadlines import ReferralsClock as ReferralsClock
from referrals.models.deadlines import Reminder as Reminder
from referrals.models.investigations import DecisionBody as DecisionBody
from referrals.models.investigations import Determination as Determination
from referrals.models.investigations import EvidenceItem as EvidenceItem
from referrals.models.investigations import Interview as Interview
from referrals.models.investigations import Investigation as Investigation
from referrals.models.investigations import (
    InvestigationReport as InvestigationReport,
)
from referrals.models.investigations import Notice as Notice
from referrals.models.investigations import NoticeResponse as NoticeResponse
from referrals.models.investigations import ProceedingsForm as ProceedingsForm
from referrals.models.investigations import Recommendation as Recommendation
from referrals.models.investigations import ReportOpinion as ReportOpinion
from referrals.models.investigations import Suspension as Suspension
from referrals.models.progress import ProgressReport as ProgressReport
