"""Habits of the code that a reviewer would otherwise have to check by eye."""

import re
from pathlib import Path

import ogop

SOURCE = Path(ogop.__file__).resolve().parent
# A silenced check names the error it silences and says why it is safe to.
EXPLAINED_IGNORE = re.compile(r"# type: ignore\[[a-z, -]+\]  # \S")


def test_every_silenced_type_check_says_why() -> None:
    unexplained = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line and not EXPLAINED_IGNORE.search(line)
    ]
    assert unexplained == []
