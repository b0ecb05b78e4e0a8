# The outbox (core.OutgoingEmail). An upgraded database already has its table: forms_app's
# migration 0015 (which runs before this one) renamed forms_app_outgoingemail to
# core_outgoingemail with every row, so only the state is created here. A database without
# that table (core installed on its own) gets it created.

import django.db.models.deletion
from django.db import migrations, models


def create_table_unless_moved_in(apps, schema_editor):
    model = apps.get_model("core", "OutgoingEmail")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("template", models.CharField(max_length=100, verbose_name="message")),
                        ("subject", models.CharField(max_length=255, verbose_name="subject")),
                        (
                            "to",
                            models.JSONField(default=list, help_text="The recipients' addresses.", verbose_name="to"),
                        ),
                        ("body_text", models.TextField(verbose_name="plain text")),
                        ("body_html", models.TextField(blank=True, verbose_name="HTML")),
                        (
                            "status",
                            models.CharField(
                                choices=[("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
                                default="queued",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="queued at")),
                        ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="next attempt")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        (
                            "attachment_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="contenttypes.contenttype",
                                verbose_name="attachment type",
                            ),
                        ),
                        (
                            "attachment_id",
                            models.PositiveBigIntegerField(blank=True, null=True, verbose_name="attachment id"),
                        ),
                    ],
                    options={
                        "verbose_name": "outgoing email",
                        "verbose_name_plural": "outgoing emails",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["status", "created_at"], name="core_outbox_status_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Unapplying keeps the table: on an upgraded database forms_app 0015 takes it back.
        migrations.RunPython(create_table_unless_moved_in, migrations.RunPython.noop),
    ]
