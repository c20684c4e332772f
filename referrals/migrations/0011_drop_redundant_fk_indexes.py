"""Drop the single-column indexes Django made for three foreign keys whose
column already leads another index (deadline_key_unique and
deadline_case_status for Deadline.case, reminder_once for Reminder.deadline,
notification_once_per_user for Notification.user): lookups and cascades use
those, and each index dropped is one write fewer for every row the daily
sweep marks missed or records.

Only the indexes are dropped (SeparateDatabaseAndState): a plain AlterField
would also drop and re-add, and so revalidate, each foreign key.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEXES = [
    ("referrals_deadline_case_id_9791c372", "referrals_deadline", "case_id"),
    ("referrals_reminder_deadline_id_ca3d289a", "referrals_reminder", "deadline_id"),
    ("referrals_notification_user_id_d1dc2b74", "referrals_notification", "user_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("referrals", "0010_extended_clocks_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="deadline",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deadlines",
                        to="referrals.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="deadline",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="referrals.deadline",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
                )
                for name, table, column in INDEXES
            ],
        ),
    ]
