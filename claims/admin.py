"""Django admin: the editors' workspace."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from .models import (
    Article,
    Claim,
    ClaimSheet,
    ClaimSheetItem,
    HistoryEntry,
    Mention,
    Outlet,
    Speaker,
    SpeakerAlias,
)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name", "ownership_group", "domain", "country", "article_count"]
    list_filter = ["ownership_group", "country"]
    search_fields = ["name", "domain", "ownership_group"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, obj: Outlet) -> int:
        return getattr(obj, "n_articles", 0)


class MentionInArticleInline(ReadOnlyInline):
    model = Mention
    fk_name = "article"
    fields = ["claim", "start", "end", "text", "stance"]
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "outlet", "published_at", "state", "mention_count", "ingested_at"]
    list_filter = ["state", "outlet", "published_at"]
    search_fields = ["title", "url", "byline", "source_path"]
    date_hierarchy = "published_at"
    list_select_related = ["outlet"]
    readonly_fields = ["content_hash", "source_path", "boilerplate", "ingested_at", "text", "state", "error"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "outlet", "published_at", "byline", "url", "language", "republished_from"]},
        ),
        ("Ingest", {"fields": ["state", "error", "source_path", "content_hash", "ingested_at"]}),
        ("Text", {"fields": ["text", "boilerplate"]}),
    ]
    raw_id_fields = ["republished_from"]
    inlines = [MentionInArticleInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(n_mentions=Count("mentions"))

    @admin.display(description="mentions", ordering="n_mentions")
    def mention_count(self, obj: Article) -> int:
        return getattr(obj, "n_mentions", 0)


class SpeakerAliasInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SpeakerAlias
    extra = 0
    fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    list_display = ["name", "kind", "role", "alias_list", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "aliases__name"]
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return (
            super()
            .get_queryset(request)
            .annotate(n_claims=Count("claims", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="aliases")
    def alias_list(self, obj: Speaker) -> str:
        return ", ".join(a.name for a in obj.aliases.all() if a.name != obj.name)

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, obj: Speaker) -> int:
        return getattr(obj, "n_claims", 0)


class MentionInline(ReadOnlyInline):
    model = Mention
    fk_name = "claim"
    fields = ["article", "text", "value", "unit", "date", "speaker", "cue", "stance", "confidence"]
    readonly_fields = fields


class HistoryInline(ReadOnlyInline):
    model = HistoryEntry
    fields = ["created_at", "actor", "action", "before", "after", "note"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin[Claim]):
    list_display = ["text_short", "kind", "status", "suggested_status", "speaker", "value", "unit", "date"]
    list_filter = ["status", "suggested_status", "kind", "mentions__article__outlet"]
    search_fields = ["text", "speaker__name", "subject"]
    list_select_related = ["speaker"]
    readonly_fields = [
        "suggested_status",
        "suggestion_reason",
        "status",
        "reviewed_by",
        "reviewed_at",
        "version",
        "merged_into",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["speaker"]
    inlines = [MentionInline, HistoryInline]

    @admin.display(description="text", ordering="text")
    def text_short(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "..."


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin[Mention]):
    list_display = ["text_short", "claim", "article", "start", "end", "stance", "confidence"]
    list_filter = ["stance", "claim__kind", "article__outlet"]
    search_fields = ["text", "sentence"]
    list_select_related = ["claim", "article"]
    raw_id_fields = ["claim", "article", "speaker"]

    @admin.display(description="text")
    def text_short(self, obj: Mention) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "..."


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin[HistoryEntry]):
    list_display = ["created_at", "claim", "actor", "action", "note"]
    list_filter = ["action"]
    search_fields = ["note", "claim__text"]
    list_select_related = ["claim", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ClaimSheetItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ClaimSheetItem
    extra = 0
    raw_id_fields = ["claim"]
    fields = ["position", "claim"]


@admin.register(ClaimSheet)
class ClaimSheetAdmin(admin.ModelAdmin[ClaimSheet]):
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ClaimSheetItemInline]
