"""Create the platforms staff can choose, each with a minimum age of 13 to start with."""

from django.db import migrations

PLATFORMS = [
    # name, minimum age, third party, ask for a name
    ("Facebook", 13, True, False),
    ("X (Twitter)", 13, True, False),
    ("Instagram", 13, True, False),
    ("YouTube", 13, True, False),
    ("Blog hosted by the school", 0, False, False),
    ("Other (please name it)", 13, True, True),
]


def create_platforms(apps, schema_editor):
    Platform = apps.get_model("forms_app", "Platform")
    for order, (name, minimum_age, third_party, needs_name) in enumerate(PLATFORMS):
        Platform.objects.get_or_create(
            name=name,
            defaults={
                "minimum_age": minimum_age,
                "is_third_party": third_party,
                "needs_name": needs_name,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forms_app", "0001_initial")]

    operations = [migrations.RunPython(create_platforms, migrations.RunPython.noop)]
