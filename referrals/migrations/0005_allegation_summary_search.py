from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


class Migration(migrations.Migration):
    """A GIN index on the full-text vector of allegation summaries, for the
    search box. The expression is the one referrals.selectors.search queries
    with (``allegation_search_vector``); a different one would not use it.

    Database only, like conduct 0010: the model's state is unchanged.
    """

    dependencies = [("referrals", "0004_progress_reports")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="allegation",
                    index=GinIndex(
                        SearchVector("summary", config="english"),
                        name="allegation_summary_search",
                    ),
                ),
            ],
            state_operations=[],
        )
    ]
