from django.core.management.base import BaseCommand

from ogop.places.loaders import bhutan_records, load_areas, thailand_records
from ogop.places.models import Area


class Command(BaseCommand):
    help = "Create or update the areas shipped with the platform (Bhutan, Thailand)."

    def handle(self, *args: object, **options: object) -> None:
        count = load_areas(Area, bhutan_records()) + load_areas(Area, thailand_records())
        self.stdout.write(f"{count} areas written.")
