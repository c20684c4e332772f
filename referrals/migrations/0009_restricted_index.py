"""A partial index of the restricted cases: the dashboard's scope subtracts
those the user is not named on without reading the case table."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conduct', '0013_people_substring_indexes'),
        ('referrals', '0008_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('restricted', True)), fields=['id'], name='case_restricted'),
        ),
    ]
