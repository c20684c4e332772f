from __future__ import annotations

from typing import ClassVar

import pghistory
from django.conf import settings
from django.db import models

from conduct.models import EmploymentEvent, TimeStampedModel
from referrals.models import ProceedingsForm, Subject


class FormerOfficerCondition(models.TextChoices):
    """Why the Conduct Regulations reach a former officer (PCR r4(2)-(5))."""

    A = "a", "Condition A: left after the allegation came to attention"
    B = "b", "Condition B: allegation came to attention within 12 months of leaving"
    C = "c", "Condition C: Director General's special determination"


@pghistory.track()
class Proceeding(TimeStampedModel):
    """Misconduct proceedings for one subject: a meeting, a hearing or an
    accelerated hearing (PCR Parts 4 and 5).

    ``final_written_warning_in_force`` and ``separate_incidents`` are the two
    facts that open a hearing, and reduction in rank or dismissal, to a
    misconduct-only case (PCR r42(5)-(6)); with ``previously_reduced_in_rank``
    they also bar outcomes at an accelerated hearing (r62(3), r62(7)).
    ``former_officer_condition`` says
    which of Conditions A-C brings a former officer within the regulations.
    ``scheduled_for`` is the date currently set; past dates and adjournments
    are in the history and in Adjournment.
    """

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        SCHEDULED = "scheduled", "Scheduled"
        ADJOURNED = "adjourned", "Adjourned"
        HELD = "held", "Held"
        WITHDRAWN = "withdrawn", "Withdrawn"
        RETURNED = "returned", "Returned to the appropriate authority"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.REFERRED: frozenset({Status.SCHEDULED, Status.WITHDRAWN}),
        Status.SCHEDULED: frozenset({Status.HELD, Status.ADJOURNED, Status.WITHDRAWN}),
        Status.ADJOURNED: frozenset({Status.SCHEDULED, Status.WITHDRAWN}),
        Status.HELD: frozenset({Status.RETURNED}),
        Status.WITHDRAWN: frozenset(),
        Status.RETURNED: frozenset(),
    }
    #: Held, withdrawn or returned: the notice, the response, the papers and
    #: the panel can no longer change.
    CLOSED_STATUSES: ClassVar[frozenset[str]] = frozenset(
        {Status.HELD, Status.WITHDRAWN, Status.RETURNED}
    )
    #: Proceedings that no longer decide the subject's outcome: withdrawn, or
    #: an accelerated hearing that returned the case to the appropriate
    #: authority (PCR r62(8)(b), 2012 r55(6)(b)). The subject may be referred
    #: again; at most one proceeding of a subject is in no such status.
    SUPERSEDED_STATUSES: ClassVar[frozenset[str]] = frozenset(
        {Status.WITHDRAWN, Status.RETURNED}
    )
    #: Still to be held: everything else.
    OPEN_STATUSES: ClassVar[frozenset[str]] = frozenset(Status.values) - CLOSED_STATUSES

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="proceedings"
    )
    form = models.CharField(max_length=24, choices=ProceedingsForm.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.REFERRED
    )
    referred_on = models.DateField()
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    final_written_warning_in_force = models.BooleanField(default=False)
    previously_reduced_in_rank = models.BooleanField(
        default=False,
        help_text="The officer has been reduced in rank before: an accelerated "
        "hearing may not reduce them again (PCR r62(7)).",
    )
    separate_incidents = models.BooleanField(
        default=False,
        help_text="The allegations concern more than one not closely connected "
        "incident (PCR r42(6)).",
    )
    special_conditions_certified_on = models.DateField(null=True, blank=True)
    special_conditions_certified_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who certified the special conditions for the appropriate "
        "authority (PCR r49).",
    )
    former_officer = models.BooleanField(default=False)
    former_officer_condition = models.CharField(
        max_length=1, choices=FormerOfficerCondition.choices, blank=True
    )
    condition_c_determined_on = models.DateField(
        null=True,
        blank=True,
        help_text="Date of the Director General's Condition C special determination.",
    )
    is_public = models.BooleanField(default=False)
    scheduled_for = models.DateField(null=True, blank=True)
    #: PCR r32(6): the documents supplied to the chair (hearings only); the
    #: chair then fixes a pre-hearing within 15 working days (r33(1)).
    papers_to_chair_on = models.DateField(null=True, blank=True)
    pre_hearing_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    returned_on = models.DateField(
        null=True,
        blank=True,
        help_text="The accelerated hearing found conduct short of gross "
        "misconduct and returned the case to the appropriate authority (PCR "
        "r62(8)(b), 2012 r55(6)(b)).",
    )
    response_received_on = models.DateField(null=True, blank=True)
    accepts_conduct = models.BooleanField(null=True)
    subject_account = models.TextField(blank=True)

    class Meta:
        ordering = ["referred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "referred",
                        "scheduled",
                        "adjourned",
                        "held",
                        "withdrawn",
                        "returned",
                    ]
                ),
                name="proceeding_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    form__in=[
                        "misconduct_meeting",
                        "misconduct_hearing",
                        "accelerated_hearing",
                    ]
                ),
                name="proceeding_form_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(form="accelerated_hearing")
                | (
                    models.Q(special_conditions_certified_on__isnull=False)
                    & ~models.Q(special_conditions_certified_by="")
                ),
                name="proceeding_accelerated_is_certified",
            ),
            models.CheckConstraint(
                condition=models.Q(former_officer=False, former_officer_condition="")
                | models.Q(
                    former_officer=True, former_officer_condition__in=["a", "b", "c"]
                ),
                name="proceeding_former_officer_has_condition",
            ),
            models.CheckConstraint(
                condition=~models.Q(former_officer_condition="c")
                | models.Q(condition_c_determined_on__isnull=False),
                name="proceeding_condition_c_determined",
            ),
            models.CheckConstraint(
                condition=~models.Q(former_officer=True, form="misconduct_meeting"),
                name="proceeding_former_officer_not_meeting",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="held") | models.Q(held_on__isnull=False),
                name="proceeding_held_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="scheduled")
                | models.Q(scheduled_for__isnull=False),
                name="proceeding_scheduled_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned")
                | models.Q(returned_on__isnull=False, form="accelerated_hearing"),
                name="proceeding_returned_is_accelerated_with_date",
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=~models.Q(status__in=["withdrawn", "returned"]),
                name="proceeding_one_active_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} for {self.subject.person}"

    @property
    def is_meeting(self) -> bool:
        return self.form == ProceedingsForm.MISCONDUCT_MEETING

    @property
    def is_accelerated(self) -> bool:
        return self.form == ProceedingsForm.ACCELERATED_HEARING


