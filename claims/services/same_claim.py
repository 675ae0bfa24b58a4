"""Whether two statements are one claim, and if so whether they agree: comparing claim parts.

A claim is a proposition, so two mentions are one claim only when their parts agree:

- quantities: the same unit and measure of the same subject, with compatible qualifiers, time
  and place. Then the same value supports and another value contradicts; any other difference
  (another subject, measure, qualifier or time) makes another claim, never a conflict;
- events: the same actor did the same action (synonyms and aliases allowed) to the same object,
  at a compatible time and place, with no figure in one that the other contradicts ("captured 23
  pirates" and "captured 26 pirates" are two captures);
- "first" claims: the same event, and ordinals that fit the dates; date claims: the same event,
  and its date.

A wrong merge is worse than a missed one: a part one side states and the other does not may
still support, but never contradicts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from claims.extraction.lexicon import wordnet
from claims.extraction.lexicon.verbs import ACTION_CLASS, ONCE_ONLY_ACTIONS

from .terms import CACHE_SIZE, action_term, stem, terms

CONTEXT_CHARS = 100
# Two undated reports of an event more than this many days apart are about two events.
SAME_NEWS_DAYS = 30
# A figure that states no time is as of its publication ("Clinton has 503 delegates", "Japan has
# so far given $1.5 billion"): two such figures are of one time only when published within this
# many days (one news cycle); later, a new value is an update, another claim.
FIGURE_DAYS = 3
_POLL = re.compile(r"\b(?:poll|polls|polling|survey|surveys)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w&/.-]+")
# Legal-form words that do not tell two organisations apart ("Microsoft Corp." is Microsoft).
ORG_SUFFIXES = frozenset(
    {"inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "group", "holdings", "sa", "ag"}
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")


@dataclass(frozen=True)
class Item:
    """What matching needs to know of one mention or one claim."""

    kind: str
    text: str
    sentence: str
    speaker_id: int | None
    value: float | None
    unit: str
    date: str
    subject: str
    action: str
    entities: tuple[str, ...]
    article_id: int | None
    when: datetime | None
    actor_extra: str = ""  # the role of a known speaker named as actor ("Prime Minister")
    measure: str = ""
    target: str = ""
    qualifiers: str = ""
    place: str = ""
    approximate: bool = False

    # Computed once per item (an item is compared with many candidates): frozen, so never changed.
    @functools.cached_property
    def actor_terms(self) -> frozenset[str]:
        return frozenset(terms(self.subject))

    @property
    def context(self) -> str:
        """The words around the claim in its sentence: what it is about, without the rest of a long sentence."""
        at = self.sentence.find(self.text)
        if at < 0:
            return self.sentence or self.text
        return self.sentence[max(0, at - CONTEXT_CHARS) : at + len(self.text) + CONTEXT_CHARS]

    @functools.cached_property
    def about_terms(self) -> frozenset[str]:
        """What the claim is about: subject, entities and the nearby words, minus the actor and action."""
        base = terms(self.context) | terms(" ".join(self.entities)) | terms(self.subject)
        base.discard(action_term(self.action))
        return frozenset(base - self.actor_terms if self.kind in {"event", "first", "date"} else base)


@functools.lru_cache(maxsize=CACHE_SIZE)
def action_key(action: str | None) -> str:
    """One key for the verbs that name one action: its class ("buy" and "acquire" are
    "acquire"), else its commonest WordNet sense, else its stem."""
    lemma = " ".join((action or "").casefold().split())
    if not lemma:
        return ""
    if lemma in ACTION_CLASS:
        return ACTION_CLASS[lemma]
    sense = wordnet.senses(lemma, "verb")
    return f"wn{sense[0]}" if sense else action_term(lemma)


@functools.lru_cache(maxsize=CACHE_SIZE)
def same_action(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return action_key(a) == action_key(b) or action_term(a) == action_term(b)


def _name_words(name: str) -> list[str]:
    return [
        w for w in re.findall(r"[^\W_]+", name.replace("’", "'")) if w.casefold() not in ("the", "'s", "s")
    ]


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def is_acronym(short: str, long: str) -> bool:
    """ "AMD" for "Advanced Micro Devices", "HP" for "Hewlett-Packard"."""
    s = short.replace(".", "").strip()
    if not (2 <= len(s) <= 6 and s.isupper()):
        return False
    words = [w for w in _name_words(long) if w.casefold() not in ORG_SUFFIXES | {"of", "and", "for"}]
    return len(words) >= 2 and _initials(words).upper() == s.upper()


def _name_keys(name: str) -> set[str]:
    """The words of a name, folded the way matching folds words ("Japanese" -> japan, plurals),
    without legal forms and initials: "John D. O'Connor" -> {john, oconnor}."""
    keys: set[str] = set()
    for word in re.findall(r"[^\W_]+(?:['’][^\W_]+)?", name):
        low = word.casefold()
        if low in ORG_SUFFIXES or low in ("the", "of", "and") or (len(low) == 1 and word.isupper()):
            continue
        keys |= terms(word) or {stem(low)}
    return keys


@functools.lru_cache(maxsize=CACHE_SIZE)
def names_agree(a: str, b: str) -> bool:
    """One actor or subject named two ways: the same words, one name inside the other ("Navy" /
    "Indian Navy", "Microsoft" / "Microsoft Corp."), or an acronym. "Bill Clinton" and
    "Hillary Clinton" are two people: neither name holds the other."""
    if not a or not b:
        return False
    if a.casefold() == b.casefold() or is_acronym(a, b) or is_acronym(b, a):
        return True
    ta, tb = _name_keys(a), _name_keys(b)
    return bool(ta and tb and (ta <= tb or tb <= ta)) or _one_person(a, b)


def _given_names_agree(x: str, y: str) -> bool:
    """ "Fred" / "Frederick": a short form that starts the full given name (three letters at
    least); "Betty" / "Bettie": one pet name spelt with "-y", "-ie", "-i" or "-ey"."""
    x, y = x.casefold(), y.casefold()
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True

    def stem_of(name: str) -> str:
        return re.sub(r"(?:ie|ey|y|i)$", "", name)

    return len(stem_of(x)) >= 3 and stem_of(x) == stem_of(y) and x[-1:] in "yie" and y[-1:] in "yie"


def _one_person(a: str, b: str) -> bool:
    """A person's name written two ways: the same surname (last word), the first given names a
    short form or spelling of one name, and middle names or initials that do not disagree
    ("Frederick C. LaRue" / "Fred LaRue", "Bettie Page" / "Betty Page"). Only capitalised names
    of two to four words, so "Bill Clinton" / "Hillary Clinton" stay two people."""
    wa, wb = _name_words(a), _name_words(b)
    if not (2 <= len(wa) <= 4 and 2 <= len(wb) <= 4) or not all(w[:1].isupper() for w in (*wa, *wb)):
        return False
    if wa[-1].casefold() != wb[-1].casefold() or not _given_names_agree(wa[0], wb[0]):
        return False
    middle_a, middle_b = wa[1:-1], wb[1:-1]
    if middle_a and middle_b:
        return all(x[0].casefold() == y[0].casefold() for x, y in zip(middle_a, middle_b, strict=False))
    return True


def actors_agree(a: Item, b: Item) -> bool:
    """The same actor: every actor of one is an actor of the other, or one is described by the
    other's known role ("a Japanese prime minister" and Fumio Kishida, Prime Minister)."""
    parts_a = [p for p in a.subject.split(" and ") if p.strip()]
    parts_b = [p for p in b.subject.split(" and ") if p.strip()]
    if not parts_a or not parts_b:
        return False
    if all(any(names_agree(x, y) for y in parts_b) for x in parts_a) and all(
        any(names_agree(x, y) for x in parts_a) for y in parts_b
    ):
        return True  # the same actors: "Clinton and Sanders" did not do what Sanders alone did
    role_a, role_b = terms(a.actor_extra), terms(b.actor_extra)
    return len(a.actor_terms & role_b) >= 2 or len(b.actor_terms & role_a) >= 2


