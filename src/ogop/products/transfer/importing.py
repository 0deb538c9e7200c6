"""The registry in: a file of one kind, imported whole or not at all (the kind's import)."""

from ogop.accounts.models import User
from ogop.core.imports import ImportSummary, Progress
from ogop.products.transfer.kinds import KINDS


def import_file(
    *, kind: str, data: bytes, user: User | None, progress: Progress | None = None
) -> ImportSummary:
    return KINDS[kind].run_import(data=data, user=user, progress=progress)
