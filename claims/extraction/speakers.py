"""Who said it: naming, classifying and resolving the speakers of quotes within one article.

A speaker phrase found by the quote finder (a name, a pronoun, "a senior official", "the joint
statement") becomes a :class:`ResolvedSpeaker`. People are clustered per article: a surname alone
or a pronoun resolves to a person named earlier, and variant spellings of one name join one
cluster when the surname and the stated role or affiliation agree.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .quote_lexicon import (
    ANONYMOUS_NOUNS,
    DOCUMENT_NOUNS,
    ORGANISATION_NOUNS,
    ORGANISATION_WORDS,
    PRONOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from .quote_names import gender_of_pronoun, gender_of_words
from .types import Span as CharSpan
from .types import SpeakerRef

_NOUN_PHRASE_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "advmod"}
_ROLE_STOP = {"the", "a", "an", "of", "for", "and", "at", "in", "on", "to", "former", "who", "is", "was", "s"}


@dataclass
class Person:
    """One person as the article names them; mutable while the article is read."""

    name: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None  # "m" or "f" when a given name, title or pronoun tells

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None

    @property
    def surname(self) -> str:
        return self.name.split()[-1].lower()


@dataclass(frozen=True)
class ResolvedSpeaker:
    name: str
    kind: str  # person | organisation | document | anonymous
    span: CharSpan
    role: str | None = None


def _role_words(role: str | None) -> set[str]:
    """Content words of a role, singularised crudely so "Strategies" matches "Strategy"."""
    out = set()
    for w in re.findall(r"[a-z]+", (role or "").lower()):
        if w in _ROLE_STOP or len(w) < 3:
            continue
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def _roles_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """True when some role of one name shares most of its words with some role of the other."""
    for ra in a:
        for rb in b:
            wa, wb = _role_words(ra), _role_words(rb)
            if wa and wb and len(wa & wb) / min(len(wa), len(wb)) >= 0.6:
                return True
    return False


def clean_name(text: str) -> str:
    """Strip titles, possessives and stray punctuation from a person's name."""
    text = re.sub(r"['’]s$", "", text.strip()).strip(" ,.;:")
    words = text.split()
    while len(words) > 1 and words[0].lower().strip(".") in TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


