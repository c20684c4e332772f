import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hearings", "0003_list_report_idempotency_keys")]

    operations = [
        migrations.AlterField(
            model_name="listreport",
            name="idempotency_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
