from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from ogop.catalog.indexing import rebuild
from ogop.catalog.search import search


class Command(BaseCommand):
    help = "The catalog's search index: `rebuild` indexes everything anew; `query WORDS` tries it."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("rebuild", help="index every public product and producer group anew")
        query = commands.add_parser("query", help="show what a search finds")
        query.add_argument("words", nargs="+")
        query.add_argument("--limit", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            count = rebuild(
                progress=lambda chunks: tqdm(
                    chunks, desc="indexing", unit="batch", file=self.stderr
                )
            )
            self.stdout.write(self.style.SUCCESS(f"{count} entries indexed."))
            return
        for hit in search(" ".join(options["words"]), limit=options["limit"]):
            self.stdout.write(f"{hit.score:8.3f}  {hit.kind:15}  {hit.code:20}  {hit.name}")
