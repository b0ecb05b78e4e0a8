"""Print the current authenticator-app code of a demo account (demo databases only)."""

from django.core.management.base import BaseCommand, CommandError

from home.demo import DEMO_TOTP_SECRET, totp_code
from home.models import User


class Command(BaseCommand):
    help = "Print the current 6-digit code for a demo admin-role account (demo secret only)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo account, e.g. ict.riverside")

    def handle(self, *args, username: str, **options):
        """Print the code; refuse accounts whose authenticator is not the demo's fixed secret."""
        from allauth.mfa.adapter import get_adapter
        from allauth.mfa.models import Authenticator

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account {username!r}.")
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            raise CommandError(f"{username} has no authenticator app; run load_demo_content first.")
        if get_adapter().decrypt(authenticator.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(f"{username}'s authenticator is not the demo one; use the app it was set up with.")
        self.stdout.write(totp_code(DEMO_TOTP_SECRET))
