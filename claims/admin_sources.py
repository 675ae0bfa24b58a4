"""Admin for followed sources (feeds and news sitemaps) and the items they listed.

Editors add, change, switch off and delete sources; every save and delete goes through
:mod:`claims.services.following`. Polling is Celery beat's (or ``manage.py sources_poll``); the
"poll at the next round" action only makes a source due.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from .models import Source, SourceItem
from .services.following import source_delete, source_save, sources_poll_soon


def _short(text: str, limit: int = 100) -> str:
    first = text.splitlines()[0] if text else ""
    more = len(text.splitlines()) > 1 or len(first) > limit
    return (first[: limit - 3] + "...") if len(first) > limit else first + (" ..." if more else "")


# What polling writes: shown on a source's page, never edited there.
LAST_POLL_FIELDS = (
    "kind",
    "last_polled_at",
    "next_poll_at",
    "items_found",
    "items_new",
    "items_failed",
    "last_error",
    "item_list",
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = [
        "url",
        "outlet",
        "kind",
        "enabled",
        "poll_minutes",
        "last_polled_at",
        "last_result",
        "error_short",
    ]
    list_filter = ["enabled", "kind", "outlet"]
    search_fields = ["url", "outlet__name"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    fieldsets = [
        (None, {"fields": ["url", "outlet", "poll_minutes", "enabled"]}),
        (
            "Last poll",
            {"fields": LAST_POLL_FIELDS},
        ),
    ]
    readonly_fields = LAST_POLL_FIELDS
    actions = ["poll_soon"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(
        self, request: HttpRequest, obj: Source, form: forms.ModelForm[Source], change: bool
    ) -> None:
        source_save(source=obj)

    def delete_model(self, request: HttpRequest, obj: Source) -> None:
        source_delete(source=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        for source in queryset:
            source_delete(source=source)

    @admin.action(description="Poll the selected sources at the next round")
    def poll_soon(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        count = sources_poll_soon(sources=queryset)
        messages.success(request, f"{count} source(s) will be polled at the next round.")

    @admin.display(description="last poll: items")
    def last_result(self, obj: Source) -> str:
        if obj.last_polled_at is None:
            return "not polled yet"
        return f"{obj.items_found} found, {obj.items_new} new, {obj.items_failed} failed"

    @admin.display(description="last error")
    def error_short(self, obj: Source) -> str:
        return _short(obj.last_error)

    @admin.display(description="items")
    def item_list(self, obj: Source) -> str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:claims_sourceitem_changelist") + f"?source__id__exact={obj.pk}"
        return format_html('<a href="{}">{} item(s) seen</a>', url, obj.items.count())


@admin.register(SourceItem)
class SourceItemAdmin(admin.ModelAdmin[SourceItem]):
    list_display = [
        "url",
        "source",
        "state",
        "article_link",
        "failures",
        "next_try_at",
        "error_short",
        "first_seen_at",
    ]
    list_filter = ["state", "source"]
    search_fields = ["url", "title"]
    list_select_related = ["source__outlet", "article"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SourceItem | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SourceItem | None = None) -> bool:
        return False

    @admin.display(description="article")
    def article_link(self, obj: SourceItem) -> str:
        if obj.article_id is None:
            return "-"
        url = reverse("admin:claims_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article)

    @admin.display(description="error")
    def error_short(self, obj: SourceItem) -> str:
        return _short(obj.last_error)
