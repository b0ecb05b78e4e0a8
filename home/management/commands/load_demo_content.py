"""``manage.py load_demo_content``: fill an empty database with a demo trust; safe to re-run."""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand

# Each app owns its demo content in ``<app>/demo.py`` with a ``load(context)`` function
# (``home`` takes none and returns the context the others build on).
DEMO_APPS = ["policy", "forms_app"]


class Command(BaseCommand):
    help = "Create the demo trust, schools, accounts and pages. Existing content is kept."

    def handle(self, *args, **options):
        from home import demo as home_demo

        context = home_demo.load()
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is not None:
                import_module(f"{app}.demo").load(context)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Demo password: {home_demo.DEMO_PASSWORD}"))
