from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import BtreeGistExtension, TrigramExtension
from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from conduct.reference_data import load_reference_data

    load_reference_data(apps.get_model("conduct", "Force"), apps.get_model("conduct", "Standard"))


class Migration(migrations.Migration):
    dependencies = [("conduct", "0001_initial")]

    operations = [
        # Trigram similarity for names and references; GiST exclusion constraints.
        TrigramExtension(),
        BtreeGistExtension(),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
