"""`/sitemap.xml`: an index of the claim, sheet and speaker pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet

from claims import selectors
from claims.links import claim_path, sheet_path, speaker_path
from claims.models import Claim, ClaimSheet, Speaker


class _PublicSitemap(Sitemap):  # type: ignore[type-arg]
    limit = 10_000

    def get_domain(self, site: Any = None) -> str:
        # SITE_URL when set; otherwise the request's host (the framework's RequestSite).
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return str(super().get_domain(site))

    def get_protocol(self, protocol: str | None = None) -> str:
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return str(super().get_protocol(protocol))


class ClaimSitemap(_PublicSitemap):
    def items(self) -> QuerySet[Claim]:
        return Claim.objects.public().only("id", "text", "reviewed_at", "updated_at").order_by("id")

    def location(self, item: Claim) -> str:
        return claim_path(item.pk, item.text)

    def lastmod(self, item: Claim) -> datetime | None:
        return item.reviewed_at or item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        # One aggregate, not every row read (the framework's default).
        latest = Claim.objects.public().aggregate(reviewed=Max("reviewed_at"), updated=Max("updated_at"))
        return latest["reviewed"] or latest["updated"]


class SheetSitemap(_PublicSitemap):
    def items(self) -> QuerySet[ClaimSheet]:
        return selectors.sheets_published().order_by("slug")

    def location(self, item: ClaimSheet) -> str:
        return sheet_path(item.slug)

    def lastmod(self, item: ClaimSheet) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return ClaimSheet.objects.filter(published=True).aggregate(latest=Max("updated_at"))["latest"]


class SpeakerSitemap(_PublicSitemap):
    def items(self) -> QuerySet[Speaker]:
        return selectors.speakers_public().only("id", "name").order_by("id")

    def location(self, item: Speaker) -> str:
        return speaker_path(item.pk, item.name)


SITEMAPS = {"claims": ClaimSitemap, "sheets": SheetSitemap, "speakers": SpeakerSitemap}
