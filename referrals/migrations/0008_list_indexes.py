"""Indexes for the case list and the search box at national scale: one per
ordering, so that a page reads the first rows of an index the user may see
instead of sorting every case in scope; prefix indexes on both references
for the search box; and the running clocks' due-date index carries the case,
so that the list's overdue flag is read from the index alone."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conduct', '0013_people_substring_indexes'),
        ('referrals', '0007_case_forces'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='deadline',
            name='deadline_running_due',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['created_at', 'id'], name='case_created'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['came_to_attention_on', 'id'], name='case_attention'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['updated_at', 'id'], name='case_updated'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['reference', 'id'], name='case_reference'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('reference'), name='text_pattern_ops'), name='case_reference_prefix'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('iopc_reference'), name='text_pattern_ops'), name='case_iopc_reference_prefix'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('status__in', ['open', 'extended', 'missed'])), fields=['due_on'], include=('case',), name='deadline_running_due'),
        ),
        # The planner knows the prefix expressions' values only from ANALYZE
        # (until then it walks an ordering index through every case).
        migrations.RunSQL("ANALYZE referrals_case", reverse_sql=migrations.RunSQL.noop),
    ]