class SpeakerIndex:
    """The people of one article, clustered by name, with what is needed to resolve pronouns."""

    def __init__(self, doc: Doc, skip: Sequence[tuple[int, int]] = ()) -> None:
        self.doc = doc
        self.people: list[Person] = []
        self._by_alias: dict[str, Person] = {}
        # Sentence starts, with every new line one too: captions and headings carry no full stop.
        self._sent_starts = [
            t.i for t in doc if t.is_sent_start or (t.i > 0 and "\n" in doc[t.i - 1].text_with_ws)
        ]
        # (char start, sentence number, subject rank, person, char end) in text order
        self._mentions: list[tuple[int, int, int, Person, int]] = []
        self._others: dict[str, SpeakerRef] = {}
        self._groups: list[tuple[int, ResolvedSpeaker]] = []  # (sentence, speaker) of non-persons
        self._quoted: list[Person] = []
        found: list[tuple[Span, str, str | None]] = []
        roles: dict[str, list[str]] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or any(s <= ent.start_char < e for s, e in skip):
                continue
            name = clean_name(_with_given_names(ent))
            if not name or not name[0].isupper():
                continue
            role = self._role_of(ent)
            found.append((ent, name, role))
            if role:
                roles.setdefault(name.lower(), []).append(role)
        # Full names first, each with every role the article gives it, so that a variant spelling
        # seen early without a role still meets its role before clustering; surnames alone last.
        for _, name, _ in sorted(found, key=lambda f: len(f[1].split()) < 2):
            self.person_for(name, roles=roles.get(name.lower(), []))
        for ent, name, _ in found:
            person = self._by_alias[name.lower()]
            if person.gender is None:
                before = [ent.doc[ent.start - 1].text] if ent.start else []
                person.gender = gender_of_words(before + _with_given_names(ent).split())
            rank = self._subject_rank(ent.root)
            if self._sent_starts and self._sent_starts[self._sent_no(ent.start)] == ent.start:
                rank = max(rank, 2)  # a name opening its sentence is its topic even when the parse is off
            self._mentions.append((ent.start_char, self._sent_no(ent.start), rank, person, ent.end_char))

    # -- clustering ---------------------------------------------------------------------------

    def person_for(self, name: str, *, roles: Sequence[str] = ()) -> Person:
        """The cluster for ``name``, joining an existing one when the text makes it clear."""
        key = name.lower()
        match = self._by_alias.get(key)
        if match is None:
            match = self._match(key.split(), roles)
        if match is None:
            match = Person(name=name)
            self.people.append(match)
        elif len(key.split()) > len(match.name.split()) == 1:
            # First seen by surname only: the full name becomes canonical.
            match.aliases.append(match.name)
            match.name = name
        elif name != match.name and name not in match.aliases:
            match.aliases.append(name)
        match.roles.extend(r for r in roles if r not in match.roles)
        self._by_alias[key] = match
        return match

    def _match(self, words: list[str], roles: Sequence[str]) -> Person | None:
        if len(words) == 1:
            # A surname alone: the most recent person with that surname (or that single name).
            for person in reversed(self.people):
                if words[0] in (person.surname, person.name.lower()):
                    return person
            # A given name alone ("Pete") for the one person of that given name.
            by_given = [
                p for p in self.people if len(p.name.split()) > 1 and p.name.lower().split()[0] == words[0]
            ]
            return by_given[0] if len(by_given) == 1 else None
        same_surname = [p for p in self.people if p.surname == words[-1]]
        for person in reversed(same_surname):
            given, other = words[0], person.name.lower().split()[0]
            if len(person.name.split()) == 1 or given.rstrip(".") == other[: len(given.rstrip("."))]:
                return person  # "J. Smith" / "John Smith", or a surname seen first
            if _roles_agree(roles, person.roles):
                return person  # a transliteration spelt another way, same role
        if not roles and len(same_surname) == 1 and not self._distinct_given_name(words, same_surname[0]):
            return same_surname[0]
        # Surname-first order ("Takai Jin"): a unique match on the first word, no conflicting role.
        reversed_order = [p for p in self.people if p.surname == words[0]]
        if len(reversed_order) == 1 and (not roles or _roles_agree(roles, reversed_order[0].roles)):
            return reversed_order[0]
        return None

    def _distinct_given_name(self, words: list[str], person: Person) -> bool:
        """True when two names clearly differ in their given names ("Bill" vs "Hillary" Clinton)."""
        return words[0] != person.name.lower().split()[0]

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
                return ent.doc[sub[0].i : sub[-1].i + 1].text.strip(" ,")
        title = []
        i = ent.start - 1
        while (
            i >= 0
            and ent.doc[i].is_title
            and ent.doc[i].dep_ == "compound"
            and ent.doc[i].ent_type_ != "PERSON"
        ):
            title.append(ent.doc[i].text)
            i -= 1
        inner = [w for w in ent.text.split()[:-1] if w.lower().strip(".") in TITLE_WORDS]
        words = list(reversed(title)) + inner
        return " ".join(words) or None

    def antecedent(self, char: int, token_i: int, pronoun: str = "") -> Person | None:
        """The person a pronoun at ``char`` most likely refers to: a recent sentence subject,
        preferring one of the pronoun's gender when the article tells it."""
        sent = self._sent_no(token_i)
        gender = gender_of_pronoun(pronoun)
        best: tuple[bool, float, int] | None = None
        chosen = None
        lo = bisect.bisect_left(self._mentions, (char - 4000,), key=lambda m: (m[0],))
        for start, sent_no, rank, person, _ in self._mentions[lo:]:
            if start >= char:
                break
            dist = sent - sent_no
            if dist > 4:
                continue
            agrees = not gender or person.gender in (None, gender)
            score = (agrees, rank - 1.5 * dist, start)
            if best is None or score > best:
                best, chosen = score, person
        if chosen is None and self._quoted:
            return self._quoted[-1]
        return chosen

    def recent_speaker(self, char: int, token_i: int) -> ResolvedSpeaker | None:
        """A guess for a quote with no cue at all: the person the text was last about."""
        person = self.antecedent(char, token_i)
        if person is None:
            return None
        for start, _, _, who, end in reversed(self._mentions):
            if who is person and start < char:
                return ResolvedSpeaker(person.name, "person", CharSpan(start, end), person.role)
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

    def note_other(self, ref: SpeakerRef) -> None:
        self._others.setdefault(ref.name.lower(), ref)

    def note_group(self, speaker: ResolvedSpeaker, token: Token) -> None:
        """Record a speaker that is not a person, for a "they" in the sentences after it."""
        self._groups.append((self._sent_no(token.i), speaker))

    def group_for(self, token: Token) -> ResolvedSpeaker | None:
        """The organisation, document or group a "they" at ``token`` most likely stands for."""
        sent = self._sent_no(token.i)
        for sent_no, speaker in reversed(self._groups):
            if speaker.span.start < token.idx:
                return speaker if sent - sent_no <= 2 else None
        return None

    def refs(self, used: set[str]) -> list[SpeakerRef]:
        """SpeakerRefs for the speakers of the article's quotes."""
        out = [
            SpeakerRef(name=p.name, kind="person", role=p.role, aliases=tuple(p.aliases))
            for p in self.people
            if p.name in used
        ]
        out.extend(r for r in self._others.values() if r.name in used)
        return out

    def is_known_person_word(self, word: str) -> bool:
        w = word.lower()
        return w in self._by_alias or any(w == p.surname for p in self.people)


