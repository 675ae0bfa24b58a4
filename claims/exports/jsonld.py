"""JSON (the DESIGN.md export shape) and schema.org ClaimReview JSON-LD, streamed claim by claim."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from claims.links import site_url
from claims.models import Claim, Mention, Speaker

from .records import (
    ExportContext,
    claim_public_url,
    claim_record,
    iso,
    iter_claims,
    mentions_of,
    outlet_name,
    status_explanation,
    status_label,
)

# schema.org asks for a short claimReviewed: strictly under 75 characters.
CLAIM_REVIEWED_MAX = 74


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _array(items: Iterator[str]) -> Iterator[str]:
    first = True
    for item in items:
        yield ("\n  " if first else ",\n  ") + item
        first = False
    yield "\n" if not first else ""


def export_json(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    yield f'{{"generated_at": {_dumps(iso(context.generated_at))}, "claims": ['.encode()
    for chunk in _array(_dumps(claim_record(c)) for c in iter_claims(claims)):
        yield chunk.encode("utf-8")
    yield b"]}\n"


def shorten(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """Cut at a word boundary with an ellipsis, within `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _speaker_node(speaker: Speaker) -> dict[str, Any]:
    kind = "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization"
    node: dict[str, Any] = {"@type": kind, "name": speaker.name}
    if speaker.role:
        node["jobTitle" if kind == "Person" else "description"] = speaker.role
    return node


def _appearance(mention: Mention) -> dict[str, Any]:
    article = mention.article
    node: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title or None}
    if article.url:
        node["url"] = article.url
    else:
        node["name"] = article.title or outlet_name(article) or f"Article {article.pk}"
    if article.published_at:
        node["datePublished"] = article.published_at.date().isoformat()
    if outlet := outlet_name(article):
        node["publisher"] = {"@type": "Organization", "name": outlet}
    return {k: v for k, v in node.items() if v is not None}


def claim_review(claim: Claim, base: str | None = None) -> dict[str, Any]:
    """One schema.org ClaimReview for a claim, with every source as an appearance; its `url` is
    the claim's fact-check page under `base` (SITE_URL when None)."""
    mentions = mentions_of(claim)
    seen: set[int] = set()
    appearances = []
    for mention in mentions:  # one appearance per article, earliest first
        if mention.article_id not in seen:
            seen.add(mention.article_id)
            appearances.append(_appearance(mention))
    dated = [a for a in appearances if "datePublished" in a]
    first: dict[str, Any] | None = None
    if dated:
        first = min(dated, key=lambda a: a["datePublished"])
    elif appearances:
        first = appearances[0]

    label = status_label(claim.status)
    explanation = status_explanation(claim.status)
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = _speaker_node(claim.speaker)
    elif first and "publisher" in first:
        item["author"] = first["publisher"]
    if first:
        if "datePublished" in first:
            item["datePublished"] = first["datePublished"]
        item["firstAppearance"] = first
    item["appearance"] = appearances

    reviewed = claim.reviewed_at or claim.updated_at
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_public_url(claim, base),
        "claimReviewed": shorten(claim.text),
        "datePublished": reviewed.date().isoformat() if reviewed else None,
        "author": {
            "@type": "Organization",
            "name": settings.PUBLISHER_NAME,
            "url": settings.PUBLISHER_URL or (base if base is not None else site_url()),
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": f"{label[:1].upper()}{label[1:]}: {explanation}",
            "ratingExplanation": claim.verdict_note or explanation,
        },
        "itemReviewed": item,
    }


def export_claimreview(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """A JSON array of ClaimReview objects, each with its own @context."""
    yield b"["
    for chunk in _array(_dumps(claim_review(c, context.site_url)) for c in iter_claims(claims)):
        yield chunk.encode("utf-8")
    yield b"]\n"
