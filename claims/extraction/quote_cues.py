"""Reading the parse around a quote: cue verbs, their subjects, and words that cannot speak.

Helpers for :mod:`.quotes`; plain spaCy, no state.
"""

from __future__ import annotations

from spacy.tokens import Token

from .quote_lexicon import ANONYMOUS_NOUNS, DOCUMENT_NOUNS, ORGANISATION_NOUNS, PRONOUNS

_SPEAKER_POS = {"PROPN", "PRON", "NOUN"}
# Short words left in lower case inside titles.
_TITLE_SMALL = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "is", "by", "from"]
)
_NOT_SPEAKER_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def subject_of(verb: Token) -> Token | None:
    """The speaker of ``verb``: its subject, a passive agent, or the subject of the verb it joins."""
    for _ in range(4):
        # A quoted sentence before its cue may leave a second subject on the verb ("One of ...,"
        # Cummings said): the nearest subject that can speak wins.
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return min(subjects, key=lambda c: (not can_speak(c), abs(c.i - verb.i)))
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return None


def is_cue(tok: Token, verbs: frozenset[str]) -> bool:
    """A speech verb in use: not a bare past participle ("the so-called", "a widely reported"),
    but the perfect ("had said") and the passive with its agent ("was told by") are cues."""
    return (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs and tok.tag_ != "VBN") or (
        tok.tag_ == "VBN"
        and tok.lemma_.lower() in verbs
        and any(c.dep_ == "agent" or (c.dep_ == "aux" and c.lemma_ == "have") for c in tok.children)
    )


def speaker_in(tokens: list[Token], verb: Token) -> Token | None:
    """The speaker's head token near ``verb`` within ``tokens`` (subject, or the name after "said")."""
    subject = subject_of(verb)
    if subject is not None and not can_speak(subject):
        subject = None
    ids = {t.i for t in tokens}
    if subject is not None and (subject.i in ids or subject.i == verb.i - 1 or verb.dep_ != "ROOT"):
        return subject
    after = [
        t
        for t in tokens
        if t.i > verb.i and can_speak(t) and t.dep_ not in ("pobj", "npadvmod") and not _in_phrase(t, verb)
    ]
    before = [t for t in tokens if t.i < verb.i and can_speak(t)]
    for cand in after[:1] + before[-1:]:
        # Climb compounds so "Jun" in "Jun Nagashima" gives the phrase head.
        while cand.dep_ in ("compound", "amod") and cand.head.i in ids and cand.head.i != cand.i:
            cand = cand.head
        return cand
    return subject


def _in_phrase(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` sits in a prepositional or time phrase of ``verb`` ("said on Fox News's ...")."""
    for _ in range(8):
        if tok.i == verb.i or tok.head.i == tok.i:
            return False
        if tok.dep_ in ("prep", "pobj", "npadvmod"):
            return True
        tok = tok.head
    return False


def can_speak(tok: Token) -> bool:
    """False for words that are never a source: times ("said Thursday"), numbers."""
    return tok.pos_ in _SPEAKER_POS and tok.ent_type_ not in _NOT_SPEAKER_ENTS


def cue_tokens(verb: Token) -> list[Token]:
    """The verb with its particle and, for "tell", its addressee ("pointed out", "told VOA")."""
    out = [verb]
    if verb.lower_ == "according":
        out.extend(c for c in verb.children if c.lower_ == "to")
    for child in verb.rights:
        if child.dep_ == "prt" or (child.dep_ == "dobj" and verb.lemma_ == "tell" and child.i - verb.i <= 3):
            out.extend(t for t in child.subtree if t.i - verb.i <= 4)
    return sorted(out, key=lambda t: t.i)


def looks_like_title(quoted: str) -> bool:
    """A name in quotes (a show, book or slogan: "This Week", "Orange Is the New Black")."""
    words = quoted.rstrip(",.!?").split()
    if not 1 < len(words) <= 8 or any(w[-1:] in ".?!;:" for w in words[:-1]):
        return False
    return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _TITLE_SMALL for w in words)


def speaker_like(tok: Token) -> bool:
    """Whether a subject can be a source: a person, organisation, document or who/what speaks."""
    if tok.pos_ == "PRON":
        return tok.lower_ in PRONOUNS and tok.lower_ != "it"
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.pos_ == "PROPN":
        return True
    lemma = tok.lemma_.lower()
    return lemma in ANONYMOUS_NOUNS or lemma in DOCUMENT_NOUNS or lemma in ORGANISATION_NOUNS
