"""Who said it: a speaker phrase found by the quote finder becomes a :class:`ResolvedSpeaker`.

A name, a pronoun, a title ("the mayor"), "a senior official" or "the joint statement" is
classified (person, organisation, document, anonymous source) and, for people, resolved through
the document's :class:`~.index.PeopleIndex`. A pronoun or definite description that refers to
nobody the text names is *unresolved*: no name, only the words as written. A noun phrase that
cannot be a source ("the country's defense capabilities") gives no speaker at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from ..lexicon.nouns import KINSHIP_NOUNS, PEOPLE_NOUNS, ROLE_NOUNS
from ..nlp import ent_around
from ..quote_lexicon import ANONYMOUS_NOUNS, DOCUMENT_NOUNS, ORGANISATION_NOUNS, ORGANISATION_WORDS, PRONOUNS
from ..types import Span as CharSpan
from ..types import SpeakerRef
from .index import Resolution, SpeakerBook
from .names import clean_name, clean_role, plausible_person_name

_NOUN_PHRASE_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "advmod"}
_DEFINITE = {"the", "this", "that"}
# Agent nouns ("protesters", "voters", "analysts", "residents"): a plural of them is a group of people.
_AGENT_SUFFIX = re.compile(r"(er|or|ist|ian|ant|ent|ee|man|men|ive)s?$")
_PERSON_PRONOUNS = {"he", "she", "him", "her"}


@dataclass(frozen=True)
class ResolvedSpeaker:
    name: str | None  # None when unresolved
    kind: str | None  # person | organisation | document | anonymous; None when unresolved
    span: CharSpan
    role: str | None = None
    status: str = "resolved"  # resolved | ambiguous | unresolved
    candidates: tuple[str, ...] = ()
    confidence: float = 0.9
    text: str = ""  # the words at span, as written


def _person(resolution: Resolution, span: CharSpan, text: str) -> ResolvedSpeaker:
    person = resolution.person
    if person is None:
        return ResolvedSpeaker(None, None, span, status="unresolved", confidence=0.0, text=text)
    names = resolution.names if resolution.status == "ambiguous" else ()
    return ResolvedSpeaker(
        person.name,
        "person",
        span,
        person.role,
        status=resolution.status,
        candidates=names,
        confidence=resolution.confidence,
        text=text,
    )


def _phrase_tokens(head: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``head``, without appositions or clauses."""
    doc = head.doc
    if head.ent_type_ and head.ent_iob_ != "O" and (ent := ent_around(head)) is not None:
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


def _person_entity(head: Token) -> tuple[int, int] | None:
    """Token range of the PERSON entity that ``head`` lies in, if any."""
    if head.ent_type_ != "PERSON":
        return None
    ent = ent_around(head)
    return (ent.start, ent.end) if ent is not None else None


def named_speaker(name: str, span: CharSpan, token: Token, index: SpeakerBook) -> ResolvedSpeaker:
    """A speaker given by name alone, as in a signature after a quote (``"..." ― Ana Diaz``)."""
    written = name
    name = clean_name(name)
    if any(w.lower() in ORGANISATION_WORDS for w in name.split()):
        index.note_other(SpeakerRef(name=name, kind="organisation"))
        return ResolvedSpeaker(name, "organisation", span, text=written)
    resolution = index.resolve_name(name, at=span.start, written=written)
    if resolution.person is not None:
        index.note_mention(resolution.person, span.start, token)
    return _person(resolution, span, written)


