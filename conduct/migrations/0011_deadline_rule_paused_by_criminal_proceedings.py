from __future__ import annotations

from typing import Any

from django.db import migrations, models


def mark_shipped(apps: Any, schema_editor: Any) -> None:
    """The shipped proceedings clocks pause for criminal proceedings, as the
    code constant said before this field existed."""
    from conduct.deadline_rules import PAUSED_BY_CRIMINAL_PROCEEDINGS

    rules = apps.get_model("conduct", "DeadlineRule")
    rules.objects.filter(code__in=PAUSED_BY_CRIMINAL_PROCEEDINGS).update(
        paused_by_criminal_proceedings=True
    )


class Migration(migrations.Migration):
    dependencies = [("conduct", "0010_person_name_trigram")]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="paused_by_criminal_proceedings",
            field=models.BooleanField(
                default=False,
                help_text="The clock stops while the case is sub judice (PCR "
                "r10(3)) and restarts with the paused working days added back.",
            ),
        ),
        migrations.RunPython(mark_shipped, migrations.RunPython.noop),
    ]
