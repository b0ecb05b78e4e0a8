# The outbox is moving to core, which must not know forms_app: the foreign key to the sealed
# record becomes a reference to any object that offers email_attachment(), and each email
# names its template by its full path (forms_app/emails/NAME), as core's send_email does.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

FOLDER = "forms_app/emails/"


def _fire_deferred_checks(schema_editor):
    # PostgreSQL refuses to alter a table whose rows were updated in the same transaction
    # while their deferred foreign-key checks are pending; run those checks now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def sealed_record_to_attachment(apps, schema_editor):
    db = schema_editor.connection.alias
    OutgoingEmail = apps.get_model("forms_app", "OutgoingEmail")
    ContentType = apps.get_model("contenttypes", "ContentType")
    with_record = OutgoingEmail.objects.using(db).filter(sealed_record__isnull=False)
    if with_record.exists():
        record_type, _ = ContentType.objects.using(db).get_or_create(app_label="forms_app", model="sealedrecord")
        with_record.update(attachment_type=record_type, attachment_id=F("sealed_record_id"))
    OutgoingEmail.objects.using(db).exclude(template="").exclude(template__contains="/").update(
        template=Concat(Value(FOLDER), "template")
    )
    _fire_deferred_checks(schema_editor)


def attachment_to_sealed_record(apps, schema_editor):
    db = schema_editor.connection.alias
    OutgoingEmail = apps.get_model("forms_app", "OutgoingEmail")
    SealedRecord = apps.get_model("forms_app", "SealedRecord")
    OutgoingEmail.objects.using(db).filter(
        attachment_type__app_label="forms_app",
        attachment_type__model="sealedrecord",
        attachment_id__in=SealedRecord.objects.using(db).values("pk"),
    ).update(sealed_record_id=F("attachment_id"))
    OutgoingEmail.objects.using(db).filter(template__startswith=FOLDER).update(
        template=Substr("template", len(FOLDER) + 1)
    )
    _fire_deferred_checks(schema_editor)


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
        migrations.RunPython(sealed_record_to_attachment, attachment_to_sealed_record),
        migrations.RemoveField(model_name="outgoingemail", name="sealed_record"),
        migrations.RenameIndex(
            model_name="outgoingemail", new_name="core_outbox_status_idx", old_name="forms_outbox_status_idx"
        ),
    ]
