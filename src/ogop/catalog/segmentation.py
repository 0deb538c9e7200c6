"""Words for the search index, in Thai, Dzongkha, English and any mix of them.

Thai is written without spaces between words: PyThaiNLP's dictionary segmentation finds
them. Dzongkha marks every syllable with a tsheg (་), which is where it is split. Other
scripts split at non-letters; English words are stemmed (Snowball), so that "weavers"
finds "weaver". Thai digits count as the digits they are. The same function prepares the
indexed text and the query, so that both meet in the same words.
"""

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

from ogop.core.thai import to_arabic_digits

THAI = r"[\u0E01-\u0E4E]+"
TIBETAN = r"[\u0F00-\u0FD4]+"
RUNS = re.compile(rf"(?P<thai>{THAI})|(?P<tibetan>{TIBETAN})|(?P<other>[^\W_]+)")
TIBETAN_SEPARATORS = re.compile(r"[\u0F04-\u0F14\u0F0B\u0F0C\s]+")
LATIN = re.compile(r"^[a-z]+$")
MAX_QUERY_LENGTH = 200
# The shipped synonym sets (catalog.synonyms reads them as such): their Thai spellings of
# names are words of the dictionary too (see `thai_names`).
SHIPPED_SYNONYMS = Path(__file__).resolve().parent / "data" / "synonyms.txt"

_stemmer = snowballstemmer.stemmer("english")


class Dictionary(Trie):
    """PyThaiNLP's Thai words, for its word segmentation, as one dict from every start of a word
    to whether that start is a word itself.

    It answers `prefixes` as PyThaiNLP's trie does, but it is one object where the trie is
    418,000 (its nodes and their dicts), each walked by every full pass of the garbage
    collector: in a process that had imported a national registry, such a pass took 365 ms,
    and came every sixth fair report. A dict of strings is not even tracked. It is built
    faster, takes 26 MB where the trie took 63, and segments as fast. It does not change once
    built, so it needs no lock: `without(word)` gives the dictionary less one word.
    """

    def __init__(self, words: Iterable[str]) -> None:  # the trie's nodes are not made
        self._starts: dict[str, bool] = {}
        self._left_out = ""
        self._add(words)

    def _add(self, words: Iterable[str]) -> None:
        starts = self._starts
        for word in words:
            word = word.strip()
            for end in range(1, len(word)):
                starts.setdefault(word[:end], False)
            if word:
                starts[word] = True
        self._word_count = sum(starts.values())

    def plus(self, words: Iterable[str]) -> "Dictionary":
        """This dictionary with more words (it is left as it was)."""
        more = copy.copy(self)
        more._starts = dict(self._starts)
        more._add(words)
        return more

    def without(self, word: str) -> "Dictionary":
        """This dictionary less one word, sharing its words."""
        fewer = copy.copy(self)
        fewer._left_out = word
        fewer._word_count -= word in self
        return fewer

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = []
        starts = self._starts
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            is_word = starts.get(piece)
            if is_word is None:
                break
            if is_word and piece != self._left_out:
                found.append(piece)
        return found

    def __contains__(self, key: str) -> bool:
        return self._starts.get(key, False) and key != self._left_out

    def __iter__(self) -> Iterator[str]:
        return (
            word for word, is_word in self._starts.items() if is_word and word != self._left_out
        )

    def __len__(self) -> int:
        return self._word_count

    def add(self, word: str) -> None:
        raise TypeError("The dictionary does not change once built; build another.")

    def remove(self, word: str) -> None:
        raise TypeError("The dictionary does not change once built; use without(word).")


def thai_names(lines: Iterable[str], words: Dictionary) -> list[str]:
    """The Thai spellings of names in synonym sets (one set a line, comma-separated): each
    phrase in Thai letters only that the dictionary cannot cut into its own words.

    A name written in Thai letters (ดอปชารี, Dopshari) is no dictionary word, and inside a
    longer run the segmentation cuts it by what surrounds it: ข้าวแดงดอปชารี became ข้าว แด
    งด อป ชารี, where the name alone is ดอปชารี, so the name typed found nothing. Known as a
    word, it is cut the same way everywhere. A phrase the dictionary cuts into words (ขนแกะ:
    ขน แกะ) stays as it is, so that each of its words still finds it.
    """
    names = []
    for line in lines:
        if line.strip().startswith("#"):
            continue
        for phrase in (phrase.strip() for phrase in line.split(",")):
            if not re.fullmatch(THAI, phrase) or phrase in words:
                continue
            pieces = word_tokenize(phrase, custom_dict=words, engine="newmm")
            if any(piece not in words for piece in pieces):
                names.append(phrase)
    return names


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """PyThaiNLP's Thai words and the Thai spellings of names we ship, as the one dictionary
    all our segmentation uses (left to itself, PyThaiNLP would build a trie of its own)."""
    words = Dictionary(thai_words())
    lines = SHIPPED_SYNONYMS.read_text(encoding="utf-8").splitlines()
    return words.plus(thai_names(lines, words))


