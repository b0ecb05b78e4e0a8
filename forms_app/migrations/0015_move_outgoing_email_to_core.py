# The outbox model moves to core (core.OutgoingEmail), rows and primary keys untouched: the
# table is renamed to the name Django gives core's model (core_outgoingemail), and only the
# migration state moves. run_before makes core's first migration, which takes the model
# into its state, follow this one; core itself never names forms_app.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0014_outgoing_email_generic_attachment"),
    ]
    run_before = [
        ("core", "0001_outgoing_email"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="outgoingemail", table="core_outgoingemail")],
            state_operations=[migrations.DeleteModel(name="OutgoingEmail")],
        ),
    ]
