"""Word normalisation for matching: crude stems, news synonyms and stop words.

Matching compares what claims are about, not their exact wording, so "assistance to Ukraine" and
"support for Ukraine", or "attended" and "participated", must meet. Pure Python: no model needed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?|\d+")

STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "according",
        "first",
        "second",
        "third",
        "time",
        "times",
        "new",
        "one",
        "two",
        "three",
        "far",
        "total",
        "totaling",
        "totalling",
        "approximately",
        "around",
        "nearly",
        "almost",
        "some",
        "than",
        "least",
        "more",
        "less",
        "per",
        "cent",
        "percent",
        "million",
        "billion",
        "trillion",
        "thousand",
        "hundred",
        "year",
        "years",
        "month",
        "months",
        "day",
        "days",
        "week",
        "weeks",
        "ago",
        "last",
        "next",
        "this",
        "today",
        "yesterday",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mr",
        "mrs",
        "ms",
        "dr",
        "also",
        "already",
        "still",
        "even",
        "however",
        "although",
    ]
)

# Words news writers use interchangeably for the same thing. Keys and values are plain words; both
# are stemmed below so inflected forms meet too.
_SYNONYMS = {
    "assistance": "aid",
    "support": "aid",
    "help": "aid",
    "aid": "aid",
    "funding": "aid",
    "participate": "attend",
    "join": "attend",
    "attend": "attend",
    "gathering": "summit",
    "summit": "summit",
    "contribute": "give",
    "provide": "give",
    "donate": "give",
    "pledge": "give",
    "invest": "give",
    "allocate": "give",
    "trip": "visit",
    "visit": "visit",
    "travel": "visit",
    "türkiye": "turkey",
    "turkiye": "turkey",
    "tokyo": "japan",
    "japanese": "japan",
    "beijing": "china",
    "chinese": "china",
    "moscow": "russia",
    "russian": "russia",
    "ukrainian": "ukraine",
    "kyiv": "ukraine",
    "sdf": "self defense force",
}


# Pure functions of their text, called for the same words over and over by matching: memoised.
CACHE_SIZE = 100_000


@functools.lru_cache(maxsize=CACHE_SIZE)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to make plural and past forms meet, and cheap."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 6 and w.endswith("est"):
        w = w[:-3]  # closest -> clos, like closer and close
    elif len(w) > 5 and w.endswith("er"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


SYNONYMS = {stem(k): " ".join(stem(x) for x in v.split()) for k, v in _SYNONYMS.items()}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def words(text: str) -> list[str]:
    """All words of a text, lower-cased, punctuation dropped (for comparing quotes)."""
    return [w.casefold().replace("’", "'") for w in _WORD.findall(fold(text))]


def terms(text: str | None) -> set[str]:
    """Content terms of a text: stemmed, synonyms folded, stop words and short words dropped."""
    if not text:
        return set()
    return set(_terms(text))  # a set of its own: callers may change it


@functools.lru_cache(maxsize=CACHE_SIZE)
def _terms(text: str) -> frozenset[str]:
    out: set[str] = set()
    for raw in _WORD.findall(fold(text)):
        low = raw.casefold()
        if low in STOP or len(low) < 3 or low.isdigit():
            continue
        s = stem(low)
        mapped = SYNONYMS.get(s) or SYNONYMS.get(low)
        if mapped:
            out.update(mapped.split())
        elif s not in STOP:
            out.add(s)
    return frozenset(out)


def action_term(action: str | None) -> str:
    if not action:
        return ""
    s = stem(action.strip().split()[0])
    return SYNONYMS.get(s, s)
