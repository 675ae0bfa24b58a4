"""One index of the people of a document, and who a name, title or pronoun refers to.

Built once per document from the named entities (outside boilerplate and headlines). Quotes,
events and claims all ask it: :meth:`PeopleIndex.resolve_name` for a name as written ("Trump",
"Mrs. Clinton", "Donald J. Trump"), :meth:`resolve_pronoun` for "he"/"she", and
:meth:`resolve_description` for a definite description ("the mayor", "the Republican nominee").

The evidence is what the text gives: full names, honorifics, given names and kinship nouns for
gender, titles and appositions for roles, and how prominent (named often, early, not as someone's
relative) and how recent each candidate is. When the text does not decide between people, the
answer is *ambiguous*, with the candidates and a low confidence; when nobody fits, *unresolved*.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..lexicon.names import FEMALE_PRONOUNS, MALE_PRONOUNS, gender_of_pronoun, gender_of_words
from ..lexicon.nouns import FEMALE_ROLE_NOUNS, KINSHIP_NOUNS, MALE_ROLE_NOUNS, TITLE_ABBREVIATIONS
from ..lexicon.public_figures import public_figures_named
from ..nlp import doc_ents, doc_text
from ..quote_lexicon import SPEECH_VERBS, TITLE_WORDS
from ..types import SpeakerRef
from .names import (
    clean_name,
    clean_role,
    fold_word,
    honorific_of,
    looks_like_headline,
    name_key,
    plausible_person_name,
    short_key,
    with_given_names,
)

_ROLE_STOP = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "at",
    "in",
    "on",
    "to",
    "who",
    "is",
    "was",
    "s",
    "his",
    "her",
}
# A bare surname means the namesake named in full within NAMESAKE_NEAR characters before it (a
# paragraph or two) when no other was named within NAMESAKE_RIVAL (a few): PeopleIndex._local_namesake.
NAMESAKE_NEAR = 1500
NAMESAKE_RIVAL = 3000
_GENDERED_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f", "dame": "f"}


@dataclass
class Person:
    """One person as the article names them; mutable while the article is read."""

    name: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other full-name spellings only
    gender: str | None = None  # "m" or "f" when a given name, title, kinship noun or pronoun tells
    named: int = 0  # how often the article names them (full name, surname, given name)
    first: int = 1 << 30  # offset of the first mention
    relative: bool = False  # introduced as someone's relative ("his wife, Heidi")
    _votes: dict[str, int] = field(default_factory=dict)
    _seq: int = 0  # position in the article's list of people

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None

    @property
    def full(self) -> bool:
        return len(self.name.split()) > 1

    @property
    def surname(self) -> str:
        return fold_word(self.name.split()[-1])

    @property
    def given(self) -> str:
        return fold_word(self.name.split()[0])

    def role_words(self) -> set[str]:
        return {w for r in self.roles for w in role_words(r)}

    def salience(self) -> float:
        """How prominent the person is in the article: named often and early, not as a relative."""
        return self.named + (0 if self.relative else 3) - self.first / 20000


@dataclass(frozen=True)
class Resolution:
    """Who a name, description or pronoun refers to: a person, several candidates, or nobody."""

    person: Person | None
    candidates: tuple[Person, ...] = ()
    confidence: float = 0.9

    @property
    def status(self) -> str:
        if self.person is None:
            return "unresolved"
        return "ambiguous" if len(self.candidates) > 1 else "resolved"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.candidates)


NOBODY = Resolution(None, (), 0.0)


def role_words(role: str | None) -> set[str]:
    """Content words of a role, abbreviations spelt out and singularised crudely ("Sen." -> senator)."""
    out = set()
    for w in re.findall(r"[a-z][a-z-]*", (role or "").lower()):
        w = TITLE_ABBREVIATIONS.get(w, w)
        if w in _ROLE_STOP or len(w) < 3:
            continue
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def roles_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when some role of one name shares most of its words with some role of the other."""
    for ra in a:
        for rb in b:
            wa, wb = role_words(ra), role_words(rb)
            if wa and wb and len(wa & wb) / min(len(wa), len(wb)) >= 0.6:
                return True
    return False


