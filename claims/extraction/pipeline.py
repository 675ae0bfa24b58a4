"""Runs the whole extraction over many texts, batching them through spaCy's ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from .boilerplate import detect_boilerplate
from .claimset import find_claims
from .metadata import detect_metadata
from .nlp import load_nlp
from .paraphrases import find_paraphrases
from .quotes import find_quotes
from .types import ArticleMeta, Extraction


def merge_meta(detected: ArticleMeta, override: ArticleMeta | None) -> ArticleMeta:
    """Fields given in ``override`` (a manifest, the HTML page) win over those detected in the text."""
    if override is None:
        return detected
    changes = {
        name: getattr(override, name)
        for name in ("title", "published_at", "outlet", "byline", "url")
        if getattr(override, name)
    }
    return replace(detected, **changes)


def extract_texts(
    texts: Sequence[str],
    *,
    metas: Sequence[ArticleMeta | None] | None = None,
    batch_size: int = 8,
) -> Iterator[Extraction]:
    """Yield one :class:`Extraction` per text, in order. The model is loaded once per process."""
    if not texts:
        return
    nlp = load_nlp()
    given: Iterable[ArticleMeta | None] = metas if metas is not None else [None] * len(texts)
    prepared = [
        (merge_meta(detect_metadata(text), meta), tuple(detect_boilerplate(text)))
        for text, meta in zip(texts, given, strict=True)
    ]
    for doc, (meta, boilerplate) in zip(nlp.pipe(texts, batch_size=batch_size), prepared, strict=True):
        quotes, speakers = find_quotes(doc, skip=boilerplate)
        paraphrases = find_paraphrases(doc, skip=boilerplate, quotes=quotes, speakers=speakers)
        claims = find_claims(doc, skip=boilerplate, published_at=meta.published_at)
        yield Extraction(
            meta=meta,
            boilerplate=boilerplate,
            quotes=tuple(quotes),
            claims=tuple(claims),
            speakers=tuple(speakers),
            paraphrases=tuple(paraphrases),
        )


def extract_text(text: str, *, meta: ArticleMeta | None = None) -> Extraction:
    return next(extract_texts([text], metas=[meta]))