def describe_speaker(head: Token, index: SpeakerBook) -> ResolvedSpeaker | None:
    """Name, kind and text span of the speaker whose phrase is headed by ``head``; None when the
    phrase cannot be a source."""
    doc = head.doc
    low = head.lower_
    numbered = _numbered_designation(head)
    if numbered is not None:
        return numbered
    if low in ("who", "that", "which") and head.head.dep_ == "relcl" and head.head.head.i != head.i:
        antecedent = head.head.head  # "Minyon Moore, who said ..."
        found = describe_speaker(antecedent, index)
        if found is not None:
            span = CharSpan(head.idx, head.idx + len(head.text))
            return ResolvedSpeaker(
                found.name,
                found.kind,
                span,
                found.role,
                found.status,
                found.candidates,
                found.confidence,
                head.text,
            )
    if low in PRONOUNS or head.pos_ == "PRON":
        span = CharSpan(head.idx, head.idx + len(head.text))
        if low in _PERSON_PRONOUNS or low == "who":
            return _person(index.resolve_pronoun(head), span, head.text)
        if low in ("they", "it"):
            group = index.group_for(head)
            if group is not None:
                return ResolvedSpeaker(group[0], group[1], span, confidence=0.6, text=head.text)
        return ResolvedSpeaker(None, None, span, status="unresolved", confidence=0.0, text=head.text)
    start, end = _phrase_tokens(head)
    phrase = doc[start:end]
    span = CharSpan(phrase.start_char, phrase.end_char)
    text = phrase.text
    ent_type = head.ent_type_
    is_name = (
        head.pos_ == "PROPN"
        or (ent_type in ("PERSON", "ORG", "GPE", "NORP") and head.is_title)
        # A capitalised word inside a sentence the tagger took for a common noun ("Hannity said").
        or _capitalised_noun(head)
    )
    if not is_name:
        return _common_noun(head, start, span, text, index)
    person_range = _person_entity(head)
    words = clean_name(text).split()
    looks_org = person_range is None and (
        (
            ent_type in ("ORG", "GPE", "NORP", "FAC", "LOC")
            and not any(index.is_known_person_word(w) for w in words)
        )
        or any(w.lower() in ORGANISATION_WORDS for w in words)
        or (len(words) == 1 and words[0].isupper())
    )
    if not looks_org and person_range is None and not plausible_person_name(" ".join(words)):
        # A phrase the parse ran on ("Trump accused Holt of being a"): the head word is the name.
        if not plausible_person_name(head.text):
            return None
        start, end = head.i, head.i + 1
        span, text = CharSpan(head.idx, head.idx + len(head.text)), head.text
    if looks_org:
        name = clean_name(text) if ent_type not in ("GPE", "NORP") else text.removeprefix("the ").strip()
        if not name:
            return None
        name = index.organisation_named(name, before=span.start)
        index.note_other(SpeakerRef(name=name, kind="organisation"))
        index.note_group(name, "organisation", head)
        return ResolvedSpeaker(name, "organisation", span, text=text)
    if person_range is not None:
        # "Chinese Foreign Ministry spokesman Wang Wenbin": the person is the name, the rest a role.
        p_start, p_end = person_range
        title = doc[start:p_start].text.strip() if p_start > start else ""
        name_text = doc[p_start:p_end].text
    else:
        title, name_text = "", text
    role = None
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            sub = list(child.subtree)
            role = doc[sub[0].i : sub[-1].i + 1].text.strip(" ,")
            break
    if role is None:
        cleaned = clean_name(name_text)
        lead = name_text[: len(name_text) - len(cleaned)].strip() if name_text.endswith(cleaned) else ""
        role = " ".join(w for w in (title, lead) if w) or None
    role = clean_role(role)
    resolution = index.resolve_name(name_text, at=span.start, written=text)
    person = resolution.person
    if person is not None:
        if role and person.full and role not in person.roles:
            person.roles.append(role)
        index.note_mention(person, head.idx, head)
    return _person(resolution, span, text)


# An unnamed person known by a number: "Juror No. 12", "witness No. 3", "No. 12".
_NUMBERED = re.compile(r"\b(?:(?:[A-Z][a-z]+|[a-z]+) )?No\. ?\d+\b")


def _numbered_designation(head: Token) -> ResolvedSpeaker | None:
    """An anonymous source named by a number ("Juror No. 12"); the tagger parses these badly."""
    if head.lower_ not in ("no", ".", "no.") and not head.like_num:
        return None
    sent = head.sent
    for match in _NUMBERED.finditer(sent.text):
        start, end = sent.start_char + match.start(), sent.start_char + match.end()
        if start <= head.idx < end:
            first = head.doc.char_span(start, start + 1, alignment_mode="expand")
            if first is not None and first[0].pos_ not in ("NOUN", "PROPN") and first[0].lower_ != "no":
                start += len(first[0].text_with_ws)  # "said No. 12": the verb is not part of it
            text = sent.text[start - sent.start_char : end - sent.start_char]
            return ResolvedSpeaker(text, "anonymous", CharSpan(start, end), text=text)
    return None