@dataclass(frozen=True)
class Unit:
    """One thing the reader typed: a Thai or Dzongkha run, or a word of another script.

    `words` are its index words; `whole` is the run as typed: for Thai, also tried as the start
    of one word, since segmentation can join what the reader split or split what they joined;
    for other scripts, the word before stemming, to recognise a typo.
    """

    script: str
    words: tuple[str, ...]
    whole: str = ""


# Thai marks written above or below a letter (vowels, tone marks): they take no place of
# their own, so a word's length in letters leaves them out.
THAI_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


def letters(word: str) -> int:
    """A word's length as a reader counts it: Thai vowel and tone marks above or below a
    letter are no letters of their own (ชา has two letters, น้ำผึ้ง four)."""
    return sum(1 for char in word if char not in THAI_MARKS)


def _glued(pieces: list[str]) -> tuple[str, ...]:
    """Pieces of a name the dictionary does not know, joined back into one word.

    A name written in Thai letters (ดอปชารี, ชาสคาร์, บุมทัง) is no dictionary word: the
    segmentation cuts it into the dictionary words it happens to contain and pieces that
    are none (ดอป + ชารี, ชา + ส + คาร์). Left so, ชา (tea) would find Chaskhar. A piece
    that is no word is joined to the piece after it, and a single letter to the piece
    before it too: the query is segmented the same way, so the name still finds itself.
    """
    words = dictionary()
    glued: list[str] = []
    join_next = False
    for piece in pieces:
        if join_next and glued:
            glued[-1] += piece
        else:
            glued.append(piece)
        join_next = False
        if piece not in words:
            if len(piece) == 1 and len(glued) > 1 and glued[-1] == piece:
                glued[-2:] = [glued[-2] + piece]
            join_next = True
    return tuple(glued)


@lru_cache(maxsize=50_000)
def _thai_words(run: str) -> tuple[str, ...]:
    found = word_tokenize(run, custom_dict=dictionary(), engine="newmm", keep_whitespace=False)
    return _glued([word for word in found if word.strip()])


@lru_cache(maxsize=50_000)
def thai_parts(word: str) -> tuple[str, ...]:
    """The dictionary words a compound Thai word is made of: ผ้าไหม → ผ้า, ไหม.

    Indexed beside the word, so that ไหม finds ผ้าไหม; a split that leaves a piece which is
    no word (ปลาย → ปลา, ย) is no compound, and gives nothing. Neither is a word of fewer
    than four letters: those are mostly syllables of names written in Thai letters (ชารี of
    ดอปชารี is no tea, ชา).
    """
    words = dictionary()
    if letters(word) < 4 or word not in words:
        return ()
    parts = word_tokenize(
        word, custom_dict=words.without(word), engine="newmm", keep_whitespace=False
    )
    if len(parts) > 1 and all(len(part) > 1 and part in words for part in parts):
        return tuple(parts)
    return ()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word)) if LATIN.match(word) else word


def units(text: str) -> Iterator[Unit]:
    for match in RUNS.finditer(to_arabic_digits(text or "").lower()):
        if run := match.group("thai"):
            yield Unit("thai", _thai_words(run), whole=run)
        elif run := match.group("tibetan"):
            syllables = tuple(s for s in TIBETAN_SEPARATORS.split(run) if s)
            if syllables:
                yield Unit("tibetan", syllables)
        else:
            word = match.group("other")
            yield Unit("other", (stem(word),), whole=word)


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Where each word of a text is (start, end) and its index word: the words a page marks
    are those the index matched, whole."""
    for match in RUNS.finditer(to_arabic_digits(text or "").lower()):
        start = match.start()
        if run := match.group("thai"):
            for word in _thai_words(run):
                at = run.find(word, start - match.start())
                yield match.start() + at, match.start() + at + len(word), word
                start = match.start() + at + len(word)
        elif run := match.group("tibetan"):
            for syllable in TIBETAN_SEPARATORS.finditer(run + "་"):
                end = match.start() + syllable.start()
                if end > start:
                    yield start, end, text[start:end].lower()
                start = match.start() + syllable.end()
        else:
            yield match.start(), match.end(), stem(match.group("other"))


def segment(text: str) -> tuple[str, str]:
    """One text's index words and the parts of its Thai compound words, space-separated:
    index_words and index_parts of the text alone, in one pass over it."""
    words: list[str] = []
    parts: list[str] = []
    for unit in units(text):
        words += unit.words
        if unit.script == "thai":
            for word in unit.words:
                parts += thai_parts(word)
    return " ".join(words), " ".join(parts)


def index_words(texts: Iterable[str | None]) -> str:
    """The words of the texts, space-separated, for the index."""
    return " ".join(word for text in texts if text for unit in units(text) for word in unit.words)


def index_parts(texts: Iterable[str | None]) -> str:
    """The parts of the Thai compound words of the texts, space-separated, for the index."""
    return " ".join(
        " ".join(thai_parts(word))
        for text in texts
        if text
        for unit in units(text)
        if unit.script == "thai"
        for word in unit.words
        if thai_parts(word)
    )


def query_units(query: str) -> list[Unit]:
    """What the reader typed, as units to match; anything that is not a word is dropped."""
    return list(units(query[:MAX_QUERY_LENGTH]))
