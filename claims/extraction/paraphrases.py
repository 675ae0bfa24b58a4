"""Reported statements without quotation marks ("Stoltenberg praised Japan for being its closest partner").

They are not direct quotes, so they never appear among the quotes; matching uses them only to link
a paraphrase to a direct quote of the same speaker that another source printed.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .nlp import doc_text
from .types import BoilerplateRange, Occupied, Quote, Span, SpeakerRef

# Verbs that report what someone said, in their dictionary form.
REPORTING_VERBS = frozenset(
    [
        "praise",
        "say",
        "tell",
        "stress",
        "describe",
        "call",
        "warn",
        "argue",
        "note",
        "insist",
        "claim",
        "emphasize",
        "emphasise",
        "thank",
        "add",
        "acknowledge",
        "admit",
        "hail",
        "criticize",
        "criticise",
        "condemn",
        "accuse",
        "announce",
        "declare",
        "promise",
        "pledge",
        "vow",
        "assert",
        "maintain",
        "suggest",
        "urge",
        "reiterate",
        "deny",
        "confirm",
        "express",
        "welcome",
    ]
)
QUOTE_MARKS = frozenset('"“”«»„')
MIN_WORDS = 4
CONTENT_DEPS = frozenset({"ccomp", "dobj", "xcomp"})


def _speakers_by_word(speakers: Sequence[SpeakerRef]) -> dict[str, SpeakerRef]:
    """Each word of the article's people's names (and name variants) -> the first person with it."""
    by_word: dict[str, SpeakerRef] = {}
    for ref in speakers:
        if ref.kind != "person":
            continue
        for name in (ref.name, *ref.aliases):
            for word in name.split():
                by_word.setdefault(word.casefold(), ref)
    return by_word


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.tag_ == "WP" and verb.dep_ == "relcl":
                return verb.head  # "Stoltenberg, who praised ..."
            return child
    return None


def find_paraphrases(
    doc: Doc,
    *,
    skip: Sequence[BoilerplateRange] = (),
    quotes: Sequence[Quote] = (),
    speakers: Sequence[SpeakerRef] = (),
) -> list[Quote]:
    """Clauses in which a named speaker of the article is reported as saying something, unquoted."""
    if not speakers:
        return []
    taken = Occupied([(b.start, b.end) for b in skip] + [(q.start, q.end) for q in quotes])
    text = doc_text(doc)
    by_word = _speakers_by_word(speakers)
    found: list[Quote] = []
    for sent in doc.sents:
        for verb in sent:
            if verb.pos_ != "VERB" or verb.lemma_.casefold() not in REPORTING_VERBS:
                continue
            subject = _subject(verb)
            # The speaker comes first and what they said follows as an object or clause:
            # "X praised Y for ...", "X said that ...". Inverted cues close content that came before.
            if subject is None or subject.i > verb.i:
                continue
            if not any(c.i > verb.i and c.dep_ in CONTENT_DEPS for c in verb.children):
                continue
            ref = by_word.get(subject.text.casefold())
            if ref is None:
                continue
            right = [t for t in verb.subtree if (t.i >= verb.i and t.dep_ != "punct") or t.i == verb.i]
            # The reported content: the verb and what follows it in its own clause.
            end_tok = max(t.i for t in right)
            end_tok = min(end_tok, sent.end - 1)
            while end_tok > verb.i and doc[end_tok].is_punct:
                end_tok -= 1
            start, end = verb.idx, doc[end_tok].idx + len(doc[end_tok])
            if end_tok - verb.i + 1 < MIN_WORDS:
                continue
            if any(ch in QUOTE_MARKS for ch in text[start:end]):
                continue  # quoted words belong to the direct quotes
            if taken.overlaps(start, end):
                continue
            found.append(
                Quote(
                    start=start,
                    end=end,
                    text=text[start:end],
                    speaker=ref.name,
                    speaker_kind=ref.kind,
                    speaker_span=Span(subject.idx, subject.idx + len(subject)),
                    cue=verb.text,
                    cue_span=Span(verb.idx, verb.idx + len(verb)),
                    sentence=sent.text,
                    confidence=0.4,
                )
            )
    return found
