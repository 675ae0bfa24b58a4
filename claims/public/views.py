"""Public pages: parse the request, call a public selector, render. Nothing here reaches a claim,
source, speaker or sheet that the API would not show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from claims import selectors
from claims.conflicts import claim_conflict
from claims.exports import FORMAT_LABELS, FORMATS
from claims.exports.documents import quoted
from claims.exports.jsonld import claim_review
from claims.exports.records import status_explanation
from claims.extraction.quantity_numbers import format_value
from claims.highlight import render_sentence
from claims.links import claim_path, sheet_path, site_url, speaker_path
from claims.models import Article, Claim, ClaimSheet, Mention

from .caching import public_page

# Django's json_script escapes: a string holding "</script>" cannot end the block early.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SPEAKER_PAGE_SIZE = 25
HOME_RECENT = 10


def jsonld_script(data: Any) -> SafeString:
    """A JSON-LD block to embed in a page, with <, > and & escaped inside the JSON."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{body}</script>')  # escaped above


# What each kind of claim is made of, as a reader names the parts (field, label).
PARTS: dict[str, list[tuple[str, str]]] = {
    Claim.Kind.QUANTITY: [
        ("measure", "What is measured"),
        ("subject", "Of what or whom"),
        ("qualifiers", "Qualified by"),
        ("date", "When"),
        ("place", "Where"),
    ],
    Claim.Kind.EVENT: [
        ("subject", "Who"),
        ("action", "Did what"),
        ("target", "To what"),
        ("date", "When"),
        ("place", "Where"),
    ],
    Claim.Kind.DATE: [("subject", "What happened"), ("date", "When"), ("place", "Where")],
    Claim.Kind.FIRST: [("target", "What was first"), ("subject", "Who"), ("date", "When")],
    Claim.Kind.QUOTE: [],
}


@dataclass(frozen=True)
class Source:
    """One reviewed source of a claim as the page shows it."""

    mention: Mention
    article: Article
    sentence: SafeString
    stated: str


# A listed claim's text is cut to about this many characters.
LISTED_CHARS = 220


def _shown(claim: Claim, limit: int | None = None) -> str:
    """The claim's text as a page shows it: a quote between one pair of marks (the PDF's rule:
    the marks a quote's text carries of its own are not doubled)."""
    text = Truncator(claim.text).chars(limit) if limit else claim.text
    return quoted(text) if claim.kind == Claim.Kind.QUOTE else text


def _verdict(claim: Claim) -> dict[str, str]:
    return {
        "status": claim.status,
        "label": claim.get_status_display(),
        "explanation": status_explanation(claim.status),
    }


def _parts(claim: Claim) -> list[tuple[str, str]]:
    rows = [
        (label, str(getattr(claim, name)))
        for name, label in PARTS.get(claim.kind, [])
        if getattr(claim, name)
    ]
    if claim.kind == Claim.Kind.QUANTITY and claim.value is not None:
        rows.insert(0, ("Value", format_value(claim.value, claim.value_max, claim.unit or None)))
    return rows


def _sources(claims: list[Claim]) -> list[list[Source]]:
    """Each claim's public sources (the selector's mentions, held ones left out), in one pass.

    A sentence that does not hold the claimed words as one stretch (a quote split around its cue)
    is shown from the article's text around them. Selectors that leave full texts unread get the
    few articles needed in one query for the whole page.
    """
    per_claim = [list(claim.mentions.all()) for claim in claims]
    mentions = [m for ms in per_claim for m in ms]
    texts = {m.article_id: m.article.text for m in mentions if "text" not in m.article.get_deferred_fields()}
    wanted = {m.article_id for m in mentions if not (m.text and m.text in m.sentence)} - texts.keys()
    if wanted:
        texts.update(Article.objects.filter(pk__in=wanted).values_list("pk", "text"))
    return [
        [
            Source(
                mention=m,
                article=m.article,
                sentence=render_sentence(
                    m.sentence, m.text, article_text=texts.get(m.article_id, ""), start=m.start, end=m.end
                ),
                stated=m.text if claim.kind != Claim.Kind.QUOTE else "",
            )
            for m in ms
        ]
        for claim, ms in zip(claims, per_claim, strict=True)
    ]


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


def _listed(claim: Claim) -> dict[str, Any]:
    """A claim as a list shows it: verdict, text, link."""
    return {
        "claim": claim,
        "text": _shown(claim, LISTED_CHARS),
        "verdict": _verdict(claim),
        "path": claim_path(claim.pk, claim.text),
    }


