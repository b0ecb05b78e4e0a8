# The sealed record foreign key is no longer needed (0015 carried it over), and the index
# takes the name it will keep in core.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0015_outgoing_email_sealed_record_to_attachment"),
    ]

    operations = [
        migrations.RemoveField(model_name="outgoingemail", name="sealed_record"),
        migrations.RenameIndex(
            model_name="outgoingemail", new_name="core_outbox_status_idx", old_name="forms_outbox_status_idx"
        ),
    ]
