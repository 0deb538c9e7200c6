from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ogop.demo.loader import DEMO_PASSWORD, PROGRAMME_ID, load_demo
from ogop.programme.models import Programme


class Command(BaseCommand):
    help = (
        "Load the demo: the TICA–Bhutan OGOP programme (2016–2018), the fair OTOP CITY 2017, "
        "and 35 illustrative products with their producer groups. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the demo is already loaded"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Programme.objects.filter(identifier=PROGRAMME_ID).exists():
            self.stdout.write("The demo is already loaded.")
            return
        result = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {result['programme']}, {result['fair']}, "
                f"{result['groups']} producer groups, {result['products']} products."
            )
        )
        self.stdout.write(
            f"Log in as any of {', '.join(result['users'])} with the password {DEMO_PASSWORD!r}."
        )
