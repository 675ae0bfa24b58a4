"""What every export says about a claim: one record builder, so the formats never disagree."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from claims.links import claim_url, site_url
from claims.models import Article, Claim, Mention

# Rows fetched per round trip when streaming; mentions are prefetched per chunk.
CHUNK_SIZE = 500
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

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
        # No source_path: this shape is also served by the public API, and a server's file paths
        # are not the public's business (editors see them in the admin).
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


def fact_check_url(claim: Claim, context: ExportContext) -> str:
    """The claim's public page, or "" for a claim the public cannot see (an editor's export of
    unreviewed claims): a link that answers 404 helps nobody."""
    return claim_public_url(claim, context.site_url) if claim.is_public else ""


def published_value(article: Article) -> date | datetime | None:
    """When the article was published (`Article.published_value`): a date-only one as its day."""
    return article.published_value


def claim_date_value(text: str) -> date | str:
    """A claim's normalised date as a real date when it is one day ("2023-04-05"), else as
    written ("2023-04", a range)."""
    if _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return text


@dataclass(frozen=True)
class Column:
    name: str
    description: str


def sheet_columns() -> list[Column]:
    """The columns of the CSV and XLSX exports, each with a sentence for the people reading them."""
    zone = settings.TIME_ZONE
    return [
        Column("Claim", "The claim or quote as the desk words it, once for all its sources."),
        Column("Kind", "quote, quantity, date, event or first / record."),
        Column(
            "Verdict",
            "The editor's verdict: corroborated (two or more independent sources agree), conflicting "
            "(the sources disagree), single source (one source, no independent second one); "
            "unreviewed, in progress or rejected only in an editor's own export. A verdict on consistency "
            "across sources, not on truth.",
        ),
        Column("Verdict note", "The editor's public note on the verdict."),
        Column("Speaker", "Who said it (quotes), or how the articles refer to an unknown speaker."),
        Column("Value", "The number the claim states, as a number (7600000000 for $7.6 billion)."),
        Column("Value up to", "The upper end when the claim states a range (45 to 50 cases); else empty."),
        Column("Unit", 'What the value counts: "USD", "%", "collaboration area".'),
        Column("Date", "The date the claim states, as a day when it is one, else a month or a range."),
        Column("Reviewed", f"When an editor gave the verdict, in the desk's time zone ({zone})."),
        Column("Outlet", "The publisher of this source."),
        Column(
            "Published",
            f"When this source was published: a day, or a day and time in the desk's time zone ({zone}).",
        ),
        Column("Article title", "The title of this source."),
        Column("Quoted sentence", "The sentence of the article that states the claim."),
        Column("As stated", "The claim's words exactly as this article has them."),
        Column("Stance", "supports, or contradicts when this source states another value or wording."),
        Column(
            "Speaker in source",
            "Quotes: who this article says spoke, or how it refers to a speaker it does not name.",
        ),
        Column("Source URL", "Where this source was published, when known."),
        Column("Fact-check page", "The claim's page on the public site, with the verdict and all sources."),
    ]


SheetValue = str | int | float | date | datetime | None


def sheet_rows(claim: Claim, context: ExportContext) -> Iterator[list[SheetValue]]:
    """One row per source (mention) in the order of sheet_columns(); a claim without sources gets
    one row. Only what a reader needs: ids and offsets are in the JSON export, server paths in none."""
    head: list[SheetValue] = [
        claim.text,
        claim.get_kind_display(),
        status_label(claim.status),
        claim.verdict_note,
        claim.speaker_display or "",
        number(claim.value),
        number(claim.value_max),
        claim.unit,
        claim_date_value(claim.date),
        claim.reviewed_at,
    ]
    page = fact_check_url(claim, context)
    mentions = mentions_of(claim)
    if not mentions:
        yield [*head, "", None, "", "", "", "", "", "", page]
        return
    for m in mentions:
        article = m.article
        yield [
            *head,
            outlet_name(article) or "",
            published_value(article),
            article.title,
            m.sentence,
            m.text,
            m.stance,
            mention_speaker_label(m),
            article.url,
            page,
        ]
