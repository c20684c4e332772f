from __future__ import annotations

from typing import ClassVar

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models.functions import Upper

from conduct.models import Force, Person, PersonRole, Standard, TimeStampedModel
from conduct.regimes import Regime

#: Brings ``CaseForce`` up to date for the cases whose ids are in ``ids``:
#: rows no longer true go, missing ones are added.
CASE_FORCES_REFRESH = """
    DELETE FROM referrals_caseforce AS known
    WHERE known.case_id = ANY (ids)
      AND NOT EXISTS (
          SELECT 1 FROM referrals_case AS c
          WHERE c.id = known.case_id AND c.force_id = known.force_id
      )
      AND NOT EXISTS (
          SELECT 1 FROM referrals_subject AS s
          WHERE s.case_id = known.case_id
            AND s.appropriate_authority_id = known.force_id
      );
    INSERT INTO referrals_caseforce (force_id, case_id)
    SELECT force_id, id FROM referrals_case WHERE id = ANY (ids)
    UNION
    SELECT appropriate_authority_id, case_id FROM referrals_subject
    WHERE case_id = ANY (ids)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
"""


def case_forces_refresh(ids: str) -> str:
    """A trigger body running ``CASE_FORCES_REFRESH`` for the cases whose ids
    the SQL array ``ids`` gives. A statement-level trigger passes the ids of
    every row it changed (a bulk load refreshes once, not once per row)."""
    return "\n    ids := " + ids + ";" + CASE_FORCES_REFRESH


def case_forces_triggers(
    table: str, *, ids: str, moved: pgtrigger.Condition, moved_ids: str
) -> list[pgtrigger.Trigger]:
    """The triggers keeping ``CaseForce`` right after writes to ``table``
    (case or subject): inserts and deletes by statement, for the cases
    ``ids`` lists from the rows written (the transition table ``changed``);
    an update by row, only when ``moved`` (the force changed), for the cases
    ``moved_ids``."""
    declare = [("ids", "bigint[]")]
    by_statement = [
        pgtrigger.Trigger(
            name=f"{table}_forces_{name}",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=operation,
            referencing=referencing,
            declare=declare,
            func=case_forces_refresh(ids),
        )
        for name, operation, referencing in (
            ("inserted", pgtrigger.Insert, pgtrigger.Referencing(new="changed")),  # type: ignore[no-untyped-call]
            ("deleted", pgtrigger.Delete, pgtrigger.Referencing(old="changed")),  # type: ignore[no-untyped-call]
        )
    ]
    by_row = pgtrigger.Trigger(
        name=f"{table}_forces_moved",
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        condition=moved,
        declare=declare,
        func=case_forces_refresh(moved_ids),
    )
    return [*by_statement, by_row]


