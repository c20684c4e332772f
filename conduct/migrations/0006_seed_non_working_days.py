from __future__ import annotations

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from conduct.calendar_data import seed_non_working_days

    seed_non_working_days(apps.get_model("conduct", "NonWorkingDay"))


class Migration(migrations.Migration):
    dependencies = [("conduct", "0005_non_working_days")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
