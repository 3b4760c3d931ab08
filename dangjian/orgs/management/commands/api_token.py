"""manage.py api_token USERNAME [--name NAME]: a new API token, alone on the last line."""

from django.core.management.base import BaseCommand, CommandError

from dangjian.orgs import account_services
from dangjian.orgs.models import User


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (alone on the last line)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active account named {username!r}.")
        # The account makes its own token: the audit entry names it as the actor.
        row, token = account_services.api_token_create(actor=user, name=name)
        self.stderr.write(f"Token {row.prefix}… for {username}; it is not shown again.")
        self.stdout.write(token)
