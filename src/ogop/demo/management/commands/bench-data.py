from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from ogop.demo.synthetic import SCALES, generate


class Command(BaseCommand):
    help = "Generate a synthetic registry (deterministic) for the benchmarks in bench/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = generate(
            scale=options["scale"],
            seed=options["seed"],
            progress=lambda items: tqdm(items, unit="batch", file=self.stderr),
        )
        self.stdout.write(", ".join(f"{value} {key}" for key, value in counts.items()))