def _capitalised_noun(head: Token) -> bool:
    """A capitalised singular noun inside a sentence, with no determiner, that no word list knows:
    a name the tagger took for a common noun ("Hannity said")."""
    lemma = head.lemma_.lower()
    known = (ANONYMOUS_NOUNS, DOCUMENT_NOUNS, ORGANISATION_NOUNS, ROLE_NOUNS, PEOPLE_NOUNS, KINSHIP_NOUNS)
    return (
        head.is_title
        and not head.is_sent_start
        and head.tag_ == "NN"
        and not any(c.dep_ == "det" for c in head.children)
        and not any(lemma in words for words in known)
    )


def _common_noun(
    head: Token, start: int, span: CharSpan, text: str, index: SpeakerBook
) -> ResolvedSpeaker | None:
    """A speaker phrase headed by a common noun: a document, an organisation, an anonymous source,
    or a definite description of a person named elsewhere ("the mayor")."""
    doc = head.doc
    lemma = head.lemma_.lower()
    first = doc[start].lower_
    definite = first in _DEFINITE and head.tag_ != "NNS"
    if head.dep_ == "appos" and (head.head.ent_type_ == "PERSON" or head.head.pos_ == "PROPN"):
        # "McConnell, now the Senate majority leader, who said": the description is in apposition.
        named = describe_speaker(head.head, index)
        if named is not None and named.kind == "person":
            return named
    for child in head.rights:
        # "Scott's niece, state Del. Marcia Price, shouted": the apposition names the speaker.
        if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
            named = describe_speaker(child, index)
            if named is not None and named.kind == "person":
                return named
    if lemma in DOCUMENT_NOUNS:
        index.note_other(SpeakerRef(name=text, kind="document"))
        index.note_group(text, "document", head)
        return ResolvedSpeaker(text, "document", span, text=text)
    if lemma in KINSHIP_NOUNS and head.tag_ != "NNS":
        # "my father", "his wife": a relative the text may never name; not a guess.
        return ResolvedSpeaker(None, None, span, status="unresolved", confidence=0.0, text=text)
    if definite and lemma in ROLE_NOUNS:
        words = [t.text for t in doc[start : head.i + 1]]
        resolution = index.resolve_description(head, words, at=span.start)
        if resolution.person is not None:
            index.note_mention(resolution.person, head.idx, head)
        return _person(resolution, span, text)
    if lemma in ORGANISATION_NOUNS:
        if definite:
            organisation = index.organisation_for(head)
            if organisation is not None:
                name, in_name = organisation
                if in_name:  # "the commission" after "the Commission on Presidential Debates"
                    return ResolvedSpeaker(name, "organisation", span, confidence=0.75, text=text)
                return ResolvedSpeaker(
                    name,
                    "organisation",
                    span,
                    status="ambiguous",
                    candidates=(name,),
                    confidence=0.4,
                    text=text,
                )
            return ResolvedSpeaker(None, None, span, status="unresolved", confidence=0.0, text=text)
        index.note_other(SpeakerRef(name=text, kind="anonymous"))
        return ResolvedSpeaker(text, "anonymous", span, text=text)
    people_noun = (
        lemma in ANONYMOUS_NOUNS
        or lemma in ROLE_NOUNS
        or lemma in PEOPLE_NOUNS
        or (head.tag_ == "NNS" and _AGENT_SUFFIX.search(head.lower_) is not None)
    )
    if not people_noun:
        # Not a source ("the country's defense capabilities"): the quote keeps no speaker at all.
        return ResolvedSpeaker(None, None, span, status="unresolved", confidence=0.0, text="")
    index.note_other(SpeakerRef(name=text, kind="anonymous"))
    index.note_group(text, "anonymous", head)
    return ResolvedSpeaker(text, "anonymous", span, text=text)


def recent_speaker(token: Token, index: SpeakerBook) -> ResolvedSpeaker | None:
    """A guess for a quote with no cue at all: the person the text was last about."""
    resolution = index.resolve_pronoun(token)  # the person the text was last about
    person = resolution.person
    if person is None:
        return None
    where = index.mention_span(person, token.idx)
    if where is None:
        return None
    span = CharSpan(*where)
    return _person(resolution, span, index.text[span.start : span.end])
