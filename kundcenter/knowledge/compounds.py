"""Swedish compound words split into their parts, from the Hunspell Swedish dictionary.

The dictionary (`sv_SE.dic` and `sv_SE.aff`, from the PyPI package hunspell-sv, which
installs them under the environment's `share/hunspell`; Debian's hunspell-sv-se in
/usr/share/hunspell is used when the package is missing) marks which words may begin
(flag X), continue (U) or end (Y) a compound, and its affix rules make the linking
forms: leverantör → "leverantörs", lön → "löne", skola → "skol", arbetsgivare →
"arbetsgivar". From it we keep three sets:

- the first parts, each linking form mapped to its word (leverantörs → leverantör);
- the middle parts, likewise;
- the words that may end a compound and their stems (Snowball Swedish), so that an
  inflected last part is recognised: "bankfilen" → bank + fil, "kundinbetalningar" →
  kund + inbetalning.

`split(word)` returns the parts as dictionary words (the last one as typed, or without
its ending when the stemmer would not recognise it), or () for
a word that is no compound we can see. Of several splits the one with the fewest parts
wins, then the one with the longest last part (the head of a Swedish compound carries
its meaning: "kund|inbetalningar", not "kundin|betalningar"). Parts shorter than
MIN_PART letters are not used: they would split too many plain words.
"""

from __future__ import annotations

import os
import pickle
import re
import sys
import sysconfig
import threading
from functools import lru_cache
from pathlib import Path

MIN_PART = 3
MIN_WORD = 2 * MIN_PART
BEGIN, MIDDLE, END = "X", "U", "Y"
# Where hunspell-sv (pip) and hunspell-sv-se (Debian) put the dictionary.
DICTIONARY_NAME = "sv_SE"
# Swedish noun and adjective endings, for a last part that the stemmer leaves whole.
ENDINGS = (
    "n",
    "en",
    "et",
    "na",
    "s",
    "ns",
    "ens",
    "ets",
    "t",
    "e",
    "ar",
    "er",
    "or",
    "arna",
    "erna",
    "orna",
)
LETTERS = re.compile(r"^[a-zåäöéü]+$")


def dictionary_dirs() -> list[Path]:
    dirs = []
    configured = os.environ.get("KB_HUNSPELL_DIR")
    if configured:
        dirs.append(Path(configured))
    dirs.append(Path(sysconfig.get_path("data")) / "share" / "hunspell")
    dirs.append(Path(sys.prefix) / "share" / "hunspell")
    dirs.append(Path("/usr/share/hunspell"))
    return dirs


def dictionary_path() -> Path | None:
    for directory in dictionary_dirs():
        if (directory / f"{DICTIONARY_NAME}.dic").exists():
            return directory / DICTIONARY_NAME
    return None