@public_page
def home(request: HttpRequest) -> HttpResponseBase:
    recent = [_listed(c) for c in selectors.verdicts_recent()[:HOME_RECENT]]
    sheets = [(s, sheet_path(s.slug)) for s in selectors.sheets_published()[:HOME_RECENT]]
    return _page(request, "public/home.html", {"recent": recent, "sheets": sheets})


@public_page
def claim_page(request: HttpRequest, claim_id: int, slug: str) -> HttpResponseBase:
    claim = get_object_or_404(selectors.claims_public(), pk=claim_id)
    canonical = claim_path(claim.pk, claim.text)
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    base = site_url(request)
    sheets = selectors.claim_sheets_public(claim)
    context = {
        "claim": claim,
        "heading": _shown(claim),
        "verdict": _verdict(claim),
        "parts": _parts(claim),
        "sources": _sources([claim])[0],
        "conflict": claim_conflict(claim.mentions.all()),
        "speaker_path": speaker_path(claim.speaker.pk, claim.speaker.name) if claim.speaker else "",
        "sheets": [(s, sheet_path(s.slug)) for s in sheets],
        "json_url": reverse("api:claim-detail", args=[claim.pk]),
        "jsonld": jsonld_script(claim_review(claim, base)),
        "canonical_url": base + canonical,
    }
    return _page(request, "public/claim.html", context)


@public_page
def speaker_page(request: HttpRequest, speaker_id: int, slug: str) -> HttpResponseBase:
    speaker = get_object_or_404(selectors.speakers_public(), pk=speaker_id)
    canonical = speaker_path(speaker.pk, speaker.name)
    if request.path != canonical:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(canonical + (f"?{query}" if query else ""))
    paginator = Paginator(selectors.speaker_claims_public(speaker), SPEAKER_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "speaker": speaker,
        "page": page,
        "rows": [_listed(c) for c in page.object_list],
        "json_url": reverse("api:speaker-detail", args=[speaker.pk]),
        "canonical_url": site_url(request) + canonical,
    }
    return _page(request, "public/speaker.html", context)


@public_page
def sheet_page(request: HttpRequest, slug: str) -> HttpResponseBase:
    sheet: ClaimSheet = get_object_or_404(selectors.sheets_published_detail(), slug=slug)
    items = getattr(sheet, "public_items", [])
    base = site_url(request)
    sources = _sources([item.claim for item in items])
    claims = [
        {
            "claim": item.claim,
            "text": _shown(item.claim),
            "verdict": _verdict(item.claim),
            "sources": item_sources,
            # Absolute: a printed sheet shows each claim's address.
            "url": base + claim_path(item.claim.pk, item.claim.text),
            "speaker_path": speaker_path(item.claim.speaker.pk, item.claim.speaker.name)
            if item.claim.speaker
            else "",
        }
        for item, item_sources in zip(items, sources, strict=True)
    ]
    exports = [
        (FORMAT_LABELS.get(fmt, fmt), reverse("api:sheet-export", args=[sheet.slug, fmt])) for fmt in FORMATS
    ]
    context = {
        "sheet": sheet,
        "claims": claims,
        "exports": exports,
        "json_url": reverse("api:sheet-detail", args=[sheet.slug]),
        "canonical_url": base + sheet_path(sheet.slug),
    }
    return _page(request, "public/sheet.html", context)


@public_page
def search_page(request: HttpRequest) -> HttpResponseBase:
    query = request.GET.get("q", "")
    error = ""
    matches: list[selectors.LookupMatch] = []
    if "\x00" in query:
        error = (
            "The text holds a character that cannot be searched (a NUL byte). Paste it again as plain text."
        )
    elif len(query) > selectors.LOOKUP_MAX_QUERY_CHARS:
        error = (
            f"That text is {len(query):,} characters long. Paste one sentence or quote, "
            f"at most {selectors.LOOKUP_MAX_QUERY_CHARS:,} characters."
        )
    elif query.strip():
        matches = selectors.claims_lookup(query, limit=selectors.LOOKUP_MAX_RESULTS)
    results = [{**_listed(m.claim), "score": m.score} for m in matches]
    context = {
        "query": query,
        "error": error,
        "results": results,
        "searched": bool(query.strip()) and not error,
    }
    return _page(request, "public/search.html", context, status=400 if error else 200)
