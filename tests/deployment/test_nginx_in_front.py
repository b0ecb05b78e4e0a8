"""nginx, configured from ``deploy/nginx/intranet.conf``, in front of the two app servers of ``test_two_app_servers``.

The server block is adapted to loopback only where a test must: plain HTTP on a free port
instead of TLS, the two servers as its upstream, the static and media folders of this
checkout, and a header naming the server that answered. Requests through nginx alternate
between the servers; what one server changes, a request answered by the other sees; image
files are sent by nginx after the app has checked the path, and nginx's internal location
cannot be reached from outside. With the files on Azure Blob Storage (Azurite), an image
uploaded through one server is downloaded through the other.

Needs nginx (Debian's, as ``deploy/check.sh``), PostgreSQL, Redis and, for the Azure test,
Azurite; without nginx or Azurite a test is skipped with the reason, except under
``CI=true``, where it fails.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from wagtail.images.tests.utils import get_test_image_file

from home.models import StandardPage
from tests.conftest import service_missing
from tests.deployment.test_azure_storage import azurite  # noqa: F401 - fixture
from tests.deployment.test_two_app_servers import (  # noqa: F401 - fixtures and helpers
    ROOT,
    app_servers,
    free_port,
    requests,
    servers,
    signed_in_admin_browser,
)

pytestmark = [
    pytest.mark.postgres(reason="Two app servers share one PostgreSQL database"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERVER_BLOCK = re.compile(r"server \{\n    # Debian.*?\n\}\n", re.DOTALL)


def loopback_config(*, port: int, upstreams: list[int], work: Path) -> str:
    """``deploy/nginx/intranet.conf``'s HTTPS server block, on plain HTTP at ``port``, as a whole nginx.conf."""
    block = SERVER_BLOCK.search((ROOT / "deploy" / "nginx" / "intranet.conf").read_text()).group(0)
    block = re.sub(r"\n    listen .*", "", block)
    block = re.sub(r"\n    ssl_.*", "", block)
    block = block.replace(
        "server {", f"server {{\n    listen 127.0.0.1:{port};\n    add_header X-Upstream $upstream_addr;", 1
    )
    block = block.replace("/srv/intranet/", f"{ROOT}/")
    upstream = "".join(f"    server 127.0.0.1:{p};\n" for p in upstreams)
    return f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream intranet_app {{
{upstream}    }}
{block}}}
"""


@contextmanager
def running_nginx(pair: dict, work: Path):
    """nginx on a free loopback port in front of the servers of ``pair``; yields its base URL."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        service_missing("nginx is not installed (apt-get install nginx)")
    port = free_port()
    upstreams = [server.port for server in pair.values()]
    config = work / "nginx.conf"
    config.write_text(loopback_config(port=port, upstreams=upstreams, work=work))
    process = subprocess.Popen(  # noqa: S603 - Debian's nginx with the config above
        [binary, "-c", str(config), "-p", str(work)], stderr=subprocess.PIPE, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"{base}/health/live/", timeout=5)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture
def nginx(servers, tmp_path):  # noqa: F811 - fixture
    """nginx in front of servers ``a`` and ``b``, which keep files in this checkout's media folder."""
    with running_nginx(servers, tmp_path) as base:
        yield base


