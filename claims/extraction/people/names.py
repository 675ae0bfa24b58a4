"""Person names as written: titles and possessives off, name words checked, keys folded."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span as TokenSpan
from unidecode import unidecode

from ..lexicon.nouns import TITLE_ABBREVIATIONS
from ..quote_lexicon import TITLE_WORDS

# Lower-case words that may stand inside a name ("Bill de Blasio", "Ursula von der Leyen").
NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "bin",
        "ibn",
        "al",
        "el",
        "ter",
        "zu",
    ]
)
# A generational suffix is part of the name ("Jr." tells a son from his father).
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
_WORD_RE = re.compile(r"^[A-Z][^\s,;:!?()\[\]\"“”]*$")


def clean_name(text: str) -> str:
    """Strip titles, possessives, brackets and stray punctuation from a person's name."""
    text = re.sub(r"\s*\([^)]*\)?", " ", text)  # "(D-Va.)", a cut-off "(IFRI"
    text = re.sub(r"['’]s?$", "", text.strip()).strip(" ,.;:")
    words = text.split()
    while len(words) > 1 and words[0].lower().strip(".") in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def clean_role(role: str | None) -> str | None:
    """A role as the text gives it, without a bracket the parse cut off ("... Relations (IFRI")."""
    if not role:
        return None
    if role.count("(") > role.count(")"):
        role = role[: role.rfind("(")]
    role = role.strip(" ,;:-—")
    return role or None


def honorific_of(text: str) -> str | None:
    """The first title word of a name as written ("mrs" in "Mrs. Clinton"), spelt out."""
    words = text.split()
    if len(words) < 2:
        return None
    first = words[0].lower().strip(".")
    if first not in TITLE_WORDS:
        return None
    return TITLE_ABBREVIATIONS.get(first, first)


def is_name_word(word: str) -> bool:
    """A capitalised word, an initial, or a particle: what a person's name is made of."""
    return bool(_WORD_RE.match(word)) or word in NAME_PARTICLES or word.lower().strip(".") in SUFFIXES


def plausible_person_name(name: str) -> bool:
    """Whether ``name`` can be a person's name: name words only, starting and ending capitalised."""
    words = name.split()
    if not words or not 1 <= len(words) <= 5:
        return False
    if not all(is_name_word(w) for w in words):
        return False
    if len(words) > 1 and words[-1].lower().strip(".") in _TRAILING_TITLES:
        return False  # "Charlotte Mayor": a place and a title
    return words[0][:1].isupper() and words[-1][:1].isupper() and any(len(w.strip(".")) > 1 for w in words)


def name_key(name: str) -> str:
    """Case, dots, spaces and diacritics folded: "Recep Tayyip Erdoğan" = "recep tayyip erdogan"."""
    folded = unidecode(name).replace("’", "'").replace(".", " ").replace("-", " ").casefold()
    return " ".join(folded.split())


@functools.lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """One name word compared across spellings: "O’Neill" = "O'Neill", "Erdoğan" = "erdogan"."""
    return unidecode(word).replace("’", "'").strip(".").casefold()


def short_key(name: str) -> str:
    """The given name and surname only: "Donald J. Trump" and "Donald Trump" give one key."""
    words = [w for w in name_key(name).split() if w not in SUFFIXES or w in ("jr", "sr")]
    if len(words) <= 2:
        return " ".join(words)
    suffix = [w for w in words[1:] if w in ("jr", "sr")]
    core = [w for w in words if w not in ("jr", "sr")]
    return " ".join([core[0], core[-1], *suffix])


def with_given_names(ent: TokenSpan) -> str:
    """The entity's text with capitalised name words the tagger left out in front ("Paal")."""
    doc = ent.doc
    start = ent.start
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].is_title
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].lower_.strip(".") not in TITLE_WORDS
        and not doc[start - 1].ent_type_
    ):
        start -= 1
    return doc[start : ent.end].text


def looks_like_headline(line: str) -> bool:
    """A line in title case or capitals with no sentence-final punctuation: a headline or heading.

    Its capitalised words are no evidence of a name ("Tom Nides Thanked Clinton").
    """
    stripped = line.strip()
    if not stripped:
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", stripped)]
    if len(words) < 2:
        return False
    if stripped[-1] in ".?!\"”’'" and not stripped.isupper():
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return bool(content) and capitalised / len(content) >= 0.75


_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
        "via",
        "over",
        "after",
        "before",
        "about",
        "up",
        "out",
    ]
)


# Titles that end a phrase the tagger took for a name ("Charlotte Mayor"), and are not surnames
# (unlike Dean, King, Judge or Bishop).
_TRAILING_TITLES = frozenset(
    [
        "mayor",
        "governor",
        "president",
        "senator",
        "minister",
        "secretary",
        "chairman",
        "chairwoman",
        "spokesman",
        "spokeswoman",
        "representative",
        "commissioner",
        "chancellor",
        "premier",
        "ambassador",
        "director",
    ]
)
