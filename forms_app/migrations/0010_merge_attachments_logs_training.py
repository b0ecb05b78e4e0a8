# Joins the request attachments with the school-scoped history and runners' training, made side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0008_request_attachment"),
        ("forms_app", "0009_runner_training"),
    ]

    operations = []