@contextmanager
def running_worker(env: dict[str, str], work: Path):
    """The task worker (``manage.py db_worker``, as ``deploy/systemd`` runs it) with the servers' environment."""
    log = (work / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def nginx_on_azure(redis_url, home_page, azurite, tmp_path):  # noqa: F811 - fixture
    """nginx before two servers and the worker, every file on Azure Blob Storage (Azurite); yields ``(base, pair)``."""
    # Files live in Azure, so the app streams them: nginx's local-file shortcut does not apply.
    with (
        app_servers(
            redis_url, AZURE_STORAGE_CONNECTION_STRING=azurite["connection_string"], MEDIA_ACCEL_REDIRECT_PREFIX=""
        ) as pair,
        running_nginx(pair, tmp_path) as base,
        running_worker({**pair["a"].env, "WAGTAILADMIN_BASE_URL": base}, tmp_path),
    ):
        yield base, pair


def through(base: str, session: requests.Session, path: str) -> requests.Response:
    return session.get(base + path, allow_redirects=False, timeout=30)


def test_through_nginx_requests_alternate_and_each_server_sees_the_others_changes(nginx, servers, home_page):  # noqa: F811
    visitor = requests.Session()
    visitor.headers["Host"] = "127.0.0.1"
    page = StandardPage(title="Open evening", slug="open-evening")
    home_page.add_child(instance=page)
    page.save_revision().publish()

    answered = {through(nginx, visitor, "/open-evening/").headers["X-Upstream"] for _ in range(4)}
    assert answered == {f"127.0.0.1:{server.port}" for server in servers.values()}

    admin = signed_in_admin_browser()
    page_url = f"/admin/pages/{page.pk}/unpublish/"
    form = through(nginx, admin, page_url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    unpublished = admin.post(nginx + page_url, data={"csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30)
    assert unpublished.status_code == 302, unpublished.text[:300]
    assert [through(nginx, visitor, "/open-evening/").status_code for _ in range(2)] == [404, 404]


def test_images_are_sent_by_nginx_after_the_apps_check_and_its_internal_location_is_closed(nginx):
    media = ROOT / "media"
    name = f"original_images/nginx-test-{uuid.uuid4().hex}.png"
    content = get_test_image_file().file.getvalue()
    (media / name).parent.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(content)  # the servers' media folder (production settings: media/)
    visitor = requests.Session()
    visitor.headers["Host"] = "127.0.0.1"
    try:
        for _ in range(2):  # once from each server
            sent = through(nginx, visitor, f"/media/{name}")
            assert sent.status_code == 200 and sent.content == content
            assert "X-Accel-Redirect" not in sent.headers
            assert "ETag" in sent.headers  # nginx's own file answer; the app sends none
        assert through(nginx, visitor, f"/protected-media/{name}").status_code == 404
        assert through(nginx, visitor, "/media/documents/anything.pdf").status_code == 404
    finally:
        (media / name).unlink(missing_ok=True)


def test_an_image_uploaded_through_one_server_is_downloaded_through_the_other_from_azure(nginx_on_azure, tmp_path):
    base, pair = nginx_on_azure
    admin = signed_in_admin_browser()
    form = through(base, admin, "/admin/images/add/")
    assert form.status_code == 200, form.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    collection = re.search(r'<option value="(\d+)"[^>]*>\s*Root', form.text).group(1)
    content = get_test_image_file().file.getvalue()
    uploaded = admin.post(
        base + "/admin/images/add/",
        data={"csrfmiddlewaretoken": token, "title": "Sports day", "collection": collection},
        files={"file": ("sports-day.png", content, "image/png")},
        allow_redirects=False,
        timeout=30,
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    uploader = uploaded.headers["X-Upstream"]

    from wagtail.images import get_image_model

    image = get_image_model().objects.get(title="Sports day")
    visitor = requests.Session()
    visitor.headers["Host"] = "127.0.0.1"
    answers = [through(base, visitor, image.file.url) for _ in range(2)]
    assert {answer.headers["X-Upstream"] for answer in answers} == {
        f"127.0.0.1:{server.port}" for server in pair.values()
    }, "nginx did not alternate between the servers"
    assert any(answer.headers["X-Upstream"] != uploader for answer in answers)
    for answer in answers:
        assert answer.status_code == 200 and answer.content == content
    assert not (ROOT / "media" / image.file.name).exists(), "the file was kept on this server's disk, not in Azure"

    # The background work the servers queued (Wagtail's reference index for the new image) is done by the worker.
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 60
    while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists() or not DBTaskResult.objects.exists():
        tasks = list(DBTaskResult.objects.values_list("task_path", "status"))
        assert time.monotonic() < deadline, f"{tasks}\n{(tmp_path / 'worker.log').read_text()[-2000:]}"
        time.sleep(0.5)
