"""What every export says about a claim: one record builder, so the formats never disagree."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from claims.links import claim_url, site_url
from claims.models import Article, Claim, Mention

# Rows fetched per round trip when streaming; mentions are prefetched per chunk.
CHUNK_SIZE = 500

STATUS_EXPLANATIONS: dict[str, str] = {
    Claim.Status.CORROBORATED: "two or more independent sources agree",
    Claim.Status.CONFLICTING: "the sources disagree on the value, date, wording or attribution",
    Claim.Status.SINGLE_SOURCE: "checked against its one source; no independent second source",
    Claim.Status.UNREVIEWED: "not reviewed by an editor yet",
    Claim.Status.REJECTED: "not a checkable claim, or an extraction error",
}


@dataclass(frozen=True)
class ExportContext:
    """What a document export says about itself: a sheet's title and description, or a default."""

    title: str = "Verified claims"
    description: str = ""
    generated_at: datetime = field(default_factory=timezone.now)
    # Where the claims' fact-check pages are (links.site_url of the request, when there is one).
    site_url: str = field(default_factory=site_url)


def iter_claims(claims: QuerySet[Claim], chunk_size: int = CHUNK_SIZE) -> Iterator[Claim]:
    """Stream claims without holding the whole result (prefetches run per chunk)."""
    for claim in claims.iterator(chunk_size=chunk_size):
        yield claim
        # Prefetching points each mention back at its claim. Breaking that cycle once the claim
        # is written lets reference counting free each chunk at once; otherwise the garbage waits
        # for the cyclic collector and peak memory grows with the size of the export.
        claim.__dict__.pop("_prefetched_objects_cache", None)


def claim_public_url(claim: Claim, base: str | None = None) -> str:
    """A claim's fact-check page, absolute (from `base`, or SITE_URL)."""
    return claim_url(claim.pk, claim.text, base)


def number(value: float | None) -> int | float | None:
    """7.6e9 as 7600000000: integral floats become ints, non-finite ones null."""
    if value is None or not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def value_text(item: Claim | Mention) -> str:
    """A claim's or mention's value as a person reads it: "1,500,000,000 USD", "45–50 cases"."""
    value = number(item.value)
    if value is None:
        return ""
    high = number(item.value_max)
    shown = f"{value:,}" + (f"–{high:,}" if high is not None and high != value else "")
    return f"{shown} {item.unit}".strip()


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def status_label(status: str) -> str:
    return str(Claim.Status(status).label) if status in Claim.Status.values else status


def status_explanation(status: str) -> str:
    return STATUS_EXPLANATIONS.get(status, "")


def outlet_name(article: Article) -> str | None:
    return article.outlet.name if article.outlet_id and article.outlet else None


def mentions_of(claim: Claim) -> list[Mention]:
    return list(claim.mentions.all())


def article_record(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": outlet_name(article),
        "published_at": iso(article.published_at),
        "url": article.url or None,
        "source_path": article.source_path or None,
    }


def speaker_fields(item: Claim | Mention) -> dict[str, Any]:
    """Quotes only: whether the speaker is known, and how the article refers to an unknown one.

    The DESIGN.md shape keeps ``speaker`` a name or null; these keys say why it is null.
    """
    if item.kind != Claim.Kind.QUOTE:
        return {}
    return {
        "speaker_status": item.speaker_status,
        "speaker_text": item.speaker_text or None,
        "speaker_candidates": list(item.speaker_candidates or []),
    }


def mention_speaker_label(mention: Mention) -> str:
    """The speaker of one mention as a spreadsheet cell: a name, or "unknown speaker (he)"."""
    if mention.kind == Claim.Kind.QUOTE:
        return mention.speaker_display
    return mention.speaker.name if mention.speaker else ""


def mention_record(mention: Mention) -> dict[str, Any]:
    return {
        "article": article_record(mention.article),
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "sentence": mention.sentence,
        "speaker": mention.speaker.name if mention.speaker else None,
        **speaker_fields(mention),
        "value": number(mention.value),
        "unit": mention.unit,
        "stance": mention.stance,
    }


def claim_record(claim: Claim) -> dict[str, Any]:
    """The claim in the JSON export shape of DESIGN.md (a public interface: keep it stable)."""
    return {
        "id": claim.pk,
        "kind": claim.kind,
        "text": claim.text,
        "status": claim.status,
        "suggested_status": claim.suggested_status,
        "speaker": claim.speaker.name if claim.speaker else None,
        **speaker_fields(claim),
        "value": number(claim.value),
        "unit": claim.unit,
        "mentions": [mention_record(m) for m in mentions_of(claim)],
    }


FLAT_COLUMNS = [
    "claim_id",
    "kind",
    "claim_text",
    "status",
    "suggested_status",
    "verdict_note",
    "speaker",
    "value",
    "value_max",
    "unit",
    "date",
    "reviewed_at",
    "article_id",
    "article_title",
    "outlet",
    "published_at",
    "article_url",
    "source_path",
    "start",
    "end",
    "mention_text",
    "sentence",
    "mention_speaker",
    "mention_value",
    "mention_unit",
    "stance",
]


def flat_rows(claim: Claim) -> Iterator[list[Any]]:
    """One row per mention (claim columns repeated); a claim without mentions gets one row."""
    head = [
        claim.pk,
        claim.kind,
        claim.text,
        claim.status,
        claim.suggested_status,
        claim.verdict_note,
        claim.speaker_display or "",
        number(claim.value),
        number(claim.value_max),
        claim.unit,
        claim.date,
        iso(claim.reviewed_at) or "",
    ]
    mentions = mentions_of(claim)
    if not mentions:
        yield head + [""] * (len(FLAT_COLUMNS) - len(head))
        return
    for m in mentions:
        a = m.article
        yield [
            *head,
            a.pk,
            a.title,
            outlet_name(a) or "",
            iso(a.published_at) or "",
            a.url,
            a.source_path,
            m.start,
            m.end,
            m.text,
            m.sentence,
            mention_speaker_label(m),
            number(m.value),
            m.unit,
            m.stance,
        ]
