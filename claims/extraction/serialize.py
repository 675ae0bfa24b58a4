"""The JSON shape of the `extract` command (a public contract, see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from .types import ClaimItem, Extraction, Quote


def quote_to_json(q: Quote, number: int) -> list[dict[str, Any]]:
    """One entry per stretch of quoted text: two for a quote split around its cue.

    Every entry's ``text`` is ``file_text[start:end]``; the entries of one split quote share
    ``quote`` (the quote's number in the article) and carry ``part`` and ``of``, so the cue
    between them ("...," said Ana Diaz, the mayor. "...") is never counted as quoted words.
    """
    base: dict[str, Any] = {
        "quote": number,
        "speaker": q.speaker,
        "speaker_kind": q.speaker_kind,
        # resolved | ambiguous (speaker is the likeliest of speaker_candidates) | unresolved (speaker
        # is null; speaker_text says how the article refers to them: "unknown speaker (he)")
        "speaker_status": q.speaker_status,
        "speaker_text": q.speaker_text,
        "speaker_candidates": list(q.speaker_candidates),
        "speaker_confidence": q.speaker_confidence,
        "speaker_span": {"start": q.speaker_span.start, "end": q.speaker_span.end}
        if q.speaker_span
        else None,
        "cue": q.cue,
    }
    passages = q.passages
    entries = []
    for i, p in enumerate(passages, start=1):
        entry = {"start": p.start, "end": p.end, "text": q.text_of(p), **base}
        if len(passages) > 1:
            entry.update(part=i, of=len(passages))
        entries.append(entry)
    return entries


def claim_to_json(c: ClaimItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": c.kind,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "sentence": c.sentence,
    }
    if c.value is not None:
        out["value"] = int(c.value) if float(c.value).is_integer() else c.value
        if c.value_max is not None:
            out["value_max"] = int(c.value_max) if float(c.value_max).is_integer() else c.value_max
        out["unit"] = c.unit
        out["approximate"] = c.approximate
    if c.date:
        out["date"] = c.date
    if c.subject:
        out["subject"] = c.subject
    if c.action:
        out["action"] = c.action
    for name in ("measure", "target", "place", "statement"):
        if getattr(c, name):
            out[name] = getattr(c, name)
    if c.qualifiers:
        out["qualifiers"] = list(c.qualifiers)
    if c.entities:
        out["entities"] = list(c.entities)
    out["confidence"] = c.confidence
    out["worthiness"] = round(c.worthiness, 3)
    out["worthiness_reasons"] = list(c.worthiness_reasons)
    return out


def extraction_to_json(path: str, ex: Extraction) -> dict[str, Any]:
    meta = ex.meta
    return {
        "path": path,
        "article": {
            "title": meta.title,
            "published_at": meta.published_at.date().isoformat() if meta.published_at else None,
            "outlet": meta.outlet,
            "byline": meta.byline,
        },
        "quotes": [entry for n, q in enumerate(ex.quotes, start=1) for entry in quote_to_json(q, n)],
        "claims": [claim_to_json(c) for c in ex.claims],
        "paraphrases": [
            entry for n, p in enumerate(ex.paraphrases, start=1) for entry in quote_to_json(p, n)
        ],
        "speakers": [
            {"name": s.name, "kind": s.kind, "role": s.role, "aliases": list(s.aliases)} for s in ex.speakers
        ],
        "boilerplate": [{"start": b.start, "end": b.end, "kind": b.kind} for b in ex.boilerplate],
    }
