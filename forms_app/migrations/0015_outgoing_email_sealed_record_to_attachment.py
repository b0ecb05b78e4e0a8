# Each email's sealed record becomes its attachment (content type forms_app.sealedrecord and
# the record's id), and each email names its template by its full path (forms_app/emails/NAME),
# as core's send_email does. Reversible: a downgrade puts the foreign key back.

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

FOLDER = "forms_app/emails/"


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


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0014_outgoing_email_attachment_fields"),
    ]

    operations = [
        migrations.RunPython(sealed_record_to_attachment, attachment_to_sealed_record),
    ]
