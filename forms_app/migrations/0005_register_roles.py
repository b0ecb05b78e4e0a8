"""Give the register's roles their permissions, and create the trust-wide "Trust administrators" role.

ICT Managers and Headteachers may view and act on the register (their own school's
entries only: the admin filters by school). Trust administrators see every school's
entries; they also get into the Wagtail admin. Names are written out, not imported,
so this migration keeps doing what it did when it was written.
"""

from django.db import migrations

TRUST_ADMINISTRATORS = "Trust administrators"
REGISTER_ROLES = ["ICT Managers", "Headteachers", TRUST_ADMINISTRATORS]
CODENAMES = {"view_registerentry": "Can view register entry", "change_registerentry": "Can change register entry"}


def grant_register_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    entry_type, _ = ContentType.objects.get_or_create(app_label="forms_app", model="registerentry")
    permissions = [
        Permission.objects.get_or_create(content_type=entry_type, codename=codename, defaults={"name": name})[0]
        for codename, name in CODENAMES.items()
    ]
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    trust_admins, _ = Group.objects.get_or_create(name=TRUST_ADMINISTRATORS)
    trust_admins.permissions.add(access_admin)
    for name in REGISTER_ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke_register_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="forms_app", codename__in=list(CODENAMES))
    for group in Group.objects.filter(name__in=REGISTER_ROLES):
        group.permissions.remove(*permissions)
    Group.objects.filter(name=TRUST_ADMINISTRATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0004_register"),
        ("home", "0002_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant_register_permissions, revoke_register_permissions)]
