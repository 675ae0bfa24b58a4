"""The Atom feed of new verdicts."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed

from claims import selectors
from claims.exports.records import status_explanation
from claims.links import claim_url, site_url
from claims.models import Claim

FEED_ITEMS = 50


class VerdictFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    description_template = None

    def __call__(self, request: HttpRequest, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        self._base = site_url(request)
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return f"{settings.PUBLISHER_NAME}: new verdicts"

    def subtitle(self) -> str:
        return "Claims and quotes an editor has reviewed, the most recent verdict first."

    def link(self) -> str:
        return self._base + "/"

    def feed_url(self) -> str:
        return self._base + "/feed/"

    def items(self) -> QuerySet[Claim]:
        return selectors.verdicts_recent()[:FEED_ITEMS]

    def item_title(self, item: Claim) -> str:
        return f"{item.get_status_display().capitalize()}: {item.text}"

    def item_description(self, item: Claim) -> str:
        return item.verdict_note or status_explanation(item.status)

    def item_link(self, item: Claim) -> str:
        return claim_url(item.pk, item.text, self._base)

    def item_pubdate(self, item: Claim) -> datetime | None:
        return item.reviewed_at

    def item_updateddate(self, item: Claim) -> datetime | None:
        return item.reviewed_at or item.updated_at

    def item_author_name(self) -> str:
        return str(settings.PUBLISHER_NAME)
