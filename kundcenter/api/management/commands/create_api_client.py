from django.core.management.base import BaseCommand, CommandError

from kundcenter.api.models import ALL_SCOPES
from kundcenter.api.tokens import create_client
from kundcenter.lib.errors import ActionError


class Command(BaseCommand):
    """Create an API client and print its token, the only time it is shown."""

    help = (
        "Create an API client (e.g. the billing system) and print its bearer token once. "
        "Only a hash of the token is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The client's name, shown in customers' audit trails.")
        parser.add_argument(
            "--scope",
            action="append",
            choices=ALL_SCOPES,
            dest="scopes",
            help="What the token may be used for (repeat it); all scopes when left out.",
        )

    def handle(self, *args, name, scopes=None, **options):
        try:
            client, token = create_client(name, scopes)
        except ActionError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"API client {client.name!r} created (token prefix {client.prefix}).")
        self.stdout.write(f"Scopes: {', '.join(client.scopes)}")
        self.stdout.write("Its token, shown only this once; store it in the client's secrets:")
        self.stdout.write(token)
        self.stdout.write("Send it as the header:  Authorization: Bearer <token>")