class Lexicon:
    """The compound parts of the dictionary (see the module docstring)."""

    def __init__(self, begin: dict, middle: dict, end_stems: frozenset):
        self.begin = begin
        self.middle = middle
        # The words that may end a compound and their stems: Snowball stems an
        # inflected form and its word differently at times (differenser → differens,
        # differens → differen), so a last part is looked up as either.
        self.end_stems = end_stems

    @classmethod
    def load(cls, base: Path | None) -> Lexicon:
        from kundcenter.knowledge.text import stem

        if base is None:
            return cls({}, {}, frozenset())
        rules = _compound_rules(base.with_suffix(".aff"))
        begin, middle, end = {}, {}, set()
        with open(base.with_suffix(".dic"), encoding="utf-8") as dic:
            next(dic, None)  # the entry count
            for line in dic:
                word, _, flags = line.rstrip("\n").partition("/")
                flags = flags.split("\t", 1)[0].split(" ", 1)[0]
                if len(word) < MIN_PART or not LETTERS.match(word):
                    continue  # proper nouns, abbreviations, hyphenated entries
                if BEGIN in flags:
                    begin.setdefault(word, word)
                if MIDDLE in flags:
                    middle.setdefault(word, word)
                if END in flags:
                    end.add(word)
                    end.add(stem(word))
                for flag in flags:
                    for strip, add, condition, positions in rules.get(flag, ()):
                        if not word.endswith(strip) or not condition.search(word):
                            continue
                        form = word[: len(word) - len(strip)] + add
                        if len(form) < MIN_PART:
                            continue
                        if BEGIN in positions:
                            begin.setdefault(form, word)
                        if MIDDLE in positions:
                            middle.setdefault(form, word)
        return cls(begin, middle, frozenset(end))

    def end_form(self, text: str) -> str | None:
        """`text` if it may end a compound (as a word or by its stem), the word without
        its ending if only that may (reskontran → reskontra: Snowball leaves some
        inflections whole), else None."""
        from kundcenter.knowledge.text import stem

        if len(text) < MIN_PART:
            return None
        if text in self.end_stems or stem(text) in self.end_stems:
            return text
        for ending in ENDINGS:
            base = text[: -len(ending)]
            if len(base) >= MIN_PART and text.endswith(ending) and base in self.end_stems:
                return base
        return None

    def split(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_WORD:
            return ()
        best = ()
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            first = self.begin.get(word[:i])
            if first is None:
                continue
            rest = word[i:]
            last = self.end_form(rest)
            if last is not None:
                return (first, last)  # the first two-part split has the longest head
            if not best:
                for j in range(MIN_PART, len(rest) - MIN_PART + 1):
                    head = rest[:j]
                    middle = self.middle.get(head) or self.begin.get(head)
                    last = self.end_form(rest[j:]) if middle is not None else None
                    if last is not None:
                        best = (first, middle, last)
                        break
        return best


_lock = threading.Lock()
_lexicon: Lexicon | None = None


def lexicon() -> Lexicon:
    """The dictionary's compound parts, made on first use and kept.

    Reading the dictionary takes seconds (it stems every word that may end a
    compound), so what it yields is kept in a pickle under VAR_DIR/cache, named for the
    dictionary file's size and time: a new dictionary is read again by itself.
    """
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _cached_load(dictionary_path())
    return _lexicon


def _cached_load(base: Path | None) -> Lexicon:
    if base is None:
        return Lexicon.load(None)
    from django.conf import settings

    info = base.with_suffix(".dic").stat()
    cache = Path(settings.VAR_DIR) / "cache" / f"compounds-{info.st_size}-{info.st_mtime_ns}.pickle"
    try:
        with open(cache, "rb") as file:
            begin, middle, end_stems = pickle.load(file)
        return Lexicon(begin, middle, end_stems)
    except (OSError, pickle.PickleError, ValueError, EOFError):
        pass
    loaded = Lexicon.load(base)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as file:
            pickle.dump((loaded.begin, loaded.middle, loaded.end_stems), file, protocol=5)
        partial.replace(cache)
    except OSError:
        pass  # a read-only disk: read the dictionary again next time
    return loaded


@lru_cache(maxsize=200_000)
def split(word: str) -> tuple[str, ...]:
    """The parts of the Swedish compound `word` (lower case), or () if none are seen."""
    return lexicon().split(word)


def _compound_rules(aff_path: Path) -> dict:
    """The suffix rules whose result may stand in a compound: {flag: [(strip, add,
    condition, positions)]}, positions being the compound flags (X, U) of the result."""
    rules: dict[str, list] = {}
    with open(aff_path, encoding="utf-8") as aff:
        for line in aff:
            fields = line.split()
            if len(fields) < 5 or fields[0] != "SFX":
                continue
            flag, strip, add, condition = fields[1], fields[2], fields[3], fields[4]
            add, _, continuation = add.partition("/")
            positions = {p for p in (BEGIN, MIDDLE) if p in continuation}
            if not positions:
                continue
            strip = "" if strip == "0" else strip
            add = "" if add == "0" else add
            pattern = re.compile("" if condition == "." else f"{condition}$")
            rules.setdefault(flag, []).append((strip, add, pattern, positions))
    return rules
