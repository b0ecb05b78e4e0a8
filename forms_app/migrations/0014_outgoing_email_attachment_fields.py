# The outbox is moving to core, which must not know forms_app: beside the foreign key to
# the sealed record, each email gets a reference to any object that offers
# email_attachment(). The rows are carried over in 0015 and the foreign key dropped in
# 0016: on PostgreSQL a table cannot be altered in the transaction that updated its rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forms_app", "0013_outgoing_email_sealed_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="attachment_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="attachment type",
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="attachment_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="attachment id"),
        ),
    ]
