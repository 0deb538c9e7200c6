from django.core.management.base import BaseCommand
from django.db import transaction

from ogop.core.signals import registry_changed
from ogop.places.loaders import bhutan_records, load_areas, thailand_records
from ogop.places.models import Area


class Command(BaseCommand):
    help = "Create or update the areas shipped with the platform (Bhutan, Thailand)."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            written = load_areas(Area, bhutan_records()) + load_areas(Area, thailand_records())
            if written:
                # Written in bulk: the search's entries that name these areas, and the pages
                # and figures that show them, follow.
                registry_changed.send(sender=Area, area_ids=written)
        self.stdout.write(f"Areas written: {len(written)}.")
