"""``manage.py load_demo_content``: fill an empty database with a demo trust; safe to re-run."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    """Loads the demo trust; refuses where ``settings.DEMO_CONTENT_ALLOWED`` is false (production).

    The demo accounts share a published password and authenticator secret: on a real site
    they would be open doors. A real trust runs ``setup_trust`` instead.
    """

    help = "Create the demo trust, schools, accounts and pages. Existing content is kept. Never on production."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "The demo content is not loaded with these settings (production): its accounts share a published "
                "password. Set up a real trust with `manage.py setup_trust` (README, Setting up your trust)."
            )
        # Each app owns its demo content in ``<app>/demo.py`` with a ``load(context)``
        # function; ``home`` takes none and returns the context the others build on.
        from forms_app import demo as forms_demo
        from home import demo as home_demo
        from policy import demo as policy_demo

        context = home_demo.load()
        policy_demo.load(context)
        forms_demo.load(context)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Demo password: {home_demo.DEMO_PASSWORD}"))
