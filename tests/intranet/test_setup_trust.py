"""A real trust's site from ``setup_trust``; the demo content never on production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Site

from forms_app.models import SocialMediaRequestFormPage
from home.models import School, TrustSettings, User
from policy.models import ParentGuidanceIndexPage, PolicyIndexPage
from tests.intranet.test_deploy_files import production_env

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a long and private passphrase 7"

CONFIG = """
[trust]
name = "Northbrook Learning Trust"
host = "intranet.northbrook.sch.uk"
contact_email = "office@northbrook.sch.uk"

[[schools]]
name = "Riverside Primary School"
email_domains = ["riverside.sch.uk"]

[[schools]]
name = "Northbrook central team"
central_team = true
email_domains = ["northbrook.sch.uk", "@trust.northbrook.sch.uk"]

[administrator]
username = "a.patel"
email = "a.patel@northbrook.sch.uk"
first_name = "Asha"
last_name = "Patel"
"""


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "setup_trust.toml"
    path.write_text(CONFIG)
    monkeypatch.setenv("SETUP_TRUST_ADMIN_PASSWORD", PASSWORD)
    return path


@pytest.mark.django_db
def test_setup_trust_on_an_empty_database_gives_a_site_the_new_administrator_can_use(config, client):
    assert not User.objects.exists()
    call_command("setup_trust", "--config", str(config), stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("setup_trust", "--config", str(config), stdout=open(os.devnull, "w"))  # noqa: SIM115 - again: no change

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.site_name) == ("intranet.northbrook.sch.uk", "Northbrook Learning Trust")
    assert TrustSettings.load(site).trust_name == "Northbrook Learning Trust"
    assert list(School.objects.values_list("name", "is_central_team", "email_domains")) == [
        ("Riverside Primary School", False, "riverside.sch.uk"),
        ("Northbrook central team", True, "northbrook.sch.uk\ntrust.northbrook.sch.uk"),
    ]
    assert list(User.objects.values_list("username", flat=True)) == ["a.patel"], "no demo account"
    assert PolicyIndexPage.objects.count() == 2
    assert ParentGuidanceIndexPage.objects.live().count() == 1
    form_page = SocialMediaRequestFormPage.objects.live().get()

    host = {"HTTP_HOST": "intranet.northbrook.sch.uk"}
    assert client.get("/", **host).status_code == 200
    assert client.get("/policies/", **host).status_code == 200
    assert client.get("/parent-guidance/", **host).status_code == 200
    assert client.get(form_page.url, **host).status_code == 302, "the staff area needs a sign-in"

    # The first sign-in: the password, then a second factor before the admin.
    signed_in = client.post(reverse("login"), {"username": "a.patel", "password": PASSWORD}, **host)
    assert signed_in.status_code == 302
    admin = client.get(reverse("wagtailadmin_home"), **host)
    assert admin.status_code == 302 and "2fa" in admin["Location"], "no second factor was asked for"
    client._enrol(User.objects.get())
    assert client.get(reverse("wagtailadmin_home"), **host).status_code == 200
    assert client.get(form_page.url, **host).status_code == 200


@pytest.mark.django_db
def test_setup_trust_names_every_missing_value(tmp_path):
    path = tmp_path / "incomplete.toml"
    path.write_text('[trust]\nname = "Northbrook"\n[administrator]\nemail = "not-an-address"\n')
    with pytest.raises(CommandError) as error:
        call_command("setup_trust", "--config", str(path))
    message = str(error.value)
    for missing in ("[trust] host", "[trust] contact_email", "at least one school", "[administrator] username"):
        assert missing in message
    assert "[administrator] email is not an email address" in message


def test_load_demo_content_refuses_on_production_settings(tmp_path):
    env = production_env(tmp_path)
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "load_demo_content"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert re.search(r"not loaded with these settings \(production\)", done.stderr)
    assert "setup_trust" in done.stderr
