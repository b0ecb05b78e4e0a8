# Joins the sealed approval records with the approvals, attachments and training, made side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0009_sealed_records"),
        ("forms_app", "0011_merge_approvals"),
    ]

    operations = []
