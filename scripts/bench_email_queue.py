"""Benchmark: time to queue 1,000 emails and for the task worker to send them to an SMTP server on loopback.

Not a test: prints figures. Uses its own throw-away SQLite database (or ``DATABASE_URL``
if set, which it migrates; give it a scratch database) and an ``aiosmtpd`` sink on a free
loopback port, so nothing leaves the machine. Run from the project folder::

    .venv/bin/python scripts/bench_email_queue.py [--count 1000]
"""

import argparse
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class Sink:
    """An SMTP handler that accepts every message and counts the recipients."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.received += len(envelope.rcpt_tos)
        return "250 2.0.0 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="emails to queue and send (default 1000)")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="bench-email-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "intranet.settings.dev"

    import django

    django.setup()

    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from core.mail.models import OutgoingEmail
    from forms_app.emails import send_email

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
        },
    }
    try:
        print(f"Migrating {settings.DATABASES['default']['NAME']} ...", flush=True)  # noqa: T201
        call_command("migrate", verbosity=0)
        context = {
            "reference": "SM-2026-0001",
            "school": "Riverside Primary School",
            "author_name": "Alex Author",
            "resubmitted": False,
            "url": "http://127.0.0.1:8000/admin/",
            "summary": [("Platform", "Facebook"), ("Account name", "Riverside Year 6")],
        }
        started = time.perf_counter()
        with transaction.atomic():
            for number in range(args.count):
                send_email("submitted", to=[f"approver{number}@example.org"], context=context)
        queued = time.perf_counter() - started

        started = time.perf_counter()
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*", verbosity=0)
        sent = time.perf_counter() - started
    finally:
        controller.stop()

    delivered = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count()
    print(f"emails:   {args.count}")  # noqa: T201
    print(f"queue:    {queued:.2f} s ({queued / args.count * 1000:.2f} ms per email, rendering included)")  # noqa: T201
    print(f"send:     {sent:.2f} s ({args.count / sent:.0f} emails/s through the worker to SMTP on loopback)")  # noqa: T201
    print(f"received: {sink.received} by the SMTP server; {delivered} marked sent")  # noqa: T201


if __name__ == "__main__":
    main()
