"""Public API representations: explicit fields only, nothing internal (notes, reviewers, users)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.exports.records import claim_public_url
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
        fields = ["id", "name", "kind", "role"]


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


class MentionSerializer(serializers.ModelSerializer[Mention]):
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
            "cue",
            "value",
            "value_max",
            "unit",
            "date",
            "approximate",
            "stance",
        ]


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    speaker = SpeakerSerializer(allow_null=True, read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "kind",
            "text",
            "status",
            "status_label",
            "verdict_note",
            "speaker",
            "value",
            "value_max",
            "unit",
            "date",
            "subject",
            "reviewed_at",
            "mentions",
        ]

    def get_url(self, obj: Claim) -> str:
        return claim_public_url(obj.pk)


class ClaimBriefSerializer(ClaimSerializer):
    """A claim without its mentions (lookup results)."""

    class Meta(ClaimSerializer.Meta):
        fields = ["id", "url", "kind", "text", "status", "status_label", "verdict_note", "speaker"]


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