def _with_given_names(ent: Span) -> str:
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


def _phrase_tokens(head: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, without appositions or clauses."""
    doc = head.doc
    if head.ent_type_ and head.ent_iob_ != "O":
        for ent in doc.ents:
            if ent.start <= head.i < ent.end:
                start, end = ent.start, ent.end
                while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i >= start:
                    start -= 1
                while end - 1 > start and doc[end - 1].text in ("'s", "’s"):
                    end -= 1
                return start, end
    start = head.i
    for child in head.lefts:
        if child.dep_ in _NOUN_PHRASE_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    while end < len(doc) and doc[end].dep_ == "compound" and doc[end].head.i > end:
        end += 1
    return start, end


def named_speaker(name: str, span: CharSpan, token: Token, index: SpeakerIndex) -> ResolvedSpeaker:
    """A speaker given by name alone, as in a signature after a quote (``"..." ― Ana Diaz``)."""
    name = clean_name(name)
    if any(w.lower() in ORGANISATION_WORDS for w in name.split()):
        ref = SpeakerRef(name=name, kind="organisation")
        index.note_other(ref)
        return ResolvedSpeaker(name, "organisation", span)
    person = index.person_for(name)
    index.note_mention(person, span.start, token)
    return ResolvedSpeaker(person.name, "person", span, person.role)


def describe_speaker(head: Token, index: SpeakerIndex) -> ResolvedSpeaker:
    """Name, kind and text span of the speaker whose phrase is headed by ``head``."""
    doc = head.doc
    if head.lower_ in PRONOUNS or head.pos_ == "PRON":
        span = CharSpan(head.idx, head.idx + len(head.text))
        person = (
            index.antecedent(head.idx, head.i, head.text) if head.lower_ not in ("they", "we", "i") else None
        )
        group = index.group_for(head) if head.lower_ == "they" else None
        if group is not None:
            return ResolvedSpeaker(group.name, group.kind, span, group.role)
        if person is None and head.lower_ in ("they", "we"):
            return ResolvedSpeaker(head.text, "organisation", span)
        if person is None:
            return ResolvedSpeaker(head.text, "person", span)
        return ResolvedSpeaker(person.name, "person", span, person.role)
    start, end = _phrase_tokens(head)
    phrase = doc[start:end]
    span = CharSpan(phrase.start_char, phrase.end_char)
    text = phrase.text
    lemma = head.lemma_.lower()
    ent_type = head.ent_type_
    is_name = head.pos_ == "PROPN" or (ent_type in ("PERSON", "ORG", "GPE", "NORP") and head.is_title)
    if not is_name:
        if lemma in DOCUMENT_NOUNS:
            kind = "document"
        elif lemma in ORGANISATION_NOUNS:
            kind = "organisation"
        elif lemma in ANONYMOUS_NOUNS or head.tag_ in ("NNS",):
            kind = "anonymous"
        else:
            kind = "anonymous"
        ref = SpeakerRef(name=text, kind=kind)
        index.note_other(ref)
        resolved = ResolvedSpeaker(text, kind, span)
        index.note_group(resolved, head)
        return resolved
    name = clean_name(text)
    words = name.split()
    looks_org = (
        (
            ent_type in ("ORG", "GPE", "NORP", "FAC", "LOC")
            and not any(index.is_known_person_word(w) for w in words)
        )
        or any(w.lower() in ORGANISATION_WORDS for w in words)
        or (len(words) == 1 and name.isupper())
    )
    if looks_org:
        ref = SpeakerRef(name=name, kind="organisation")
        index.note_other(ref)
        resolved = ResolvedSpeaker(name, "organisation", span)
        index.note_group(resolved, head)
        return resolved
    role = None
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            sub = list(child.subtree)
            role = doc[sub[0].i : sub[-1].i + 1].text.strip(" ,")
            break
    if role is None:
        title = [w for w in text.split()[: -len(words)] if w] if len(text.split()) > len(words) else []
        role = " ".join(title) or None
    person = index.person_for(name, roles=[role] if role else [])
    index.note_mention(person, head.idx, head)
    return ResolvedSpeaker(person.name, "person", span, person.role)
