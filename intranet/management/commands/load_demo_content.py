"""``manage.py load_demo_content``: fill an empty database with a demo trust; safe to re-run."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the demo trust, schools, accounts and pages. Existing content is kept."

    def handle(self, *args, **options):
        # Each app owns its demo content in ``<app>/demo.py`` with a ``load(context)``
        # function; ``home`` takes none and returns the context the others build on.
        from forms_app import demo as forms_demo
        from home import demo as home_demo
        from policy import demo as policy_demo

        context = home_demo.load()
        policy_demo.load(context)
        forms_demo.load(context)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Demo password: {home_demo.DEMO_PASSWORD}"))
