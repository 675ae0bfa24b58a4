"""Public API representations: explicit fields only, nothing internal (notes, reviewers, users)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import selectors
from claims.conflicts import claim_conflict
from claims.exports.records import claim_public_url, status_explanation, status_label
from claims.links import site_url
from claims.models import Article, Claim, ClaimSheet, Mention, Outlet, Speaker


class OutletSerializer(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain", "country", "ownership_group"]


class OutletBriefSerializer(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["id", "name"]


class SpeakerSerializer(serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind", "role", "disambiguation"]


class QuoteSpeakerFields(serializers.Serializer[Any]):
    """Quotes: whether the speaker is known (``speaker`` is null when not) and how the source
    refers to an unknown one. Null for claims and mentions that are not quotes."""

    speaker_status = serializers.SerializerMethodField(
        help_text="Quotes: resolved, ambiguous (several people fit) or unresolved (nobody known)."
    )
    speaker_text = serializers.SerializerMethodField(
        help_text='Quotes: how the article names the speaker ("he", "Mrs. Clinton").'
    )
    speaker_candidates = serializers.SerializerMethodField(
        help_text="Ambiguous quotes: the people who fit, likeliest first."
    )

    @extend_schema_field(
        {"type": "string", "enum": ["resolved", "ambiguous", "unresolved"], "nullable": True}
    )
    def get_speaker_status(self, obj: Claim | Mention) -> str | None:
        return obj.speaker_status if obj.kind == Claim.Kind.QUOTE else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_speaker_text(self, obj: Claim | Mention) -> str | None:
        return (obj.speaker_text or None) if obj.kind == Claim.Kind.QUOTE else None

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_speaker_candidates(self, obj: Claim | Mention) -> list[str]:
        return list(obj.speaker_candidates or []) if obj.kind == Claim.Kind.QUOTE else []


SPEAKER_FIELDS = ["speaker_status", "speaker_text", "speaker_candidates"]


def status_sentence(status: str) -> str:
    """A status as a reader needs it: "Single source: checked against its one source; ..."."""
    label, explanation = status_label(status), status_explanation(status)
    label = label[:1].upper() + label[1:]
    return f"{label}: {explanation}" if explanation else label


class ArticleSerializer(serializers.ModelSerializer[Article]):
    outlet = OutletBriefSerializer(allow_null=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "url", "byline", "outlet", "published_at", "language"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, obj: Article) -> str | None:
        return obj.url or None


class ArticleBriefSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = ["id", "title", "url", "outlet", "published_at"]


class MentionSerializer(QuoteSpeakerFields, serializers.ModelSerializer[Mention]):
    article = ArticleBriefSerializer(read_only=True)
    speaker = SpeakerSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Mention
        fields = [
            "id",
            "article",
            "start",
            "end",
            "text",
            "sentence",
            "speaker",
            *SPEAKER_FIELDS,
            "cue",
            "value",
            "value_max",
            "unit",
            "date",
            "approximate",
            "stance",
        ]


# --- the list's fast path ----------------------------------------------------------------------
#
# A page of 25 claims with their mentions went through some 1,500 DRF field objects (about 40 ms
# at 100k claims); these build the same dicts in one pass over the prefetched rows. The
# ModelSerializers above stay the reference and the schema's source: tests/test_api_fast.py checks
# that both give the same bodies, and a field added above without its line here fails it.

_DATETIME = serializers.DateTimeField()  # DRF's own formatting: current time zone, "Z" for UTC


def _datetime(value: Any) -> str | None:
    return _DATETIME.to_representation(value) if value else None


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _speaker_data(speaker: Any) -> dict[str, Any] | None:
    if speaker is None:
        return None
    return {
        "id": speaker.pk,
        "name": speaker.name,
        "kind": speaker.kind,
        "role": speaker.role,
        "disambiguation": speaker.disambiguation,
    }


def _mention_data(m: Any) -> dict[str, Any]:
    # A Mention, or a row of selectors.mention_rows_public with the same attributes.
    article = m.article
    outlet = article.outlet if article.outlet_id else None
    quote = m.kind == Claim.Kind.QUOTE
    return {
        "id": m.pk,
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url or None,
            "outlet": {"id": outlet.pk, "name": outlet.name} if outlet is not None else None,
            "published_at": _datetime(article.published_at),
        },
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "sentence": m.sentence,
        "speaker": _speaker_data(m.speaker) if m.speaker_id else None,
        "speaker_status": m.speaker_status if quote else None,
        "speaker_text": (m.speaker_text or None) if quote else None,
        "speaker_candidates": list(m.speaker_candidates or []) if quote else [],
        "cue": m.cue,
        "value": _float(m.value),
        "value_max": _float(m.value_max),
        "unit": m.unit,
        "date": m.date,
        "approximate": m.approximate,
        "stance": m.stance,
    }


def claims_data(claims: Iterable[Claim], *, base: str) -> list[dict[str, Any]]:
    """`ClaimSerializer(claims, many=True).data` without DRF's per-field work: the claims need
    their speaker loaded; their public mentions are read from a prefetch when there is one
    (`selectors.claims_public()`), else in one query of plain rows
    (`selectors.claims_public_page()` and `selectors.mention_rows_public`). `base` is the
    site's address (`claims.links.site_url`)."""
    claims = list(claims)
    unloaded = {c.pk for c in claims if "mentions" not in getattr(c, "_prefetched_objects_cache", {})}
    rows: dict[int, list[Any]] = dict(selectors.mention_rows_public(unloaded)) if unloaded else {}
    out = []
    for c in claims:
        if c.pk in unloaded:
            mentions = rows.get(c.pk, [])
            # The claim's speaker fields read its speaker source: here, among the rows.
            c.speaker_source = c.speaker_source_in(mentions)
        else:
            mentions = list(c.mentions.all())
        quote = c.kind == Claim.Kind.QUOTE
        out.append(
            {
                "id": c.pk,
                "url": claim_public_url(c, base),
                "kind": c.kind,
                "text": c.text,
                "status": c.status,
                "status_label": status_sentence(c.status),
                "status_explanation": status_explanation(c.status),
                "verdict_note": c.verdict_note,
                "speaker": _speaker_data(c.speaker) if c.speaker_id else None,
                "speaker_status": c.speaker_status if quote else None,
                "speaker_text": (c.speaker_text or None) if quote else None,
                "speaker_candidates": list(c.speaker_candidates or []) if quote else [],
                "value": _float(c.value),
                "value_max": _float(c.value_max),
                "unit": c.unit,
                "date": c.date,
                "subject": c.subject,
                "measure": c.measure,
                "target": c.target,
                "qualifiers": c.qualifiers,
                "place": c.place,
                "reviewed_at": _datetime(c.reviewed_at),
                "conflict": claim_conflict(mentions),
                "mentions": [_mention_data(m) for m in mentions],
            }
        )
    return out


