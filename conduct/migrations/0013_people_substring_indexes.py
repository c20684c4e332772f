from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models.functions import Upper


class Migration(migrations.Migration):
    """Indexes for the case list's subject filter and the search box.

    ``icontains`` compiles to ``UPPER(name::text) LIKE UPPER('%word%')``,
    which the trigram indexes of 0010 (on the bare names) cannot serve: these
    GIN trigram indexes are on the same expression. Collar and staff numbers
    are compared case-blind (``UPPER(identifier) = UPPER(...)``), which the
    (force, identifier) index cannot serve either.

    Database only, like 0010: they serve two queries (referrals.filters'
    subject filter, referrals.selectors.search) and are not part of the
    models' state. The tables are analysed afterwards, so that the planner
    knows the expressions' values at once.
    """

    dependencies = [("conduct", "0012_deadline_rules_primary_text_audit")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(
                    model_name="person",
                    index=GinIndex(
                        OpClass(Upper("given_names"), name="gin_trgm_ops"),
                        name="person_given_names_upper_trgm",
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=GinIndex(
                        OpClass(Upper("family_name"), name="gin_trgm_ops"),
                        name="person_family_name_upper_trgm",
                    ),
                ),
                migrations.AddIndex(
                    model_name="personrole",
                    index=models.Index(
                        Upper("identifier"), name="role_identifier_upper"
                    ),
                ),
            ],
            state_operations=[],
        ),
        # The planner knows an expression's values only from ANALYZE: until
        # autovacuum next analyses the tables it would guess that a name
        # matches 0.5% of people, and choose plans for that.
        migrations.RunSQL(
            "ANALYZE conduct_person, conduct_personrole",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
