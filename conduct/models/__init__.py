"""Core models, re-exported explicitly."""

from conduct.models.audit import AuditEvent as AuditEvent
from conduct.models.base import TimeStampedModel as TimeStampedModel
from conduct.models.calendar import NonWorkingDay as NonWorkingDay
from conduct.models.deadlines import DeadlineRule as DeadlineRule
from conduct.models.forces import Force as Force
from conduct.models.operations import Heartbeat as Heartbeat
from conduct.models.people import EmploymentEvent as EmploymentEvent
from conduct.models.people import Person as Person
from conduct.models.people import PersonRole as PersonRole
from conduct.models.standards import Standard as Standard
from conduct.models.tokens import ApiToken as ApiToken
from conduct.models.tokens import IdempotencyKey as IdempotencyKey
from conduct.models.users import IOPC_ROLES as IOPC_ROLES
from conduct.models.users import IOPC_SUPERVISORS as IOPC_SUPERVISORS
from conduct.models.users import PSD_ROLES as PSD_ROLES
from conduct.models.users import PSD_SUPERVISORS as PSD_SUPERVISORS
from conduct.models.users import STAFF_ROLES as STAFF_ROLES
from conduct.models.users import ForceMembership as ForceMembership
from conduct.models.users import Role as Role
from conduct.models.users import User as User