def _head(phrase: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", phrase) if w.casefold() not in ("of", "the", "a", "an")]
    return words[-1].casefold() if words else ""


@functools.lru_cache(maxsize=CACHE_SIZE)
def things_agree(a: str, b: str) -> bool:
    """Two noun phrases name the same thing: the content words of one are all in the other
    ("the Oscars" / "the annual Oscar ceremony"), the same head noun, an acronym, or WordNet says
    one head is the other or a kind of it ("bulletproof vests" / "body armor"). One shared word
    is not enough: "Japan would provide aid" and "Japan's new plan" share only "Japan"."""
    if not a or not b:
        return False
    if is_acronym(a, b) or is_acronym(b, a):
        return True
    names_a, names_b = _proper_words(a), _proper_words(b)
    if names_a and names_b and not (names_a <= names_b or names_b <= names_a):
        return False  # "the South Carolina primary" is not "the Arkansas primary"
    ta, tb = terms(a), terms(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    heads_a, heads_b = _noun_keys(a), _noun_keys(b)
    if heads_a and heads_b and stem(heads_a[-1]) == stem(heads_b[-1]):
        return True
    return any(wordnet.same_thing(x, y) for x in heads_a for y in heads_b)


def _proper_words(phrase: str) -> set[str]:
    """The capitalised words of an object's phrase: its names ("Arkansas", "Oscars")."""
    return {stem(w.casefold()) for w in re.findall(r"[^\W\d_]+", phrase) if w[:1].isupper()}


_PREPOSITION = re.compile(r"\b(?:of|to|in|on|at|for|from|with|by|into|over|near|off)\b", re.IGNORECASE)
_EXAMPLES = re.compile(r"\b(?:such as|including|like|and|or)\b|,")


def _noun_keys(phrase: str) -> list[str]:
    """The head nouns of a phrase and of the things it lists ("military equipment such as body
    armor": "military equipment", "equipment", "body armor", "armor"), singular, compounds first."""
    keys: list[str] = []
    for part in _EXAMPLES.split(phrase):
        part = _PREPOSITION.split(part)[0]  # "body armor to Ukraine": the head comes before it
        words = [w.casefold() for w in re.findall(r"[^\W\d_]+", part)]
        words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
        if len(words) >= 2:
            keys.append(f"{words[-2]} {words[-1]}")
        if words:
            keys.append(words[-1])
    return keys


def dates_agree(a: str, b: str) -> bool:
    """Two stated dates can be the same time: one inside the other ("2023-01" holds "2023-01-31",
    "2023" holds "2023-Q3"), or overlapping ranges."""
    if not a or not b:
        return True
    ba, bb = date_bounds(a), date_bounds(b)
    if ba is None or bb is None:
        return a[:4] == b[:4]
    return ba[0] <= bb[1] and bb[0] <= ba[1]


def times_agree(a: Item, b: Item) -> bool:
    """Stated dates agree. A report that states no date is about the days before its publication:
    it agrees with a stated date that reaches into the month before, and with another undated
    report published within that month ("attended last year" is not the attendance reported
    undated this April). A report that states no date in an article of unknown date cannot be
    placed in time: it agrees only with another that cannot be placed either, never with one that
    can (Microsoft's emergency patch of one year is not that of another)."""
    placed_a, placed_b = bool(a.date or a.when), bool(b.date or b.when)
    if placed_a != placed_b:
        return False
    if a.date and b.date:
        return dates_agree(a.date, b.date)
    if a.date or b.date:
        dated, undated = (a, b) if a.date else (b, a)
        return undated.when is None or _reaches_into(dated.date, undated.when)
    return not published_apart(a, b)


_PERIODS = {
    "q1": ("01", "03"), "q2": ("04", "06"), "q3": ("07", "09"), "q4": ("10", "12"),
    "h1": ("01", "06"), "h2": ("07", "12"), "spring": ("03", "05"), "summer": ("06", "08"),
    "autumn": ("09", "11"), "fall": ("09", "11"), "winter": ("12", "14"),
}  # fmt: skip


def date_bounds(date: str) -> tuple[str, str] | None:
    """The first and last day an ISO date, month, year, range or period ("2023-Q3") can mean, as
    "YYYY-MM-DD" strings that compare in order (a winter runs to "month 14"); None if unreadable."""
    first, _, last = date.partition("/")
    last = last or first

    def low(part: str) -> str | None:
        if re.fullmatch(r"\d{4}", part):
            return part + "-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", part):
            return part + "-01"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            return part
        period = _PERIODS.get(part[5:].casefold()) if part[:4].isdigit() else None
        return f"{part[:4]}-{period[0]}-01" if period else None

    def high(part: str) -> str | None:
        if re.fullmatch(r"\d{4}", part):
            return part + "-12-31"
        if re.fullmatch(r"\d{4}-\d{2}", part):
            return part + "-31"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part):
            return part
        period = _PERIODS.get(part[5:].casefold()) if part[:4].isdigit() else None
        return f"{part[:4]}-{period[1]}-31" if period else None

    lo, hi = low(first), high(last)
    return (lo, hi) if lo and hi else None