def _gendered_title(ent: Span) -> Token | None:
    """The "Mr."/"Mrs."/"Ms." right before a name, if there is one."""
    before = ent.doc[ent.start - 1] if ent.start else None
    return before if before is not None and before.lower_.strip(".") in _GENDERED_TITLES else None


def _decide(ranked: list[Person], *, sure: float, margin: float) -> Resolution:
    """The first of ``ranked`` when it clearly leads the second by salience, else ambiguous."""
    if not ranked:
        return NOBODY
    if len(ranked) == 1:
        return Resolution(ranked[0], (ranked[0],), sure)
    best, second = ranked[0].salience(), ranked[1].salience()
    if best - second >= margin:
        return Resolution(ranked[0], (ranked[0],), sure - 0.15)
    return Resolution(ranked[0], tuple(ranked), 0.4)


class PeopleIndex:
    """The people of one document, clustered by name, with what pronouns and titles need."""

    def __init__(self, doc: Doc, skip: Sequence[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.people: list[Person] = []
        self._by_key: dict[str, Person] = {}
        # Every folded word of each person's name (and of former names) -> those people: lookups by
        # surname or given name read the few people who carry the word, not everyone named so far.
        self._by_word: dict[str, list[Person]] = {}
        self._skip = sorted(skip)
        self._text = doc_text(doc)
        self._headlines: dict[int, bool] = {}  # line start -> whether the line is a headline
        # Sentence starts, with every new line one too: captions and headings carry no full stop.
        self._sent_starts = [
            t.i for t in doc if t.is_sent_start or (t.i > 0 and "\n" in doc[t.i - 1].text_with_ws)
        ]
        # (char start, sentence number, subject rank, person, char end) in text order
        self._mentions: list[tuple[int, int, int, Person, int]] = []
        self._quoted: list[Person] = []
        self._quoted_starts: list[int] = []
        self._quoted_spans: list[tuple[int, int]] = []
        self._read_entities()

    @property
    def text(self) -> str:
        """The document's text (read once)."""
        return self._text

    # -- building ------------------------------------------------------------------------------

    def _skipped(self, char: int) -> bool:
        i = bisect.bisect_right(self._skip, (char, 1 << 62)) - 1
        return i >= 0 and self._skip[i][0] <= char < self._skip[i][1]

    def _in_headline(self, char: int) -> bool:
        text = self._text
        start = text.rfind("\n", 0, char) + 1
        if start not in self._headlines:
            end = text.find("\n", char)
            self._headlines[start] = looks_like_headline(text[start : end if end >= 0 else len(text)])
        return self._headlines[start]

    def _read_entities(self) -> None:
        found: list[tuple[Span, str, str | None]] = []
        roles: dict[str, list[str]] = {}
        lone: list[Span] = []
        for ent in doc_ents(self.doc):
            if self._skipped(ent.start_char) or self._in_headline(ent.start_char):
                continue
            if ent.label_ in ("ORG", "GPE", "NORP") and len(ent) == 1 and ent.text[:1].isupper():
                lone.append(ent)  # the small model often labels a lone surname an organisation
                continue
            if ent.label_ != "PERSON" and not looks_like_person(ent):
                continue
            name = clean_name(with_given_names(ent))
            if not plausible_person_name(name):
                continue
            role = clean_role(self._role_of(ent))
            found.append((ent, name, role))
            if role:
                roles.setdefault(name_key(name), []).append(role)
        # Full names first, each with every role the article gives it, so that a variant spelling
        # seen early without a role still meets its role before clustering; surnames alone last.
        for ent, name, _ in sorted(found, key=lambda f: (len(f[1].split()) < 2, f[0].start)):
            if len(name.split()) > 1:
                self.person_for(name, roles=roles.get(name_key(name), []), at=ent.start_char)
        surnames = {p.surname for p in self.people if p.full}
        found.extend((ent, ent.text, None) for ent in lone if fold_word(ent.text) in surnames)
        found.sort(key=lambda f: f[0].start)
        for ent, name, _ in found:
            if len(name.split()) > 1:
                person = self.person_for(name, at=ent.start_char)
            else:
                # "Mr. Obama": the title before the entity tells the gender, as it does for a speaker.
                title = _gendered_title(ent)
                written = f"{title.text} {ent.text}" if title is not None else ent.text
                resolution = self.resolve_name(name, at=ent.start_char, written=written)
                if resolution.person is None or resolution.status == "ambiguous":
                    continue
                person = resolution.person
            person.named += 1
            self._learn_gender(person, ent)
            if self._is_relative(ent):
                person.relative = person.relative or person.named == 1
            rank = self._subject_rank(ent.root)
            if self._sent_starts and self._sent_starts[self._sent_no(ent.start)] == ent.start:
                rank = max(rank, 2)  # a name opening its sentence is its topic even when the parse is off
            self._mentions.append((ent.start_char, self._sent_no(ent.start), rank, person, ent.end_char))
        self._mentions.sort(key=lambda m: m[0])
        self._genders_from_pronouns()

    def _learn_gender(self, person: Person, ent: Span) -> None:
        title = _gendered_title(ent)
        vote = _GENDERED_TITLES[title.lower_.strip(".")] if title is not None else None
        if vote is None and person.full:
            vote = gender_of_words(person.name.split())
        elif vote is None and not any(
            p.full and p.surname == fold_word(person.name) for p in self._named(fold_word(person.name))
        ):
            vote = gender_of_words([person.name, "?"])  # one word that is a given name: "Melanie"
        if vote is None:
            for tok in self._near(ent):
                lemma = tok.lemma_.lower()
                vote = "f" if lemma in FEMALE_ROLE_NOUNS else "m" if lemma in MALE_ROLE_NOUNS else None
                if vote:
                    break
        if vote is not None:
            person._votes[vote] = person._votes.get(vote, 0) + 2
            person.gender = max(person._votes, key=lambda g: person._votes[g])

    @staticmethod
    def _near(ent: Span) -> list[Token]:
        """The nouns in apposition to a name or right before it ("his wife, Heidi", "Heidi, his wife")."""
        root = ent.root
        near = [root.head] if root.dep_ in ("appos", "compound") else []
        near += [c for c in root.children if c.dep_ in ("appos", "compound")]
        if ent.start >= 1:
            near.append(ent.doc[ent.start - 1])
        if ent.start >= 2 and ent.doc[ent.start - 1].text == ",":
            near.append(ent.doc[ent.start - 2])
        return near

    def _is_relative(self, ent: Span) -> bool:
        """ "his wife, Heidi", "Heidi, his wife", "Trump's daughter Ivanka": a relative of someone."""
        return any(t.lemma_.lower() in KINSHIP_NOUNS for t in self._near(ent))

    def _genders_from_pronouns(self) -> None:
        """A person alone in a sentence, followed there or in the next by "he"/"his" or "she"/"her"."""
        by_sent: dict[int, list[Person]] = {}
        for _, sent_no, _, person, _ in self._mentions:
            by_sent.setdefault(sent_no, []).append(person)
        pronouns: dict[int, list[str]] = {}
        for tok in self.doc:
            low = tok.lower_
            if tok.dep_ == "poss" and tok.head.lemma_.lower() in KINSHIP_NOUNS:
                continue  # "his wife, Greta": the pronoun is the other spouse's
            if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
                pronouns.setdefault(self._sent_no(tok.i), []).append("m" if low in MALE_PRONOUNS else "f")
        for sent_no, persons in by_sent.items():
            if len({id(p) for p in persons}) != 1:
                continue
            person = persons[0]
            if person.gender is not None and person._votes.get(person.gender, 0) >= 2:
                continue
            seen = pronouns.get(sent_no, []) + (
                pronouns.get(sent_no + 1, []) if sent_no + 1 not in by_sent else []
            )
            if seen and len(set(seen)) == 1:
                person._votes[seen[0]] = person._votes.get(seen[0], 0) + 1
                person.gender = max(person._votes, key=lambda g: person._votes[g])

    # -- clustering ---------------------------------------------------------------------------

    def person_for(self, name: str, *, roles: Sequence[str] = (), at: int | None = None) -> Person:
        """The person a full name belongs to, joining a variant spelling when the text makes it clear.

        A single word never creates a new full-named person: use :meth:`resolve_name` for those.
        """
        key = name_key(name)
        match = self._by_key.get(key) or self._by_key.get(short_key(name))
        if match is None and len(key.split()) > 2:
            # A word the tagger took into the name in front ("Crooked Hillary Clinton").
            match = self._by_key.get(key.split(" ", 1)[1])
            if match is not None:
                return match
        if match is None:
            match = self._match([fold_word(w) for w in name.split()], roles)
        if match is None:
            match = self._add(Person(name=name))
        elif len(key.split()) > 1 and not match.full:
            # First seen by a single name only: the full name becomes canonical.
            self._rename(match, name)
        elif len(key.split()) > 1 and name != match.name and name not in match.aliases:
            if short_key(name) != short_key(match.name):
                match.aliases.append(name)
            elif len(name.split()) > len(match.name.split()) and "." not in name:
                self._rename(match, name)  # the fuller form: "Marcia Cia Price" over "Marcia Price"
        match.roles.extend(r for r in roles if r not in match.roles)
        if at is not None:
            match.first = min(match.first, at)
        self._by_key[key] = match
        self._by_key.setdefault(short_key(name), match)
        return match

    def _match(self, words: list[str], roles: Sequence[str]) -> Person | None:
        if len(words) < 2:
            return None
        for person in self._named(words[-1]):
            theirs = [fold_word(w) for w in person.name.split()]
            if len(theirs) > len(words) and theirs[-len(words) :] == words:
                return person  # "Suu Kyi" for "Aung San Suu Kyi"
        same_surname = [p for p in self._named(words[-1]) if p.full and p.surname == words[-1]]
        for person in reversed(same_surname):
            given, other = words[0].rstrip("."), person.given
            if len(given) == 1 and other.startswith(given):
                return person  # "J. Smith" / "John Smith"
            if _roles_agree_strictly(roles, person.roles):
                return person  # a transliteration spelt another way, same role
        single = [p for p in self._named(words[-1]) if not p.full and p.name.lower() == words[-1]]
        if single:
            return single[0]
        # Surname-first order ("Takai Jin"): a unique match on the first word, no other role.
        reversed_order = [p for p in self._named(words[0]) if p.full and p.surname == words[0]]
        if len(reversed_order) == 1 and (not roles or roles_agree(roles, reversed_order[0].roles)):
            return reversed_order[0]
        return None

    def _add(self, person: Person) -> Person:
        person._seq = len(self.people)
        self.people.append(person)
        self._index_words(person)
        return person

    def _rename(self, person: Person, name: str) -> None:
        person.name = name
        self._index_words(person)  # the former name's words stay: every lookup checks the name

    def _index_words(self, person: Person) -> None:
        for word in {fold_word(w) for w in person.name.split()}:
            carriers = self._by_word.setdefault(word, [])
            if not any(p is person for p in carriers):
                carriers.append(person)

    def _named(self, word: str) -> list[Person]:
        """The people whose name has (or had) the folded word ``word``, in the article's order."""
        return sorted(self._by_word.get(word, ()), key=lambda p: p._seq)

    # -- per-article facts ------------------------------------------------------------------

    def _sent_no(self, token_i: int) -> int:
        return bisect.bisect_right(self._sent_starts, token_i) - 1

    @staticmethod
    def _subject_rank(root: Token) -> int:
        """3 for the subject of the main verb, 2 of a speech verb, 1 of another verb, 0 otherwise."""
        if root.dep_ in ("nsubj", "nsubjpass"):
            if root.head.dep_ == "ROOT":
                return 3
            return 2 if root.head.lemma_.lower() in SPEECH_VERBS else 1
        return 0

    @staticmethod
    def _role_of(ent: Span) -> str | None:
        """A title before the name ("Foreign Minister") or an apposition after it ("chairman of ...")."""
        for child in ent.root.children:
            if child.dep_ == "appos" and child.i >= ent.end:
                sub = list(child.subtree)
                return ent.doc[sub[0].i : sub[-1].i + 1].text.strip(" ,")[:200]
        first = ent.start
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 6:
            tok = ent.doc[i]
            if tok.ent_type_ == "PERSON" or "\n" in tok.whitespace_:
                break
            titled = tok.lower_.strip(".") in TITLE_WORDS or (
                tok.dep_ in ("compound", "amod", "nmod") and tok.is_title
            )
            named = tok.ent_type_ in ("GPE", "NORP", "ORG") and tok.dep_ in ("compound", "amod", "nmod")
            hyphen = tok.text in ("-", "–") and not tok.whitespace_ and first == i + 1  # "Secretary-General"
            if not (
                titled or named or hyphen or tok.lower_ in ("former", "then", "vice", "deputy", "acting")
            ):
                break
            first = i
            i -= 1
        while first < ent.start and ent.doc[first].lower_.strip(".") in _GENDERED_TITLES:
            first += 1  # "Mrs." tells gender, not a role
        words = [ent.doc[first : ent.start].text] if first < ent.start else []
        # "Sen." inside the entity ("Sen. Ted Example")
        words += [
            w for w in ent.text.split()[:-1] if w.lower().strip(".") in TITLE_WORDS - _GENDERED_TITLES.keys()
        ]
        return " ".join(words) or None

    # -- resolving ------------------------------------------------------------------------------

    def resolve_name(self, text: str, *, at: int, written: str | None = None) -> Resolution:
        """Who the name ``text`` at offset ``at`` is: a full name is its own person, a surname or a
        given name alone is the person of the article it most likely means."""
        written = written or text
        name = clean_name(text)
        words = name.split()
        if not words or not plausible_person_name(name):
            return NOBODY
        if len(words) > 1:
            return Resolution(self.person_for(name, at=at), (), 0.95)
        word = fold_word(words[0])
        honorific = honorific_of(written)
        named = self._named(word)
        candidates = [p for p in named if p.full and p.surname == word]
        by_surname = bool(candidates)
        if not candidates:
            candidates = [p for p in named if p.full and p.given == word]
        if not candidates:
            candidates = [p for p in named if not p.full and fold_word(p.name) == word]
        if not candidates and len(word) >= 5:
            # A misspelt surname ("McLenney" for "McClenney"): one letter off a full name's surname.
            # Not a plural: "the Clintons" is a family, not one of them misspelt.
            candidates = [
                p for p in self.people if p.full and _one_edit(p.surname, word) and word != p.surname + "s"
            ]
        gender = _GENDERED_TITLES.get(honorific or "")
        figure = self._public_figure(word, honorific, gender)
        if figure is not None:
            figure.first = min(figure.first, at)
        if not candidates:
            if figure is not None:
                return Resolution(figure, (), 0.7)
            return Resolution(self._single(name, at), (), 0.5)
        if gender is None and honorific is not None and honorific in TITLE_ABBREVIATIONS.values():
            titled = [p for p in candidates if honorific in p.role_words()]
            candidates = titled or candidates
        if gender is not None:
            agreeing = [p for p in candidates if p.gender in (gender, None)]
            known = [p for p in agreeing if p.gender == gender]
            if not agreeing:
                # "Mr. Obama" where the article names only Michelle Obama in full: someone else.
                return Resolution(figure or self._single(name, at), (), 0.7 if figure else 0.5)
            candidates = known or agreeing
        # Only a surname as written: a near spelling ("the Clintons") is no one person's name.
        local = self._local_namesake(candidates, at) if by_surname else None
        if local is not None:
            return Resolution(local, (local,), 0.75)
        ranked = sorted(candidates, key=lambda p: -p.salience())
        return _decide(ranked, sure=0.9, margin=2.5)

    def _local_namesake(self, candidates: Sequence[Person], at: int) -> Person | None:
        """Of several people a surname can mean, the one the text is about here: named in full
        within the last NAMESAKE_NEAR characters, while no other was named in the last
        NAMESAKE_RIVAL, in any form.

        News names a person in full and then by surname. When a second person of that surname
        comes in ("Homeland Security Secretary Jeh Johnson ... Johnson said"), the bare surname
        that follows means the one just named in full, not the one the article named more often
        pages earlier. Only a full name counts as just named: a bare surname resolved before is
        no evidence, so one wrong guess cannot carry itself on down the article. When both are
        named close together, this says nothing, and salience decides.
        """
        if len(candidates) < 2:
            return None
        ids = {id(p) for p in candidates}
        i = bisect.bisect_left(self._mentions, at, key=lambda m: m[0]) - 1
        nearest: Person | None = None
        named_in_full = False
        while i >= 0:
            start, _, _, person, end = self._mentions[i]
            i -= 1
            if at - start > NAMESAKE_RIVAL:
                break
            if id(person) not in ids:
                continue
            if nearest is None:
                nearest = person
            elif person is not nearest:
                return None
            if at - start <= NAMESAKE_NEAR and len(clean_name(self._text[start:end]).split()) > 1:
                named_in_full = True
        return nearest if named_in_full else None

    def _public_figure(self, word: str, honorific: str | None, gender: str | None) -> Person | None:
        """The one listed leader a surname with this title or honorific can mean, as a person of the
        article (see :mod:`..lexicon.public_figures`), or None."""
        fits = [
            f
            for f in public_figures_named(word)
            if (gender is None or f.gender == gender)
            and (honorific in f.titles if honorific and not gender else f.bare)
        ]
        if len(fits) != 1:
            return None
        figure = fits[0]
        key = name_key(figure.name)
        person = self._by_key.get(key)
        if person is None:
            person = self._add(Person(name=figure.name, gender=figure.gender, roles=sorted(figure.titles)))
            self._by_key[key] = person
            self._by_key.setdefault(short_key(figure.name), person)
        return person

    def _single(self, name: str, at: int) -> Person:
        """A person the article names by one word only ("Melanie", "Oz")."""
        key = name_key(name)
        person = self._by_key.get(key)
        if person is None:
            person = self._add(Person(name=name, first=at))
            self._by_key[key] = person
        return person

    def resolve_pronoun(self, token: Token) -> Resolution:
        """The person "he"/"she" at ``token`` most likely refers to: a recent sentence subject of
        the pronoun's gender, preferring the more prominent when two fit equally."""
        scored = (
            self._pronoun_candidates(token, window=5)
            or self._pronoun_candidates(token, window=12)
            or self._pronoun_candidates(token, window=5, in_quotes=True)
        )
        gender = gender_of_pronoun(token.text)
        if not scored:
            for person in reversed(self._quoted):
                if not gender or person.gender in (None, gender):
                    return Resolution(person, (person,), 0.5)
            return NOBODY
        ranked = sorted(scored.values(), key=lambda s: -s[0])
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < 0.5:
            return Resolution(ranked[0][1], tuple(p for _, p in ranked[:3]), 0.4)
        return Resolution(ranked[0][1], (ranked[0][1],), 0.75)

    def note_quoted(self, spans: Sequence[tuple[int, int]]) -> None:
        """The quoted stretches of the document: a name inside a quote is what someone said, not a
        likely antecedent of the pronoun that attributes it ("“Obama had will.i.am,” he said")."""
        self._quoted_starts = [s for s, _ in spans]
        self._quoted_spans = list(spans)

    def _inside_quote(self, char: int) -> bool:
        i = bisect.bisect_right(self._quoted_starts, char) - 1
        return i >= 0 and self._quoted_spans[i][0] < char < self._quoted_spans[i][1]

    def inside_quote(self, char: int) -> bool:
        """Whether the character lies inside a direct quote the quote finder marked."""
        return self._inside_quote(char)

    def _pronoun_candidates(
        self, token: Token, *, window: int, gender: str | None = None, in_quotes: bool = False
    ) -> dict[int, tuple[float, Person]]:
        """People named within ``window`` sentences before ``token`` who agree with it, scored;
        names inside quotes only when ``in_quotes``."""
        char, sent = token.idx, self._sent_no(token.i)
        gender = gender or gender_of_pronoun(token.text)
        scored: dict[int, tuple[float, Person]] = {}
        lo = bisect.bisect_left(self._mentions, (char - 800 * window,), key=lambda m: (m[0],))
        for start, sent_no, rank, person, _ in self._mentions[lo:]:
            if start >= char:
                break
            dist = sent - sent_no
            if dist > window:
                continue
            if gender and person.gender not in (None, gender):
                continue
            if not in_quotes and self._inside_quote(start):
                continue
            score = (
                rank
                - 1.5 * dist
                + (0.75 if gender and person.gender == gender else 0.0)
                + min(person.salience(), 10) / 10
            )
            best = scored.get(id(person))
            if best is None or score > best[0]:
                scored[id(person)] = (score, person)
        return scored

    def resolve_description(self, head: Token, words: Sequence[str], *, at: int) -> Resolution:
        """The person a definite description headed by ``head`` ("the Vermont senator") refers to:
        the one the article gave that role, else (an epithet) the most prominent person before it
        of the description's gender, flagged as ambiguous."""
        lemma = head.lemma_.lower()
        wanted = role_words(" ".join(words)) - {"former", "current"}
        head_word = TITLE_ABBREVIATIONS.get(lemma, lemma)
        gender = "f" if lemma in FEMALE_ROLE_NOUNS else "m" if lemma in MALE_ROLE_NOUNS else None
        before = [p for p in self.people if p.first < at and p.full]
        titled = [p for p in before if head_word in p.role_words()]
        if gender is not None:
            titled = [p for p in titled if p.gender in (gender, None)]
        if titled:
            ranked = sorted(titled, key=lambda p: (-len(wanted & p.role_words()), -p.salience()))
            if len(ranked) == 1 or len(wanted & ranked[0].role_words()) > len(
                wanted & ranked[1].role_words()
            ):
                return Resolution(ranked[0], (ranked[0],), 0.75)
            return _decide(ranked, sure=0.75, margin=3)
        # An epithet ("the New York businessman"): a guess, flagged ambiguous, for the person whose
        # roles share a modifier, else the most prominent one of the description's gender.
        modifiers = wanted - {head_word}
        pool = [
            p for p in before if (gender is None or p.gender in (gender, None)) and modifiers & p.role_words()
        ]
        if pool:
            ranked = sorted(pool, key=lambda p: (-len(modifiers & p.role_words()), -p.salience()))
            return Resolution(ranked[0], tuple(ranked[:3]), 0.35)
        # Else, like a pronoun, the recent topic of the description's gender.
        scored = self._pronoun_candidates(head, window=5, gender=gender)
        if not scored:
            return NOBODY
        recent = [p for _, p in sorted(scored.values(), key=lambda s: -s[0]) if p.full]
        return Resolution(recent[0], tuple(recent[:3]), 0.35) if recent else NOBODY

    def mention_span(self, person: Person, before: int) -> tuple[int, int] | None:
        """Offsets of the last mention of ``person`` before ``before``."""
        for start, _, _, who, end in reversed(self._mentions):
            if who is person and start < before:
                return start, end
        return None

    def note_mention(self, person: Person, char: int, token: Token) -> None:
        """Record a person named as a speaker (NER may have missed them) so pronouns can find them."""
        entry = (
            char,
            self._sent_no(token.i),
            max(1, self._subject_rank(token)),
            person,
            char + len(token.text),
        )
        bisect.insort(self._mentions, entry, key=lambda m: m[0])
        self._quoted.append(person)

    def full_name(self, name: str) -> str:
        """The full name of a person named by one word, when the article makes it clear; else ``name``."""
        if " " in name.strip():
            return name
        resolution = self.resolve_name(name, at=1 << 30)
        if resolution.status == "resolved" and resolution.person is not None and resolution.person.full:
            return resolution.person.name
        return name

    def is_known_person_word(self, word: str) -> bool:
        w = fold_word(word)
        return any(w in (p.surname, p.given, fold_word(p.name)) for p in self._named(w))


def looks_like_person(ent: Span) -> bool:
    """An entity the model labelled otherwise that is a given name and a surname ("James O'Neill"
    tagged ORG): a person's name."""
    words = ent.text.split()
    return (
        ent.label_ in ("ORG", "GPE", "NORP", "FAC")
        and 2 <= len(words) <= 3
        and gender_of_words(words) is not None
        and plausible_person_name(ent.text)
    )


def _roles_agree_strictly(a: Sequence[str], b: Sequence[str]) -> bool:
    """Roles that agree and say more than a bare title ("director of the Osaka Institute...")."""
    if not roles_agree(a, b):
        return False
    words_a = {w for r in a for w in role_words(r)}
    words_b = {w for r in b for w in role_words(r)}
    return len(words_a & words_b) >= 2


class SpeakerBook(PeopleIndex):
    """The people index plus the organisations, documents and groups quoted in the document."""

    def __init__(self, doc: Doc, skip: Sequence[tuple[int, int]] = ()) -> None:
        super().__init__(doc, skip)
        self._others: dict[str, SpeakerRef] = {}
        self._groups: list[tuple[int, int, str, str]] = []  # (sentence, char, name, kind)
        # Organisations the text names, in text order: what "it", "they" or "the agency" may mean.
        self._orgs: list[tuple[int, int, str]] = [
            (self._sent_no(ent.start), ent.start_char, re.sub(r"^[Tt]he |['’]s$", "", ent.text))
            for ent in doc_ents(doc)
            if ent.label_ == "ORG"
            and not looks_like_person(ent)
            and not self._skipped(ent.start_char)
            and not self._in_headline(ent.start_char)
            and (len(ent) > 1 or ent.text.isupper())
        ]
        self._org_starts = [o[1] for o in self._orgs]

    def note_other(self, ref: SpeakerRef) -> None:
        self._others.setdefault(ref.name.lower(), ref)

    def note_group(self, name: str, kind: str, token: Token) -> None:
        """Record a speaker that is not a person, for a "they" or "it" in the sentences after it."""
        self._groups.append((self._sent_no(token.i), token.idx, name, kind))

    def group_for(self, token: Token) -> tuple[str, str] | None:
        """The organisation, document or group a "they" at ``token`` most likely stands for: the
        latest quoted group or named organisation within two sentences before it."""
        sent = self._sent_no(token.i)
        best: tuple[int, str, str] | None = None
        for sent_no, char, name, kind in reversed(self._groups):
            if char < token.idx:
                if sent - sent_no <= 2:
                    best = (char, name, kind)
                break
        i = bisect.bisect_left(self._org_starts, token.idx) - 1
        if i >= 0 and sent - self._orgs[i][0] <= 2 and (best is None or self._orgs[i][1] > best[0]):
            best = (self._orgs[i][1], self._orgs[i][2], "organisation")
        return (best[1], best[2]) if best else None

    def organisation_named(self, name: str, *, before: int) -> str:
        """The full name of an organisation the text named in full before and now shortens
        ("the Times" after "The New York Times"); else ``name``."""
        if " " in name:
            return name
        i = bisect.bisect_left(self._org_starts, before) - 1
        while i >= 0:
            full = self._orgs[i][2]
            if " " in full and full.split()[-1] == name:
                return full
            i -= 1
        return name

    def organisation_for(self, head: Token) -> tuple[str, bool] | None:
        """The named organisation a definite description ("the commission") refers to, and whether
        its name says so (it contains the head noun) rather than only coming last."""
        sent = self._sent_no(head.i)
        i = bisect.bisect_left(self._org_starts, head.idx) - 1
        latest = None
        while i >= 0 and sent - self._orgs[i][0] <= 3:
            name = self._orgs[i][2]
            if head.lemma_.lower() in name.lower().split():
                return name, True
            if latest is None and sent - self._orgs[i][0] <= 2:
                latest = name
            i -= 1
        return (latest, False) if latest else None

    def refs(self, used: set[str]) -> list[SpeakerRef]:
        """SpeakerRefs for the speakers of the article's quotes (aliases: full-name variants only)."""
        out = [
            SpeakerRef(
                name=p.name,
                kind="person",
                role=p.role,
                aliases=tuple(a for a in p.aliases if len(a.split()) > 1),
            )
            for p in self.people
            if p.name in used
        ]
        out.extend(r for r in self._others.values() if r.name in used)
        return out


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted or replaced letter (same first letter)."""
    if a == b or a[:1] != b[:1] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
