"""``manage.py deactivate_user USERNAME``: deactivate a leaver after showing what it affects."""

from django.core.management.base import BaseCommand, CommandError

from forms_app.leavers.selectors import leaver_impact
from forms_app.leavers.services import deactivate_user
from home.models import User


class Command(BaseCommand):
    help = (
        "Deactivate a leaver's account: shows the requests only they can decide, the sites they run and their "
        "drafts, asks to confirm (unless --yes), then deactivates it and emails the trust and the ICT Managers."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--yes", action="store_true", help="Do not ask to confirm.")

    def handle(self, *args, username, yes=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account has the username {username!r}.")
        if not user.is_active:
            self.stdout.write(f"{user.display_name()}'s account is already deactivated: nothing to do.")
            return
        impact = leaver_impact(user)
        self.stdout.write(f"Deactivating {user.display_name()} ({username}) affects:")
        for label, items in (
            ("Requests only they can decide (the trust will be emailed)", impact.waiting_only_on_them),
            ("Requests others at the school can decide", impact.waiting_on_others_too),
            ("Sites they run (the ICT Managers will be asked to transfer them)", impact.register_entries),
            ("Their own unsubmitted requests", impact.drafts),
        ):
            self.stdout.write(f"- {label}: {', '.join(str(item) for item in items) or 'none'}")
        if not yes and input("Type 'yes' to deactivate: ").strip().lower() != "yes":
            raise CommandError("Nothing was changed.")
        deactivate_user(user=user, by=None)
        self.stdout.write(self.style.SUCCESS(f"{user.display_name()}'s account is deactivated."))
