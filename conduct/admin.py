"""Admin for reference data and users only; lifecycle records are read elsewhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from conduct.models import (
    AuditEvent,
    DeadlineRule,
    Force,
    Heartbeat,
    NonWorkingDay,
    Standard,
    User,
)
from conduct.models.users import FORCE_ROLES, IOPC_ROLES
from conduct.services.users import (
    FORCE_USER_WITHOUT_FORCE,
    IOPC_USER_IN_FORCE,
    user_set_forces,
)


class ForcesFieldMixin(forms.Form):
    working_forces = forms.ModelMultipleChoiceField(
        queryset=Force.objects.filter(is_active=True),
        required=False,
        widget=FilteredSelectMultiple("forces", is_stacked=False),
        help_text="PSD staff and managers: the forces whose cases they work on. "
        "IOPC staff belong to no force.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        role = cleaned.get("role")
        forces = cleaned.get("working_forces") or []
        username = cleaned.get("username") or getattr(
            getattr(self, "instance", None), "username", ""
        )
        if role in IOPC_ROLES and forces:
            raise ValidationError(IOPC_USER_IN_FORCE.format(username=username))
        if role in FORCE_ROLES and not forces:
            raise ValidationError(FORCE_USER_WITHOUT_FORCE.format(username=username))
        return cleaned


class ConductUserCreationForm(ForcesFieldMixin, UserCreationForm[User]):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "role")


class ConductUserChangeForm(ForcesFieldMixin, UserChangeForm[User]):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["working_forces"].initial = list(self.instance.forces.all())


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = ConductUserChangeForm
    add_form = ConductUserCreationForm
    list_display = ("username", "get_full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "forces")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role and forces", {"fields": ("role", "working_forces")}),
        (
            "Access",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "role",
                    "working_forces",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        acting = request.user if isinstance(request.user, User) else None
        user_set_forces(
            actor=acting, user=form.instance, forces=form.cleaned_data["working_forces"]
        )


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin[Force]):
    list_display = ("name", "code", "kind", "country", "is_active")
    list_filter = ("kind", "country", "is_active")
    search_fields = ("name", "code")

    def get_readonly_fields(
        self, request: HttpRequest, obj: Force | None = None
    ) -> tuple[str, ...]:
        # A code, once issued, is an identifier other systems hold on to.
        return ("code",) if obj is not None else ()


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin[Standard]):
    list_display = ("number", "title", "heading_unverified")


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin[Heartbeat]):
    list_display = ("source", "last_seen_at", "hostname")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: Heartbeat | None = None
    ) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """The audit trail, read-only: nothing here may be added, changed or removed."""

    list_display = ("occurred_at", "action", "object_type", "object_id", "actor")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "action")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(admin.ModelAdmin[NonWorkingDay]):
    """Administrators add newly proclaimed bank holidays here."""

    list_display = ("date", "name", "source")
    list_filter = ("source",)
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    """Time limits are data: administrators set local values for the rules
    shipped as unverified ("check local policy")."""

    list_display = (
        "code",
        "regime",
        "title",
        "duration_label",
        "verified",
        "is_active",
    )
    list_filter = ("regime", "verified", "is_active", "pattern")
    search_fields = ("code", "title", "source")
    readonly_fields = ("regime", "code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: DeadlineRule | None = None
    ) -> bool:
        return False
