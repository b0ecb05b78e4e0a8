"""Encrypt the authenticator-app secrets and recovery-code seeds stored in clear before encryption.

Idempotent: values already encrypted (``enc1:`` prefix) are left as they are, so running it
again, or on a database where some secrets were already written encrypted, changes nothing.
Not reversible: the clear secrets are not written back.
"""

from django.db import migrations


def encrypt_existing_secrets(apps, schema_editor):
    from home.accounts.mfa_adapter import encrypt_secret, is_encrypted

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]).iterator():
        data = dict(authenticator.data or {})
        changed = False
        for field in ("secret", "seed"):
            value = data.get(field)
            if isinstance(value, str) and not is_encrypted(value):
                data[field] = encrypt_secret(value)
                changed = True
        migrated = data.get("migrated_codes")
        if isinstance(migrated, list) and any(not is_encrypted(code) for code in migrated):
            data["migrated_codes"] = [encrypt_secret(code) for code in migrated]
            changed = True
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_used_totp_codes"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing_secrets, migrations.RunPython.noop, elidable=False)]