@pghistory.track()
class Part3ADetermination(TimeStampedModel):
    """The appropriate authority's determination under PCR Part 3A (inserted
    by SI 2025/558, from 28 May 2025) for an officer who, "having been
    referred to a misconduct hearing on the basis that the officer has a case
    to answer in respect of gross misconduct, resigns or retires before the
    date of that hearing" (r21A(1)(d)); here a misconduct hearing or an
    accelerated hearing.

    ``proceeding`` is the hearing the officer was referred to; ``left_by``
    the resignation or retirement that made the determination needed. While
    it is PENDING the hearing is neither scheduled nor held. CONTINUED: the
    proceedings go on against the former officer (PCR r4, Condition A);
    DISCONTINUED: they are withdrawn and the subject's path closes without
    proceedings. ``decided_by`` (a PSD supervisor for the appropriate
    authority) decided on ``decided_on`` for the reasons in ``rationale``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Part 3A determination needed"
        CONTINUED = "continued", "Proceedings continue against the former officer"
        DISCONTINUED = "discontinued", "Proceedings do not continue"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PENDING: frozenset({Status.CONTINUED, Status.DISCONTINUED}),
        Status.CONTINUED: frozenset(),
        Status.DISCONTINUED: frozenset(),
    }

    proceeding = models.OneToOneField(
        Proceeding, on_delete=models.PROTECT, related_name="part_3a"
    )
    left_by = models.ForeignKey(
        EmploymentEvent, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "continued", "discontinued"]),
                name="part_3a_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", decided_on__isnull=True)
                | models.Q(
                    status__in=["continued", "discontinued"],
                    decided_on__isnull=False,
                ),
                name="part_3a_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Part 3A: {self.get_status_display()}"


class Adjournment(TimeStampedModel):
    """A scheduled proceeding put off on ``adjourned_on``, and why."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="adjournments"
    )
    adjourned_on = models.DateField()
    was_scheduled_for = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["adjourned_on", "id"]

    def __str__(self) -> str:
        return f"Adjourned on {self.adjourned_on}"


class UpheldObjection(TimeStampedModel):
    """An objection by the officer to the person conducting or chairing an
    accelerated hearing (or another person named for it, PCR r51(2C), (2K))
    that the appropriate authority upheld on ``upheld_on``. ``objected_to``
    names that person and ``replaced_on`` is the day they were replaced: the
    hearing's window runs again from then (r52(1A))."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="objections"
    )
    objected_to = models.CharField(max_length=200)
    upheld_on = models.DateField()
    replaced_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["upheld_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(replaced_on__gte=models.F("upheld_on")),
                name="objection_replaced_once_upheld",
            ),
            models.CheckConstraint(
                condition=~models.Q(objected_to=""),
                name="objection_names_the_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Objection to {self.objected_to} upheld on {self.upheld_on}"


class ReferralNotice(TimeStampedModel):
    """The written notice of referral to proceedings (PCR r30; r51 for an
    accelerated hearing). ``title`` names the regulation, fixed at service."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(max_length=60)
    served_on = models.DateField()
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField()

    class Meta:
        ordering = ["served_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} served {self.served_on}"


class PanelRole(models.TextChoices):
    """Who conducts proceedings; which roles apply depends on the forum and the
    date (a senior officer chairing before legally qualified chairs, a legally
    qualified chair until 7 May 2024, the chief officer after)."""

    SENIOR_OFFICER_CHAIR = "senior_officer_chair", "Senior officer chairing"
    LEGALLY_QUALIFIED_CHAIR = "legally_qualified_chair", "Legally qualified chair"
    SENIOR_OFFICER = "senior_officer", "Senior officer"
    INDEPENDENT_MEMBER = "independent_member", "Independent member"
    CHIEF_OFFICER_CHAIR = (
        "chief_officer_chair",
        "Chief officer (or delegate) chairing",
    )
    LEGALLY_QUALIFIED_PERSON = (
        "legally_qualified_person",
        "Legally qualified person (adviser)",
    )
    CHIEF_OFFICER = "chief_officer", "Chief officer (or delegate) conducting"
    PERSON_CONDUCTING = "person_conducting", "Person conducting the meeting"


class PanelMember(TimeStampedModel):
    """A named person sitting in ``role`` on the proceeding (not a user)."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="panel"
    )
    role = models.CharField(max_length=32, choices=PanelRole.choices)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=PanelRole.values),
                name="panel_member_role_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
