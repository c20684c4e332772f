"""Record whether a met clock was met late: the field, filled for the clocks
already met (after their due date, as it stands after any extension or
pause), then the check that keeps it in step with the dates."""

from django.db import migrations, models


def fill_met_late(apps, schema_editor):
    Deadline = apps.get_model("referrals", "Deadline")
    Deadline.objects.filter(status="met", met_on__gt=models.F("due_on")).update(
        met_late=True
    )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_allegation_summary_search")]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="met_late",
            field=models.BooleanField(
                default=False,
                help_text="Met after its due date (after any extension or pause).",
            ),
        ),
        migrations.RunPython(fill_met_late, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("met_late", True),
                        ("met_on__gt", models.F("due_on")),
                        ("status", "met"),
                    ),
                    models.Q(
                        ("met_late", False),
                        ("met_on__lte", models.F("due_on")),
                        ("status", "met"),
                    ),
                    models.Q(
                        models.Q(("status", "met"), _negated=True),
                        ("met_late", False),
                    ),
                    _connector="OR",
                ),
                name="deadline_met_late_after_due",
            ),
        ),
    ]
