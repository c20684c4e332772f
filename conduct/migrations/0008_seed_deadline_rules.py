from __future__ import annotations

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from conduct.deadline_rules import load_deadline_rules

    load_deadline_rules(apps.get_model("conduct", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("conduct", "0007_deadline_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
