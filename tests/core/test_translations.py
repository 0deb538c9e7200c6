"""The interface translations: complete Thai, the essentials in Dzongkha, compiled and in use.

The catalogs live in src/ogop/locale and are refreshed with `make messages` (makemessages,
then compilemessages); see the end of this module for a check that they list every string
the code and templates mark for translation.
"""

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PACKAGE_DIR = LOCALE_DIR.parent
LANGUAGES = ["th", "dz"]
REFRESH = "refresh the catalogs with `make messages` (makemessages, translate, compilemessages)"

# Placeholders of Python's %-formatting, as gettext and blocktranslate write them.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
# Django's own texts (core/django_texts.py) also use positional ones: "%s MB".
POSITIONAL = re.compile(r"%[sd]")
THAI_SCRIPT = re.compile(r"[\u0e00-\u0e7f]")
TIBETAN_SCRIPT = re.compile(r"[\u0f00-\u0fff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Names that stay as they are in Thai.
THAI_SAME_AS_ENGLISH = {"OTOP", "Brand Bhutan"}

# What a Dzongkha reader must at least see in their language.
DZONGKHA_REQUIRED = [
    # navigation and actions
    "Overview",
    "Areas",
    "Producer groups",
    "Products",
    "Import and export",
    "Administration",
    "Log in",
    "Log out",
    "Language",
    "Preferences",
    "Save",
    "Cancel",
    "Edit",
    "search",
    "Filter",
    "next",
    "previous",
    "page %(number)s of %(total)s",
    # languages
    "English",
    "Thai",
    "Dzongkha",
    # categories
    "food",
    "beverages",
    "textiles and garments",
    "household items, decorations and souvenirs",
    "non-food herbal products",
    # common labels
    "name",
    "code",
    "area",
    "price",
    "story",
    "public",
    "flagship",
    "dzongkhag",
    "gewog",
]

# OTOP's five product categories, as the Thai programme names them.
OTOP_CATEGORIES_TH = {
    "food": "อาหาร",
    "beverages": "เครื่องดื่ม",
    "textiles and garments": "ผ้า เครื่องแต่งกาย",
    "household items, decorations and souvenirs": "ของใช้ ของตกแต่ง ของที่ระลึก",
    "non-food herbal products": "สมุนไพรที่ไม่ใช่อาหาร",
}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)

    @property
    def sources(self) -> list[str]:
        return [self.msgid] + ([self.msgid_plural] if self.msgid_plural is not None else [])


@dataclass
class Catalog:
    header: dict[str, str]
    header_comments: list[str]
    header_flags: set[str]
    entries: list[Entry]

    def by_msgid(self) -> dict[str, Entry]:
        return {entry.msgid: entry for entry in self.entries}


def _unquote(text: str) -> str:
    """The content of a PO string literal ("..." with C escapes)."""
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a PO string: {text}")
    body = text[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def read_po(path: Path) -> Catalog:
    """A small reader of the PO files makemessages writes (no new dependency)."""
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip())
    entries: list[Entry] = []
    header: dict[str, str] = {}
    header_comments: list[str] = []
    header_flags: set[str] = set()
    for block in blocks:
        entry, comments, current = Entry(), [], None
        plural_strings: dict[int, str] = {}
        for line in block.splitlines():
            if line.startswith("#~"):  # obsolete entries are not part of the catalog
                current = None
                continue
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                comments.append(line)
            elif match := re.match(
                r"^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (.*)$", line
            ):
                keyword, index, literal = match.groups()
                current = (keyword, index)
                value = _unquote(literal)
                if keyword == "msgstr" and index is not None:
                    plural_strings[int(index)] = value
                elif keyword == "msgstr":
                    entry.msgstr = [value]
                else:
                    setattr(entry, keyword, value)
            elif line.startswith('"') and current is not None:
                keyword, index = current
                value = _unquote(line)
                if keyword == "msgstr" and index is not None:
                    plural_strings[int(index)] += value
                elif keyword == "msgstr":
                    entry.msgstr[0] += value
                else:
                    setattr(entry, keyword, getattr(entry, keyword) + value)
        if plural_strings:
            entry.msgstr = [plural_strings[i] for i in sorted(plural_strings)]
        if current is None and not entry.msgid:
            continue  # a block of obsolete entries only
        if entry.msgid == "" and entry.msgctxt is None:
            header_comments, header_flags = comments, entry.flags
            for line in entry.msgstr[0].splitlines():
                name, _, value = line.partition(":")
                header[name.strip()] = value.strip()
        else:
            entries.append(entry)
    return Catalog(header, header_comments, header_flags, entries)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    """A request through LocaleMiddleware leaves its language active: do not leak it."""
    yield
    translation.deactivate()


