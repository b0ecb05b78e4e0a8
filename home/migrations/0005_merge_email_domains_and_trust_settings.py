# Joins the schools' email domains and the trust's reminder and cover settings, made side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_approval_reminders_and_cover"),
        ("home", "0004_school_email_domains"),
    ]

    operations = []
