"""Give every existing list report its own idempotency key, then make the key
required and unique (a callable default would give all rows the same one)."""

import uuid

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    ListReport = apps.get_model("hearings", "ListReport")
    for report in ListReport.objects.filter(idempotency_key__isnull=True).only("id"):
        ListReport.objects.filter(pk=report.pk).update(idempotency_key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("hearings", "0002_list_report_delivery")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
