# Delivery tasks waiting in the queue name the task by its dotted path; the task now lives in
# core.mail.delivery. Waiting ones are renamed so the worker runs them under the new path
# (forms_app.emails.deliver_email stays importable as the same task for any enqueued by a
# worker still running the previous release). Finished rows keep the path they ran under.

from django.db import migrations

OLD = "forms_app.emails.deliver_email"
NEW = "core.mail.delivery.deliver_email"


def rename(old, new):
    def run(apps, schema_editor):
        DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
        DBTaskResult.objects.using(schema_editor.connection.alias).filter(task_path=old, status="READY").update(
            task_path=new
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_outgoing_email"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("forms_app", "0015_move_outgoing_email_to_core"),
    ]

    operations = [
        migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD)),
    ]