@pghistory.track()
class Case(TimeStampedModel):
    """The root of the lifecycle: one complaint, conduct matter or DSI matter.

    ``force`` recorded the case and is its appropriate authority at intake;
    each subject carries its own appropriate authority, which can move to
    another force (reference case C). ``regime`` is fixed from the date the
    matter came to the authority's attention. ``version`` goes up with every
    change so that forms and API clients can detect a stale copy.
    """

    class Trigger(models.TextChoices):
        PUBLIC_COMPLAINT = "public_complaint", "Public complaint"
        RECORDABLE_CONDUCT_MATTER = (
            "recordable_conduct_matter",
            "Recordable conduct matter",
        )
        INTERNAL_CONDUCT_MATTER = "internal_conduct_matter", "Internal conduct matter"
        DSI_MATTER = "dsi_matter", "Death or serious injury (DSI) matter"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.OPEN}),
    }

    reference = models.CharField(max_length=40, help_text="The force's own reference.")
    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="cases")
    iopc_reference = models.CharField(max_length=20, blank=True)
    trigger = models.CharField(max_length=32, choices=Trigger.choices)
    came_to_attention_on = models.DateField()
    complaint_made_on = models.DateField(null=True, blank=True)
    regime = models.CharField(
        max_length=4, choices=[(regime.value, regime.value) for regime in Regime]
    )
    summary = models.TextField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_cases"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="cases_created",
    )

    class Meta:
        ordering = ["-came_to_attention_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "reference"], name="case_reference_unique_in_force"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "closed"]),
                name="case_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(regime__in=["2008", "2012", "2020"]),
                name="case_regime_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["force", "status"], name="case_force_status"),
            # The case list's orderings (each read backwards too): a page is
            # the first rows of the index the user may see, not a sort of all
            # of them.
            models.Index(fields=["created_at", "id"], name="case_created"),
            models.Index(fields=["came_to_attention_on", "id"], name="case_attention"),
            models.Index(fields=["updated_at", "id"], name="case_updated"),
            models.Index(fields=["reference", "id"], name="case_reference"),
            # The search box finds cases by the start of either reference,
            # case-blind (istartswith: UPPER(...) LIKE 'PREFIX%').
            models.Index(
                OpClass(Upper("reference"), name="text_pattern_ops"),
                name="case_reference_prefix",
            ),
            models.Index(
                OpClass(Upper("iopc_reference"), name="text_pattern_ops"),
                name="case_iopc_reference_prefix",
            ),
            # The few restricted cases, for the scope's "less those the user
            # is not named on" (referrals.permissions.hidden_restricted).
            models.Index(
                fields=["id"],
                name="case_restricted",
                condition=models.Q(restricted=True),
            ),
        ]
        triggers = case_forces_triggers(
            "case",
            ids="ARRAY(SELECT id FROM changed)",
            moved=pgtrigger.AnyChange("force"),
            moved_ids="ARRAY[NEW.id]",
        )

    def __str__(self) -> str:
        return self.reference

    @property
    def is_schedule_3(self) -> bool:
        """Complaints, recordable conduct and DSI matters are handled under
        Schedule 3 to the Police Reform Act 2002; internal matters are not."""
        return self.trigger != self.Trigger.INTERNAL_CONDUCT_MATTER


class CaseParty(TimeStampedModel):
    """A complainant or an interested person (CMR r1(2)) kept informed."""

    class Kind(models.TextChoices):
        COMPLAINANT = "complainant", "Complainant"
        INTERESTED_PERSON = "interested_person", "Interested person"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    contact = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