# The files and their headers


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_interface_language_has_a_catalog_and_its_compiled_form(language):
    assert po_path(language).is_file()
    assert mo_path(language).is_file()
    assert {code for code, _ in settings.LANGUAGES} >= {"en", *LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_describes_the_catalog(language):
    catalog = read_po(po_path(language))
    assert catalog.header["Project-Id-Version"] == "OGOP Platform"
    assert catalog.header["Language"] == language
    assert catalog.header["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "fuzzy" not in catalog.header_flags, "a fuzzy header is ignored by msgfmt"
    placeholders = ("FIRST AUTHOR", "YEAR", "PACKAGE", "EMAIL@ADDRESS", "LANGUAGE <LL@li.org>")
    text = "\n".join(catalog.header_comments) + "\n" + "\n".join(catalog.header.values())
    for placeholder in placeholders:
        assert placeholder not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_no_fuzzy_entry(language):
    fuzzy = [entry.msgid for entry in read_po(po_path(language)).entries if "fuzzy" in entry.flags]
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_the_one_form_the_language_has(language):
    for entry in read_po(po_path(language)).entries:
        if entry.msgid_plural is not None:
            assert len(entry.msgstr) == 1, entry.msgid


# Thai: complete


def test_every_thai_entry_is_translated():
    catalog = read_po(po_path("th"))
    assert len(catalog.entries) > 250
    untranslated = [entry.msgid for entry in catalog.entries if not entry.translated]
    assert untranslated == [], REFRESH


def test_thai_translations_are_written_in_thai():
    for entry in read_po(po_path("th")).entries:
        for text in filter(None, entry.msgstr):
            if text in THAI_SAME_AS_ENGLISH:
                continue
            assert text != entry.msgid, f"copied, not translated: {entry.msgid!r}"
            if LATIN_LETTER.search(PLACEHOLDER.sub("", entry.msgid)):
                assert THAI_SCRIPT.search(text), f"no Thai in the translation of {entry.msgid!r}"


def test_thai_names_the_otop_categories_as_the_programme_does():
    entries = read_po(po_path("th")).by_msgid()
    for msgid, thai in OTOP_CATEGORIES_TH.items():
        assert entries[msgid].msgstr == [thai]


def test_thai_uses_the_agreed_terms():
    entries = read_po(po_path("th")).by_msgid()
    assert entries["Producer groups"].msgstr == ["กลุ่มผู้ผลิต"]
    assert entries["Products"].msgstr == ["ผลิตภัณฑ์"]
    assert entries["Areas"].msgstr == ["พื้นที่"]
    assert entries["Import and export"].msgstr == ["นำเข้า/ส่งออกข้อมูล"]
    assert entries["development stage"].msgstr == ["ระดับการพัฒนา"]
    assert entries["gewog"].msgstr == ["เกวก"]
    assert entries["tambon"].msgstr == ["ตำบล"]
    assert entries["amphoe"].msgstr == ["อำเภอ"]
    assert entries["province"].msgstr == ["จังหวัด"]
    assert entries["programme officer"].msgstr == ["เจ้าหน้าที่โครงการ"]


# Dzongkha: the essentials, in Dzongkha script


def test_dzongkha_translates_the_navigation_languages_categories_stages_and_labels():
    entries = read_po(po_path("dz")).by_msgid()
    missing = [msgid for msgid in DZONGKHA_REQUIRED if not entries[msgid].translated]
    assert missing == []


def test_dzongkha_translations_are_written_in_dzongkha_script():
    for entry in read_po(po_path("dz")).entries:
        for text in filter(None, entry.msgstr):
            assert TIBETAN_SCRIPT.search(text), f"no Dzongkha in the translation of {entry.msgid!r}"


# Both


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_placeholder_is_kept_in_the_translation(language):
    for entry in read_po(po_path(language)).entries:
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural is not None:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        positional = len(POSITIONAL.findall(entry.msgid.replace("%%", "")))
        for text in filter(None, entry.msgstr):
            assert set(PLACEHOLDER.findall(text)) == expected, entry.msgid
            assert len(POSITIONAL.findall(text.replace("%%", ""))) == positional, entry.msgid
            # A lone % would break the %-formatting of the translated text.
            rest = POSITIONAL.sub("", PLACEHOLDER.sub("", text.replace("%%", "")))
            assert "%" not in rest, entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_yesno_filter_argument_keeps_its_two_choices(language):
    # Templates use `value|yesno:_("yes,no")`: the translation must stay "yes-word,no-word".
    (text,) = read_po(po_path(language)).by_msgid()["yes,no"].msgstr
    if text:
        assert len(text.split(",")) == 2, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_up_to_date(language, tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is needed: see scripts/system-packages"
    compiled = tmp_path / "django.mo"
    # What compilemessages runs.
    subprocess.run(
        [msgfmt, "--check-format", "-o", str(compiled), str(po_path(language))],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == mo_path(language).read_bytes(), REFRESH


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_finds_nothing_wrong_with_the_catalog(language):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is needed: see scripts/system-packages"
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_path(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# In use


def test_translations_are_used_at_run_time():
    with translation.override("th"):
        assert translation.gettext("Products") == "ผลิตภัณฑ์"
        counted = translation.ngettext("%(total)s product", "%(total)s products", 5)
        assert counted % {"total": 5} == "ผลิตภัณฑ์ 5 รายการ"
    with translation.override("dz"):
        assert TIBETAN_SCRIPT.search(translation.gettext("Products"))
    with translation.override("en"):
        assert translation.gettext("Products") == "Products"


@pytest.mark.parametrize(
    ("language", "products", "log_out"),
    [("th", "ผลิตภัณฑ์", "ออกจากระบบ"), ("dz", "ཐོན་སྐྱེད་ཚུ", "ཕྱིར་ཐོན")],
)
def test_the_overview_speaks_the_readers_language(client, officer, language, products, log_out):
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text
    assert f">{products}</a>" in page.text
    assert log_out in page.text
    assert ">Products</a>" not in page.text
    assert ">Log out<" not in page.text


def test_the_overview_stays_english_for_an_english_reader(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in page.text
    assert ">Products</a>" in page.text


# The catalogs list every string marked for translation


def test_the_catalogs_list_every_string_marked_for_translation(tmp_path, settings, monkeypatch):
    """makemessages, run on a copy of the package, finds no string the catalogs lack."""
    copy = tmp_path / "ogop"
    shutil.copytree(
        PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=LANGUAGES,
        no_location=True,
        no_obsolete=True,
        ignore_patterns=["migrations/*"],
        verbosity=0,
    )
    for language in LANGUAGES:
        fresh = read_po(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        wanted = {(entry.msgctxt or "", entry.msgid) for entry in fresh.entries}
        listed = {
            (entry.msgctxt or "", entry.msgid) for entry in read_po(po_path(language)).entries
        }
        assert sorted(wanted - listed) == [], f"{language}: new strings; {REFRESH}"
        assert sorted(listed - wanted) == [], f"{language}: strings no longer used; {REFRESH}"


def test_shipped_development_stages_have_thai_and_dzongkha_names(db):
    # Stages are data, named in each language in their own columns, not in the catalogs.
    from ogop.products.models import Stage

    stages = list(Stage.objects.all())
    assert len(stages) >= 6
    assert all(stage.name_th and stage.name_dz for stage in stages)
    assert all(TIBETAN_SCRIPT.search(stage.name_dz) for stage in stages)
