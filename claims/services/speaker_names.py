"""Speakers' names as the store compares them across articles: folding, what may join, roles.

Across articles a speaker joins a stored one only by a full name (or a full-name alias): never
by a bare surname, a first name, a title, a pronoun or a common noun phrase, because a wrong
merge spreads to every later article while a missed one only leaves two rows an editor can merge.
Plain functions over strings; no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

PERSON = "person"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words in front of a name that are not part of it ("President Donald Trump", "Gov. Newsom").
TITLES = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam mister
    gov governor sen senator rep representative congressman congresswoman
    president vice prime minister secretary chancellor premier mayor
    gen general col colonel capt captain lt lieutenant sgt sergeant adm admiral cmdr commander
    rev reverend fr father sister brother rabbi imam pastor bishop cardinal pope
    judge justice attorney chief chairman chairwoman chair ceo
    king queen prince princess emperor empress sheikh
    former acting late then foreign defense defence interior finance state deputy
    """
)
# The end of a person's name that tells two people apart ("Martin Luther King Jr.").
SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])
# Lower-case words that belong to a surname ("Ludwig van Beethoven").
PARTICLES = frozenset(["van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "el", "ter", "dos", "del"])  # fmt: skip
PRONOUNS = _words(
    """
    i me we us our ours you he him his she her hers it its they them their theirs
    who whom one someone somebody everyone everybody anyone nobody this that these those
    """
)
DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her", "my", "your"])  # fmt: skip
# Words of organisation and job descriptions that name no one in particular: "the company",
# "Police", "the Foreign Ministry" (of which country?), "officials".
GENERIC_WORDS = _words(
    """
    company companies firm firms group corporation business maker manufacturer retailer carrier
    government governments administration ministry ministries department agency agencies office
    authority authorities official officials spokesman spokeswoman spokesperson spokespeople
    police officer officers force forces army military navy coast guard court courts prosecutor
    prosecutors council committee board panel team club party union embassy commission parliament
    foreign defense defence interior justice health finance state national federal local city county
    regional public central statement report document source sources witness witnesses organizers
    organisers people residents experts analysts researchers scientists study survey industry
    country countries nation nations region campaign staff security service services family
    """
)
ORG_SUFFIXES = frozenset(["inc", "corp", "corporation", "co", "ltd", "llc", "plc", "ag", "sa", "gmbh"])
ROLE_STOP = _words(
    """
    the a an of for and at in on to from by with as its his her their former then who is was
    also now new current chief senior top deputy acting head
    """
)

_APOSTROPHES = re.compile(r"['`´ʼ]")
_WORD = re.compile(r"[a-z0-9]+")
_RAW_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def fold_words(text: str) -> list[str]:
    """Words of a name with diacritics, case, dots, hyphens and apostrophes folded away."""
    text = _APOSTROPHES.sub("", unidecode(text).casefold())
    return _WORD.findall(text)


@dataclass(frozen=True)
class NameKey:
    """How a name is looked up: its folded full form, and for persons first + last name."""

    key: str
    short: str
    middle: tuple[str, ...] = ()


def _strip_front(words: list[str]) -> list[str]:
    while words and (words[0] in TITLES or words[0] in DETERMINERS):
        words = words[1:]
    if words[:2] == ["u", "s"]:  # "U.S. President ..."
        return _strip_front(words[2:])
    return words


def name_key(name: str, kind: str) -> NameKey | None:
    """The lookup key of a name, or None when the name may never join another speaker.

    Persons need two name words at least: "Trump" alone could be any Trump.
    """
    words = fold_words(name)
    if kind == PERSON:
        words = _strip_front(words)
        suffix: list[str] = []
        while words and words[-1] in SUFFIXES:
            suffix.insert(0, words.pop())
        if len(words) < 2:
            return None
        first, middle, last = words[0], words[1:-1], [words[-1]]
        if len(first) == 1 and middle and len(middle[0]) > 1:
            # "W. Mark Felt" goes by his middle name: Mark Felt.
            first, middle = middle[0], [first, *middle[1:]]
        while middle and middle[-1] in PARTICLES:
            last.insert(0, middle.pop())
        short = " ".join([first, *last, *suffix])
        return NameKey(key=" ".join([*words, *suffix]), short=short, middle=tuple(middle))
    while words and words[0] in DETERMINERS:
        words = words[1:]
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words = words[:-1]
    if not words:
        return None
    # N.A.T.O. = NATO: an organisation's name is compared without its spaces.
    key = "".join(words)
    return NameKey(key=key, short=key)


def middles_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Donald Trump = Donald J. Trump = Donald John Trump; George W. Bush != George H. W. Bush."""
    if not a or not b:
        return True
    if len(a) != len(b):
        return False
    return all(x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in zip(a, b, strict=True))


def unstorable_reason(name: str, kind: str) -> str | None:
    """Why this name is not a speaker to store (and to join across articles), or None when it is.

    A pronoun, a common noun phrase ("the company", "police") or a single-word person name
    resolves to nobody: the quote is stored as from an unknown speaker.
    """
    if kind == "anonymous":
        return "an anonymous source"
    words = fold_words(name)
    if not words:
        return "no name"
    if all(w in PRONOUNS for w in words):
        return "a pronoun"
    raw = [w for w in _RAW_WORD.findall(name) if w.casefold() not in DETERMINERS]
    if not any(w[0].isupper() for w in raw):
        return "a common noun phrase"
    content = [w for w in words if w not in DETERMINERS and w not in TITLES and w != "s"]
    if all(w in GENERIC_WORDS or _stem(w) in GENERIC_WORDS for w in content):
        return "a common noun phrase"
    if name_key(name, kind) is None:
        return "a single name" if kind == PERSON else "no name"
    return None


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Words of a role that tell nothing about who the person is: honorifics, ages, vague heads
# ("Mr.", "75", "a Watergate figure", "one of the lawyers' group").
ROLE_EMPTY = _words(
    """
    mr mrs ms miss mx dr sir madam dame lord lady figure group co member one people person man woman
    organization organisation company firm year old aged
    """
)
ROLE_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "atty": "attorney",
    "gen": "general",
    "col": "colonel",
    "capt": "captain",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "prof": "professor",
    "pres": "president",
    "exec": "executive",
    "md": "physician",
}
# Occupations that one person may be given in different articles count as agreeing
# ("Judge" / "Justice", "Alaska Governor" / "candidate", "rep" / "spokesman").
ROLE_FAMILIES = {
    "law": "attorney lawyer counsel counselor defender prosecutor solicitor barrister paralegal",
    "court": "judge justice magistrate",
    "politics": "governor senator representative congressman congresswoman lawmaker legislator politician "
    "candidate nominee president mayor minister premier chancellor secretary delegate councilman "
    "councilwoman councillor councilor assemblyman assemblywoman commissioner aide staffer",
    "press": "spokesman spokeswoman spokesperson representative publicist aide press",
    "business": "executive ceo president chairman chairwoman chair director founder owner manager "
    "principal partner",
    "arts": "actor actress singer musician director producer writer author screenwriter filmmaker "
    "comedian artist dancer rapper star host presenter anchor",
    "sport": "coach player quarterback pitcher athlete manager",
    "medicine": "doctor physician surgeon nurse",
    "research": "scientist researcher professor expert analyst economist",
    "police": "officer police sheriff detective trooper",
    "military": "general colonel captain lieutenant sergeant soldier commander admiral",
}
_FAMILY_OF: dict[str, set[str]] = {}
for _family, _members in ROLE_FAMILIES.items():
    for _member in _members.split():
        _FAMILY_OF.setdefault(_member, set()).add(f"@{_family}")


def role_terms(role: str) -> set[str]:
    """The content words of a role, with the occupation families they belong to."""
    found: set[str] = set()
    for w in fold_words(role):
        w = ROLE_ABBREVIATIONS.get(w, w)
        if len(w) < 2 or w.isdigit() or w in ROLE_STOP or w in ROLE_EMPTY:
            continue
        w = _stem(w)
        found.add(w)
        found |= _FAMILY_OF.get(w, set())
    return found


def roles_conflict(a: str, b: str) -> bool:
    """Two roles that share no content word nor occupation ("county attorney" / "actor").

    A missing or empty role ("Mr.", "75") never conflicts.
    """
    ta, tb = role_terms(a), role_terms(b)
    return bool(ta) and bool(tb) and not (ta & tb)


def roles_agree(a: str, b: str) -> bool:
    return bool(role_terms(a) & role_terms(b))
