# Joins the "Staff only" documents collection and the scoped policy approval, made side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0005_staff_only_documents_collection"),
        ("policy", "0006_scoped_policy_approval_workflow"),
    ]

    operations = []
