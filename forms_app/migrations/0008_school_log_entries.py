"""Keep the history of requests and register entries in ``SchoolLogEntry``, with each entry's school.

Existing entries move from Wagtail's ``ModelLogEntry`` table, so nothing of the history is
lost and Reports → Site history can show each school only its own. Model and app names
are written out, not imported, so the migration keeps doing what it did.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SCOPED_MODELS = {"socialmediasiterequest": "SocialMediaSiteRequest", "registerentry": "RegisterEntry"}
FIELDS = (
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
    "object_id",
)


def move_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    SchoolLogEntry = apps.get_model("forms_app", "SchoolLogEntry")
    for model_name, class_name in SCOPED_MODELS.items():
        content_type = ContentType.objects.filter(app_label="forms_app", model=model_name).first()
        if content_type is None:
            continue
        schools = dict(apps.get_model("forms_app", class_name).objects.values_list("pk", "school_id"))
        entries = ModelLogEntry.objects.filter(content_type=content_type).order_by("pk")
        SchoolLogEntry.objects.bulk_create(
            SchoolLogEntry(school_id=schools.get(int(entry.object_id)), **{f: getattr(entry, f) for f in FIELDS})
            for entry in entries
            if entry.object_id.isdigit()
        )
        entries.delete()


def move_entries_back(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    SchoolLogEntry = apps.get_model("forms_app", "SchoolLogEntry")
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(**{f: getattr(entry, f) for f in FIELDS}) for entry in SchoolLogEntry.objects.order_by("pk")
    )
    SchoolLogEntry.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forms_app", "0007_approval_workflow"),
        ("home", "0003_pages"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SchoolLogEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.TextField()),
                ("action", models.CharField(blank=True, db_index=True, max_length=255)),
                (
                    "data",
                    models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder),
                ),
                ("timestamp", models.DateTimeField(db_index=True, verbose_name="timestamp (UTC)")),
                (
                    "uuid",
                    models.UUIDField(
                        blank=True,
                        editable=False,
                        help_text="Log entries that happened as part of the same user action are assigned the same UUID",
                        null=True,
                    ),
                ),
                ("content_changed", models.BooleanField(db_index=True, default=False)),
                ("deleted", models.BooleanField(default=False)),
                ("object_id", models.CharField(db_index=True, max_length=255)),
                (
                    "content_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="content type",
                    ),
                ),
                (
                    "revision",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="wagtailcore.revision",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="home.school",
                        verbose_name="school",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "school log entry",
                "verbose_name_plural": "school log entries",
                "ordering": ["-timestamp", "-id"],
                "abstract": False,
                "indexes": [models.Index(fields=["uuid", "action", "-timestamp"], name="forms_app_s_uuid_7e2af6_idx")],
            },
        ),
        migrations.RunPython(move_entries, move_entries_back),
    ]
