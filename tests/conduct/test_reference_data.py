from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from conduct.models import Force, Standard
from conduct.reference_data import FORCES, load_reference_data

pytestmark = pytest.mark.django_db


def test_the_migration_loads_43_territorial_forces_and_btp() -> None:
    assert Force.objects.filter(kind=Force.Kind.TERRITORIAL).count() == 43
    btp = Force.objects.get(code="btp")
    assert btp.name == "British Transport Police"
    assert btp.kind == Force.Kind.NATIONAL
    assert Force.objects.filter(country=Force.Country.WALES).count() == 4


def test_the_migration_loads_the_ten_standards_in_order() -> None:
    numbers = list(Standard.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 11))
    assert Standard.objects.get(number=1).title == "Honesty and Integrity"
    assert Standard.objects.get(number=8).heading_unverified is True


def test_loading_again_changes_nothing() -> None:
    before = list(Force.objects.order_by("code").values_list("pk", "code", "name"))
    counts = load_reference_data(Force, Standard)
    assert counts == {"created": 0, "updated": 0}
    after = list(Force.objects.order_by("code").values_list("pk", "code", "name"))
    assert after == before
    assert Standard.objects.count() == 10


def test_the_command_is_idempotent_and_reports_counts() -> None:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    call_command("load_reference_data", stdout=out)
    assert "44 forces, 10 standards (0 created, 0 corrected)" in out.getvalue()
    assert Force.objects.count() == len(FORCES) == 44


def test_the_loader_corrects_a_changed_name_and_restores_a_deleted_standard() -> None:
    Force.objects.filter(code="nhants").update(name="Northants (old name)")
    Standard.objects.filter(number=10).delete()
    counts = load_reference_data(Force, Standard)
    assert counts == {"created": 1, "updated": 1}
    assert Force.objects.get(code="nhants").name == "Northamptonshire Police"
    assert Standard.objects.filter(number=10).exists()


def test_force_codes_are_unique_short_and_lowercase() -> None:
    codes = [force.code for force in FORCES]
    assert len(set(codes)) == len(codes)
    assert all(code.isalpha() and code.islower() and len(code) <= 8 for code in codes)
