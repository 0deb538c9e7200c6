from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ogop.accounts.models import ApiToken, User
from ogop.accounts.tokens import api_token_create


class Command(BaseCommand):
    help = "API tokens: `create USER --name NAME` prints a new key once; `list USER`; `revoke ID`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", default="command line")
        listing = actions.add_parser("list")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "revoke":
            if not ApiToken.objects.filter(pk=options["token_id"]).delete()[0]:
                raise CommandError(f"No token {options['token_id']}.")
            self.stdout.write("Revoked.")
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']}.")
        if options["action"] == "list":
            for token in user.api_tokens.all():
                self.stdout.write(f"{token.pk}\t{token}\t{token.last_used_at or 'never used'}")
            return
        _token, key = api_token_create(user=user, name=options["name"])
        self.stdout.write(key)
