"""Words for the search index, in Thai, Dzongkha, English and any mix of them.

Thai is written without spaces between words: PyThaiNLP's dictionary segmentation finds
them. Dzongkha marks every syllable with a tsheg (་), which is where it is split. Other
scripts split at non-letters; English words are stemmed (Snowball), so that "weavers"
finds "weaver". Thai digits count as the digits they are. The same function prepares the
indexed text and the query, so that both meet in the same words.
"""

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

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

_stemmer = snowballstemmer.stemmer("english")
_trie_lock = threading.Lock()


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], Trie]:
    """PyThaiNLP's Thai words, as a set and as the one trie all our segmentation uses (left to
    itself, PyThaiNLP would build a second one). Use the trie under `_trie_lock`: thai_parts
    takes a word out of it for a moment."""
    words = frozenset(thai_words())
    return words, Trie(words)


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


@lru_cache(maxsize=50_000)
def _thai_words(run: str) -> tuple[str, ...]:
    _words, trie = _dictionary()
    with _trie_lock:
        found = word_tokenize(run, custom_dict=trie, engine="newmm", keep_whitespace=False)
    return tuple(word for word in found if word.strip())


@lru_cache(maxsize=50_000)
def thai_parts(word: str) -> tuple[str, ...]:
    """The dictionary words a compound Thai word is made of: ผ้าไหม → ผ้า, ไหม.

    Indexed beside the word, so that ไหม finds ผ้าไหม; a split that leaves a piece which is
    no word (ปลาย → ปลา, ย) is no compound, and gives nothing.
    """
    words, trie = _dictionary()
    if len(word) < 4 or word not in words:
        return ()
    with _trie_lock:
        trie.remove(word)
        try:
            parts = word_tokenize(word, custom_dict=trie, engine="newmm", keep_whitespace=False)
        finally:
            trie.add(word)
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