class ClaimListSerializer(serializers.ListSerializer[Claim]):
    """Lists of claims (the API's pages, a sheet's claims) through `claims_data`."""

    def to_representation(self, data: Any) -> list[Any]:
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        return claims_data(items, base=site_url(self.context.get("request")))


# A claim as a lookup result shows it; the full claim adds its values and mentions.
CLAIM_BRIEF_FIELDS = [
    "id",
    "url",
    "kind",
    "text",
    "status",
    "status_label",
    "status_explanation",
    "verdict_note",
    "speaker",
    *SPEAKER_FIELDS,
]


class ClaimSerializer(QuoteSpeakerFields, serializers.ModelSerializer[Claim]):
    speaker = SpeakerSerializer(allow_null=True, read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)
    status_label = serializers.SerializerMethodField(
        help_text="The status in words with what it means, to show as is: "
        '"Single source: checked against its one source; no independent second source".'
    )
    status_explanation = serializers.SerializerMethodField(
        help_text='What the status means, alone: "two or more independent sources agree" for '
        "corroborated, and so on."
    )
    url = serializers.SerializerMethodField()
    conflict = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            *CLAIM_BRIEF_FIELDS,
            "value",
            "value_max",
            "unit",
            "date",
            "subject",
            "measure",
            "target",
            "qualifiers",
            "place",
            "reviewed_at",
            "conflict",
            "mentions",
        ]
        # One ClaimSerializer (a detail page) goes field by field; a list goes through the fast path.
        list_serializer_class: type[serializers.ListSerializer[Any]] = ClaimListSerializer

    def get_status_label(self, obj: Claim) -> str:
        return status_sentence(obj.status)

    def get_status_explanation(self, obj: Claim) -> str:
        return status_explanation(obj.status)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, obj: Claim) -> str:
        """The claim's public fact-check page."""
        return claim_public_url(obj, site_url(self.context.get("request")))

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "description": "For a claim whose sources contradict it: which parts differ (value, time, "
            "subject...) and each side's wording as its article states it.",
            "properties": {
                "differs": {"type": "array", "items": {"type": "string"}},
                "summary": {"type": "string"},
                "supporting": {"type": "array", "items": {"type": "object"}},
                "contradicting": {"type": "array", "items": {"type": "object"}},
            },
        }
    )
    def get_conflict(self, obj: Claim) -> dict[str, Any] | None:
        # The public mentions the selector prefetched: nothing an editor has not released.
        return claim_conflict(obj.mentions.all())


class ClaimBriefSerializer(ClaimSerializer):
    """A claim without its mentions (lookup results)."""

    class Meta(ClaimSerializer.Meta):
        fields = CLAIM_BRIEF_FIELDS
        list_serializer_class = serializers.ListSerializer


class LookupResultSerializer(serializers.Serializer[object]):
    score = serializers.FloatField(help_text="Similarity between 0 and 1; higher is closer.")
    claim = ClaimBriefSerializer()


class SheetSerializer(serializers.ModelSerializer[ClaimSheet]):
    claim_count = serializers.IntegerField(source="public_claim_count", read_only=True)

    class Meta:
        model = ClaimSheet
        fields = ["slug", "title", "description", "claim_count", "created_at", "updated_at"]


class SheetDetailSerializer(SheetSerializer):
    claims = serializers.SerializerMethodField()

    class Meta(SheetSerializer.Meta):
        fields = [*SheetSerializer.Meta.fields, "claims"]

    @extend_schema_field(ClaimSerializer(many=True))
    def get_claims(self, obj: ClaimSheet) -> list[dict[str, object]]:
        items = getattr(obj, "public_items", [])
        return list(ClaimSerializer([item.claim for item in items], many=True).data)
