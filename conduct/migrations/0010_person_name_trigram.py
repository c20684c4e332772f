from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations


class Migration(migrations.Migration):
    """GIN trigram indexes on people's names for the search box (the ``%``
    operator of pg_trgm, installed by 0002).

    Database only: the indexes serve one query (referrals.selectors.search)
    and are not part of the Person model's state, so the model module is
    unchanged and makemigrations does not try to drop them.
    """

    dependencies = [("conduct", "0009_api_tokens")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="person",
                    index=GinIndex(
                        fields=["given_names"],
                        opclasses=["gin_trgm_ops"],
                        name="person_given_names_trgm",
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=GinIndex(
                        fields=["family_name"],
                        opclasses=["gin_trgm_ops"],
                        name="person_family_name_trgm",
                    ),
                ),
            ],
            state_operations=[],
        )
    ]
