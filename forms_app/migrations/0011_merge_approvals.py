# Joins the approval reminders, cover and outbox with the attachments, history and training, made side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0010_approval_reminders"),
        ("forms_app", "0010_merge_attachments_logs_training"),
    ]

    operations = []