@pghistory.track()
class Subject(TimeStampedModel):
    """A person whose conduct a case is about, with their own path through it.

    ``role`` is the role the person held at the time of the conduct;
    ``appropriate_authority`` is the force that decides for this subject now
    (it moves when the person transfers). Several subjects on one case can end
    differently (reference case C).
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        UNDER_INVESTIGATION = "under_investigation", "Under investigation"
        REPORTED = "reported", "Investigation reported"
        CASE_TO_ANSWER = "case_to_answer", "Case to answer"
        NO_CASE_TO_ANSWER = "no_case_to_answer", "No case to answer"
        REFERRED_TO_PROCEEDINGS = "referred_to_proceedings", "Referred to proceedings"
        OUTCOME_DECIDED = "outcome_decided", "Outcome decided"
        UNDER_APPEAL = "under_appeal", "Under appeal"
        REFLECTIVE_PRACTICE = "reflective_practice", "Reflective practice (RPRP)"
        MANAGEMENT_ACTION = "management_action", "Management action (2012 rules)"
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        CONCLUDED = "concluded", "Concluded"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.RECORDED: frozenset(
            {
                Status.UNDER_INVESTIGATION,
                Status.REFLECTIVE_PRACTICE,
                Status.NO_FURTHER_ACTION,
            }
        ),
        Status.UNDER_INVESTIGATION: frozenset({Status.REPORTED}),
        Status.REPORTED: frozenset({Status.CASE_TO_ANSWER, Status.NO_CASE_TO_ANSWER}),
        Status.CASE_TO_ANSWER: frozenset(
            {
                Status.REFERRED_TO_PROCEEDINGS,
                Status.MANAGEMENT_ACTION,
                Status.REFLECTIVE_PRACTICE,
            }
        ),
        Status.NO_CASE_TO_ANSWER: frozenset(
            {Status.REFLECTIVE_PRACTICE, Status.NO_FURTHER_ACTION}
        ),
        # Proceedings withdrawn and not brought again (e.g. the subject left
        # and only misconduct remains, which a former officer cannot face).
        Status.REFERRED_TO_PROCEEDINGS: frozenset(
            {Status.OUTCOME_DECIDED, Status.NO_FURTHER_ACTION}
        ),
        Status.OUTCOME_DECIDED: frozenset({Status.UNDER_APPEAL, Status.CONCLUDED}),
        Status.UNDER_APPEAL: frozenset({Status.OUTCOME_DECIDED}),
        Status.REFLECTIVE_PRACTICE: frozenset(),
        Status.MANAGEMENT_ACTION: frozenset(),
        Status.NO_FURTHER_ACTION: frozenset(),
        Status.CONCLUDED: frozenset(),
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="subjects"
    )
    role = models.ForeignKey(
        PersonRole, on_delete=models.PROTECT, related_name="subjects"
    )
    appropriate_authority = models.ForeignKey(
        Force, on_delete=models.PROTECT, related_name="subjects"
    )
    status = models.CharField(
        max_length=32, choices=Status.choices, default=Status.RECORDED
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"], name="subject_once_per_case"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "recorded",
                        "under_investigation",
                        "reported",
                        "case_to_answer",
                        "no_case_to_answer",
                        "referred_to_proceedings",
                        "outcome_decided",
                        "under_appeal",
                        "reflective_practice",
                        "management_action",
                        "no_further_action",
                        "concluded",
                    ]
                ),
                name="subject_status_valid",
            ),
        ]
        triggers = case_forces_triggers(
            "subject",
            ids="ARRAY(SELECT case_id FROM changed)",
            moved=pgtrigger.AnyChange("appropriate_authority", "case"),
            moved_ids="ARRAY[OLD.case_id, NEW.case_id]",
        )

    def __str__(self) -> str:
        return f"{self.person} on {self.case}"


class CaseForce(models.Model):
    """A force a case belongs to: the force that recorded it, or the
    appropriate authority of one of its subjects (after a transfer, the new
    force). Visibility and the force filter find a force's cases here with
    one index scan (``referrals.permissions.of_forces``).

    Written only by the triggers on ``Case`` and ``Subject``, in the same
    statement as the change, so it is never behind the cases; never by the
    application. No foreign key constraints: the triggers remove a deleted
    case's rows themselves.
    """

    pk = models.CompositePrimaryKey("force", "case")
    # The primary key's index leads with the force: no index of its own.
    force = models.ForeignKey(
        Force,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.case_id} of {self.force_id}"


class Severity(models.TextChoices):
    """Severity assessment results (PCR r14 / CMR r16)."""

    NO_MISCONDUCT = "no_misconduct", "No misconduct"
    PRACTICE_REQUIRING_IMPROVEMENT = (
        "practice_requiring_improvement",
        "Practice requiring improvement",
    )
    MISCONDUCT = "misconduct", "Misconduct"
    GROSS_MISCONDUCT = "gross_misconduct", "Gross misconduct"


class DeterminationResult(models.TextChoices):
    """Case-to-answer determination for one allegation (PCR r23)."""

    CASE_TO_ANSWER_MISCONDUCT = (
        "case_to_answer_misconduct",
        "Case to answer: misconduct",
    )
    CASE_TO_ANSWER_GROSS_MISCONDUCT = (
        "case_to_answer_gross_misconduct",
        "Case to answer: gross misconduct",
    )
    NO_CASE_TO_ANSWER = "no_case_to_answer", "No case to answer"


@pghistory.track()
class Allegation(TimeStampedModel):
    """One allegation against a subject, engaging one or more Standards.

    ``severity`` is the current severity assessment (history in
    SeverityAssessment); ``determination`` the case-to-answer result once made.
    """

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="allegations"
    )
    summary = models.TextField()
    standards = models.ManyToManyField(Standard, related_name="allegations")
    occurred_on = models.DateField(null=True, blank=True)
    severity = models.CharField(max_length=32, choices=Severity.choices, blank=True)
    determination = models.CharField(
        max_length=40, choices=DeterminationResult.choices, blank=True
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.summary[:60]


class SeverityAssessment(TimeStampedModel):
    """One severity assessment or revision of an allegation (CMR r19)."""

    class Body(models.TextChoices):
        APPROPRIATE_AUTHORITY = "appropriate_authority", "Appropriate authority"
        IOPC = "iopc", "IOPC (Director General)"

    allegation = models.ForeignKey(
        Allegation, on_delete=models.CASCADE, related_name="assessments"
    )
    severity = models.CharField(max_length=32, choices=Severity.choices)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.CharField(max_length=24, choices=Body.choices)
    rationale = models.TextField()

    class Meta:
        ordering = ["assessed_on", "id"]


class ReferralFactor(models.TextChoices):
    """Why a matter goes to the IOPC (CMR 2020 r4, r7, r9; domain.md 3.1)."""

    APSP = "apsp", "Abuse of position for a sexual purpose"
    SERIOUS_CORRUPTION = "serious_corruption", "Serious corruption"
    SERIOUS_SEXUAL_OFFENCE = "serious_sexual_offence", "Serious sexual offence"
    SERIOUS_ASSAULT = "serious_assault", "Serious assault"
    DISCRIMINATION = "discrimination", "Aggravated by discriminatory behaviour"
    DSI = "dsi", "Death or serious injury"
    RELEVANT_OFFENCE = "relevant_offence", "Relevant offence"
    SAME_INCIDENT = "same_incident", "Same incident as a mandatory referral"
    CHIEF_OFFICER = "chief_officer", "Conduct of a chief officer"
    VOLUNTARY = "voluntary", "Voluntary referral"


class InvestigationMode(models.TextChoices):
    """Mode of investigation (PRA Sch 3 para 15(4)); supervised and managed
    existed only before the 2020 rules (reference case C)."""

    LOCAL = "local", "Local"
    DIRECTED = "directed", "Directed"
    INDEPENDENT = "independent", "Independent"
    SUPERVISED = "supervised", "Supervised (2012 rules)"
    MANAGED = "managed", "Managed (2012 rules)"


#: Modes in which the IOPC itself runs the investigation, and so assesses
#: severity, reports and determines case to answer.
IOPC_MODES: frozenset[str] = frozenset(
    {
        InvestigationMode.DIRECTED,
        InvestigationMode.INDEPENDENT,
        InvestigationMode.MANAGED,
    }
)


LEGACY_MODES = frozenset({InvestigationMode.SUPERVISED, InvestigationMode.MANAGED})


@pghistory.track()
class IOPCReferral(TimeStampedModel):
    """The case's referral to the IOPC and the IOPC's decision on it."""

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred, awaiting IOPC decision"
        INVESTIGATING = "investigating", "IOPC decided it must be investigated"
        REFERRED_BACK = "referred_back", "Referred back to the force"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.REFERRED: frozenset({Status.INVESTIGATING, Status.REFERRED_BACK}),
        Status.INVESTIGATING: frozenset(),
        Status.REFERRED_BACK: frozenset(),
    }

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral")
    factors = ArrayField(
        models.CharField(max_length=32, choices=ReferralFactor.choices)
    )
    mandatory = models.BooleanField()
    referred_on = models.DateField()
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.REFERRED
    )
    decided_on = models.DateField(null=True, blank=True)
    mode = models.CharField(
        max_length=16, choices=InvestigationMode.choices, blank=True
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["referred", "investigating", "referred_back"]
                ),
                name="referral_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="investigating") | ~models.Q(mode=""),
                name="referral_investigating_has_mode",
            ),
        ]

    def __str__(self) -> str:
        return f"IOPC referral of {self.case}"


class ModeDecision(TimeStampedModel):
    """The history of the mode of investigation: each decision and why."""

    referral = models.ForeignKey(
        IOPCReferral, on_delete=models.CASCADE, related_name="mode_decisions"
    )
    mode = models.CharField(max_length=16, choices=InvestigationMode.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField()

    class Meta:
        ordering = ["decided_on", "id"]