def _reaches_into(date: str, when: datetime) -> bool:
    """Whether a stated date overlaps the SAME_NEWS_DAYS before ``when``."""
    bounds = date_bounds(date)
    if bounds is None:
        return True  # a form this cannot read does not tell two events apart
    since = (when - timedelta(days=SAME_NEWS_DAYS)).date().isoformat()
    return bounds[0] <= when.date().isoformat() and bounds[1] >= since


def published_apart(a: Item, b: Item) -> bool:
    """Both publication dates are known and more than SAME_NEWS_DAYS apart."""
    if a.when is None or b.when is None:
        return False
    return abs((a.when - b.when).days) > SAME_NEWS_DAYS


def _optional_agree(x: str, y: str) -> bool:
    """A part both state must agree; a part one leaves out does not disagree."""
    return not x or not y or names_agree(x, y) or things_agree(x, y)


def figures_clash(a: Item, b: Item) -> bool:
    """Both state figures and share none: "captured 23 pirates" / "captured 26 pirates"."""
    na, nb = set(_NUMBER.findall(a.text)), set(_NUMBER.findall(b.text))
    return bool(na and nb and not na & nb)


def same_event(new: Item, old: Item, *, timed: bool = True) -> bool:
    """The same actor did the same thing to the same object, at a compatible time and place.

    ``timed=False`` leaves time out, for claims whose own value is about time ("first", dates).
    """
    if not same_action(new.action, old.action) or not actors_agree(new, old):
        return False
    if {new.qualifiers, old.qualifiers} == {"planned", "done"}:
        return False  # "will accept" (planned) is not "accepted"
    if action_key(new.action) in ONCE_ONLY_ACTIONS:
        # A person dies once: only two stated dates that disagree tell two deaths apart (namesakes
        # differ by name), whenever each report was published.
        return not (new.date and old.date and not dates_agree(new.date, old.date))
    if timed and not times_agree(new, old):
        return False
    if not _optional_agree(new.place, old.place) or figures_clash(new, old):
        return False
    if new.target and old.target:
        if not things_agree(new.target, old.target) or _tally(new.target) or _tally(old.target):
            return False
        if counted_apart(new.target, old.target) or series_and_one(new.target, old.target):
            return False
        # The names of object and place together: "the South Carolina Republican primary" is not
        # "the Republican primary in Arkansas".
        names_new = _proper_words(f"{new.target} {new.place}")
        names_old = _proper_words(f"{old.target} {old.place}")
        if names_new and names_old and not (names_new <= names_old or names_old <= names_new):
            return False
        # A named object ("ATI", "the Oscars", "Japan") identifies the event; a common noun ("an
        # emergency patch", "sanctions") does not alone: something else specific must be shared.
        if _named(new.target) != _named(old.target) and stem(_head(new.target)) != stem(_head(old.target)):
            # A named occasion and a more general common noun WordNet puts above it ("the Georgia
            # primary" / "the presidential election"): the general noun must refer back to that
            # name in its own sentence ("The ASEAN summit marked the second time Rutte attended
            # the gathering"), or something else both state must join them.
            named, general = (new, old) if _named(new.target) else (old, new)
            names = _proper_words(named.target)
            return names <= _proper_words(general.sentence) or shares_specifics(new, old)
        return (
            _named(new.target)
            or _named(old.target)
            or _described_alike(new.target, old.target)
            or shares_specifics(new, old)
        )
    if action_key(new.action) in ONCE_ONLY_ACTIONS:
        return True  # a person dies once
    if bool(new.target) != bool(old.target):
        return False  # "Microsoft released today" says not what was released
    # Neither names an object ("Sanders won"): a place, a date or another name both state must
    # say it is one occasion, and the rest of the clause must be about the same.
    about_new, about_old = new.about_terms, old.about_terms
    return shares_specifics(new, old) and len(about_new & about_old) >= 2


