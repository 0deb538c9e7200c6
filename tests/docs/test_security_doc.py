"""docs/security.md names the test behind each defence: every test it names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?::(\w+)")


def named_tests(text: str) -> list[tuple[str, str]]:
    """(file, test) for each `tests/x.py::name` and each following `::name` of the same file."""
    found, current = [], ""
    for path, name in REFERENCE.findall(text):
        current = path or current
        found.append((current, name))
    return found


def test_every_test_the_security_notes_name_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    named = named_tests(text)
    assert len(named) > 40  # the notes name their tests, not just files
    missing = [
        f"{path}::{name}"
        for path, name in named
        if not path
        or not (ROOT / path).exists()
        or not re.search(rf"^def {name}\(", (ROOT / path).read_text(), re.M)
    ]
    assert missing == []


def test_a_continued_reference_belongs_to_the_file_named_before_it():
    assert named_tests("`tests/a.py::one`, `::two`, `tests/b.py::three`") == [
        ("tests/a.py", "one"),
        ("tests/a.py", "two"),
        ("tests/b.py", "three"),
    ]
