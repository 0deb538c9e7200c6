from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ogop.demo.synthetic import SCALES, SyntheticDataExists, generate

T = TypeVar("T")


class Command(BaseCommand):
    help = (
        "Generate synthetic data (deterministic) for the benchmarks in bench/: producer groups, "
        "products, assessment rounds, a programme with participants, fairs with sales. Run it "
        "on a fresh database of its own; --replace removes earlier synthetic data first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="remove the synthetic data already in the database, then generate it anew",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(items: Iterable[T], desc: str | None = None) -> Iterable[T]:
            return tqdm(items, desc=desc, unit="batch", file=self.stderr)

        try:
            counts = generate(
                scale=options["scale"],
                seed=options["seed"],
                replace=options["replace"],
                progress=progress,
            )
        except SyntheticDataExists as exc:
            raise CommandError(
                f"{exc} Use --replace, or point OGOP_DATA_DIR (or DATABASE_URL) at an empty "
                "database and migrate it."
            ) from exc
        self.stdout.write(", ".join(f"{value:,} {key}" for key, value in counts.items()))