# Quantifiers that make an object a tally or a series: "won more and more primaries", "has won
# the most states", "won several contests" are many events (or none in particular), never one.
_TALLY = re.compile(r"\b(?:more|most|many|several|numerous|fewer|few|all|dozens|hundreds|thousands)\b", re.I)


def _tally(target: str) -> bool:
    return bool(_TALLY.search(target))


def counted_apart(a: str, b: str) -> bool:
    """One object is counted and the other is not, and they are different things: "won 15.6
    million votes" is a tally, "won the South Dakota primary" one contest (WordNet files a primary
    under votes). "captured 23 pirates" / "captured the pirates" share the noun and may agree."""
    na, nb = bool(_NUMBER.search(a)), bool(_NUMBER.search(b))
    return na != nb and stem(_head(a)) != stem(_head(b))


def series_and_one(a: str, b: str) -> bool:
    """A plain plural against a name: "Sanders has won states" (many) is not "won Rhode Island"
    (one of them), though WordNet files Rhode Island under states."""

    def plural(phrase: str) -> bool:
        words = re.findall(r"[^\W\d_]+", _PREPOSITION.split(phrase)[0])
        head = words[-1] if words else ""
        counted = bool(_NUMBER.search(phrase))  # "23 pirates" is one group
        return (
            not counted
            and head.islower()
            and len(head) > 3
            and head.endswith("s")
            and not head.endswith("ss")
        )

    def one(phrase: str) -> bool:
        # The name must be the object's own: in "body armor to Ukraine" the name after the
        # preposition is who got the object, not the object.
        return _named(_PREPOSITION.split(phrase)[0])

    return (plural(a) and one(b) and not _named(a)) or (plural(b) and one(a) and not _named(b))


