"""The deployment files agree with the code: the .env template lists every variable the settings read."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "intranet" / "settings"
TEMPLATE = ROOT / "deploy" / "intranet.env.example"


def variables_read_by_settings() -> set[str]:
    """Every environment variable the settings modules read, literal or built from an SSO provider's prefix."""
    names = set()
    for module in SETTINGS.glob("*.py"):
        text = module.read_text()
        names.update(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z][A-Z0-9_]+)"', text))
        names.update(re.findall(r'os\.environ(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]+)"', text))
        prefixes = re.findall(r'_client\(\s*"([A-Z]+)"\s*\)', text)
        for pattern in re.findall(r'env_(?:str|bool|int|list)\(\s*f"([A-Z0-9_]*\{prefix\}[A-Z0-9_]*)"', text):
            names.update(pattern.replace("{prefix}", prefix) for prefix in prefixes)
    return names


def variables_in_template() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", TEMPLATE.read_text(), flags=re.MULTILINE))


def test_the_env_template_lists_every_variable_the_settings_read_and_no_other():
    read = variables_read_by_settings()
    assert {"DJANGO_SECRET_KEY", "SSO_MICROSOFT_CLIENT_SECRET", "REDIS_URL"} <= read, "the parser missed some"
    listed = variables_in_template() - {"DJANGO_SETTINGS_MODULE"}
    assert not read - listed, f"add to deploy/intranet.env.example: {sorted(read - listed)}"
    assert not listed - read, f"no setting reads these: {sorted(listed - read)}"


def test_every_required_production_variable_has_a_value_in_the_template():
    required = re.findall(r'env_(?:str|list)\(\s*"([A-Z_]+)"\s*\)', (SETTINGS / "production.py").read_text())
    assert required, "the parser found no required variable"
    active = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", TEMPLATE.read_text(), flags=re.MULTILINE))
    assert set(required) <= active, f"uncomment in the template: {sorted(set(required) - active)}"


def production_env(tmp_path, **extra) -> dict[str, str]:
    """The environment of a production server: its required variables, a SQLite file in ``tmp_path``, no Redis.

    ``extra`` variables are laid over them; Sentry is off unless ``SENTRY_DSN`` is among them.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "MFA_SECRET_KEY": "m" * 50,
        "DJANGO_ALLOWED_HOSTS": "intranet.example.org",
        "WAGTAILADMIN_BASE_URL": "https://intranet.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_HOST": "smtp.example.org",
        "DEFAULT_FROM_EMAIL": "intranet@example.org",
        **extra,
    }
    env.pop("REDIS_URL", None)
    if "SENTRY_DSN" not in extra:
        env.pop("SENTRY_DSN", None)
    return env


SHOW_SENTRY = (
    "import sentry_sdk; client = sentry_sdk.get_client(); print(client.dsn, client.options['send_default_pii'])"
)


def test_errors_go_to_sentry_only_when_a_dsn_is_set_and_without_personal_data(tmp_path):
    def sentry_client(**extra) -> str:
        done = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "shell", "-c", SHOW_SENTRY],
            cwd=ROOT,
            env=production_env(tmp_path, **extra),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert sentry_client().startswith("None")
    dsn = "https://public@errors.example.org/7"
    assert sentry_client(SENTRY_DSN=dsn) == f"{dsn} False"
