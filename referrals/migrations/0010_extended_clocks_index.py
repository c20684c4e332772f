"""A partial index of the extension events: the dashboard finds the
extended clocks without reading every clock event."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0009_restricted_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='deadlineevent',
            index=models.Index(condition=models.Q(('kind', 'extended')), fields=['deadline'], name='deadline_event_extended'),
        ),
    ]