def _named(phrase: str) -> bool:
    """A proper name in the phrase (an object's phrase has no determiner and never opens a
    sentence, so a capital is a name's: "ASEAN summit", "Oscars")."""
    words = re.findall(r"[^\W\d_]+", phrase)
    return any(w[:1].isupper() for w in words)


def _described_alike(a: str, b: str) -> bool:
    """Two common-noun objects described by the same modifiers, one inside the other ("an
    emergency update" / "an emergency security update"): a bare "sanctions" is no description."""
    ta, tb = terms(a), terms(b)
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return len(small) >= 2 and small <= large


def shares_specifics(a: Item, b: Item) -> bool:
    """Beyond the actor: a named entity, a figure or a date both state."""
    actors = {x.casefold() for x in (*a.subject.split(" and "), *b.subject.split(" and "))}
    ents_a = {e.casefold() for e in a.entities} - actors
    ents_b = {e.casefold() for e in b.entities} - actors
    if ents_a & ents_b or any(names_agree(x, y) for x in ents_a for y in ents_b):
        return True
    if set(_NUMBER.findall(a.text)) & set(_NUMBER.findall(b.text)):
        return True
    return bool(a.date and b.date and dates_agree(a.date, b.date))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _measures_agree(a: str, b: str) -> bool:
    """ "killed" / "died" as verbs of one class, or one noun phrase for the other; "average tax
    increase" is not "average tax cut" (their heads differ)."""
    if " " not in a.strip() and " " not in b.strip() and same_action(a, b):
        return True
    heads_a, heads_b = _noun_keys(a), _noun_keys(b)
    if heads_a and heads_b and stem(heads_a[-1]) != stem(heads_b[-1]):
        return any(wordnet.same_thing(x, y) for x in heads_a for y in heads_b)
    return things_agree(a, b)


def same_measure(new: Item, old: Item) -> bool:
    """The same unit and measure of the same subject, with compatible qualifiers, time and place."""
    if new.unit.casefold() != old.unit.casefold():
        return False
    # A figure is a claim only with what it measures and of whom: "46 percent" alone is nobody's
    # poll share, and two "two counts" may be two defendants'.
    if not (new.measure and old.measure and new.subject and old.subject):
        return False
    if not _measures_agree(new.measure, old.measure):
        return False
    if not names_agree(new.subject, old.subject) or not same_poll(new, old):
        return False
    # What a count counts is not what is said of it: "has 503 delegates" / "needs 67 delegates".
    if new.action and old.action and not same_action(new.action, old.action):
        return False
    only_counted = stem(_head(new.measure)) == stem(_head(new.unit)) or stem(_head(old.measure)) == stem(
        _head(old.unit)
    )
    if only_counted and not (new.action and old.action):
        return False
    if new.qualifiers and old.qualifiers and not things_agree(new.qualifiers, old.qualifiers):
        return False
    if new.date and old.date and not dates_agree(new.date, old.date):
        return False
    return _optional_agree(new.place, old.place)


def same_poll(a: Item, b: Item) -> bool:
    """A poll's figure is that poll's: figures from polls are one claim only when both sentences
    name the same pollster or poll (a capitalised name both share, other than the subject's)."""
    if not (_POLL.search(a.sentence) or _POLL.search(b.sentence)):
        return True
    subject = _name_keys(a.subject) | _name_keys(b.subject)
    names_a = {stem(w.casefold()) for w in _CAPITALISED.findall(a.sentence)} - subject
    names_b = {stem(w.casefold()) for w in _CAPITALISED.findall(b.sentence)} - subject
    return bool(names_a & names_b)


def fully_stated_alike(new: Item, old: Item) -> bool:
    """Both state the measure and subject, the same qualifiers (or none) and one time: only then
    can a different figure contradict. The time is a stated date both give, or, for figures "so
    far", publication dates within FIGURE_DAYS; with no date at all nothing shows it is one time
    (two earthquakes' death tolls)."""
    if not (new.measure and old.measure and new.subject and old.subject):
        return False
    if bool(new.qualifiers) != bool(old.qualifiers):
        return False
    if new.date or old.date:
        return bool(new.date and old.date)
    if new.when is None or old.when is None:
        return False
    return abs((new.when - old.when).days) <= FIGURE_DAYS
