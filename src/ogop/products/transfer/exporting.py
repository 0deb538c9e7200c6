"""The registry out: every record of a kind the user may see, as CSV or XLSX."""

from ogop.accounts.models import User
from ogop.core.tabular import write_csv, write_xlsx
from ogop.products.transfer.kinds import KINDS


def export_file(*, kind: str, file_format: str, user: User) -> bytes:
    spec = KINDS[kind]
    if file_format == "xlsx":
        return write_xlsx(spec.columns, spec.rows(user), title=spec.name)
    return write_csv(spec.columns, spec.rows(user))
