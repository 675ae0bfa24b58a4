"""Writes for the sources of claims: an editor's change to an outlet or an article reaches every
claim it sources.

Which sources are independent depends on the outlet's ownership group (two outlets of one group
are one source) and on the article (its outlet, its date, whether it is a republished copy). A
change recomputes the suggestion of every claim with a mention there (and, for a change of
group, of the claims of the group it left or joined), writes a history row on each, and empties
the public API's cache.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model, Q, QuerySet

from claims.cache import public_changed
from claims.models import Article, Claim, HistoryEntry, Outlet

from .suggestions import claim_refresh_suggestion

OUTLET_FIELDS = ("name", "ownership_group", "domain", "country")
ARTICLE_FIELDS = ("title", "outlet_id", "published_at", "byline", "url", "language", "republished_from_id")


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _diff(before: Model | None, after: Model, fields: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    if before is None:
        return {}
    return {
        f: (getattr(before, f), getattr(after, f)) for f in fields if getattr(before, f) != getattr(after, f)
    }


def _refresh(claims: QuerySet[Claim], *, actor: Any, what: str, diff: dict[str, tuple[Any, Any]]) -> int:
    user = actor if getattr(actor, "is_authenticated", False) else None
    count = 0
    for claim in claims:
        HistoryEntry.objects.create(
            claim=claim,
            actor=user,
            action=HistoryEntry.Action.SOURCE,
            before={k: _plain(v[0]) for k, v in diff.items()},
            after={k: _plain(v[1]) for k, v in diff.items()},
            note=f"{what} edited",
        )
        claim_refresh_suggestion(claim=claim)
        count += 1
    return count


def outlet_save(*, outlet: Outlet, actor: Any = None) -> tuple[Outlet, int]:
    """Store an outlet as an editor changed it (new or existing) and refresh what depends on it.

    Returns the outlet and the number of claims whose suggestion was recomputed.
    """
    with transaction.atomic():
        before = Outlet.objects.select_for_update().filter(pk=outlet.pk).first() if outlet.pk else None
        outlet.save()
        diff = _diff(before, outlet, OUTLET_FIELDS)
        count = 0
        if diff:
            affected = Q(mentions__article__outlet=outlet)
            groups = {g for g in (outlet.ownership_group, before.ownership_group if before else "") if g}
            if "ownership_group" in diff and groups:
                affected |= Q(mentions__article__outlet__ownership_group__in=groups)
            claims = Claim.objects.filter(affected, merged_into__isnull=True).distinct()
            count = _refresh(claims, actor=actor, what=f"outlet {outlet.name!r}", diff=diff)
        transaction.on_commit(public_changed)
    return outlet, count


def article_save(*, article: Article, actor: Any = None) -> tuple[Article, int]:
    """Store an editor's correction of an article's metadata (its outlet, date, copy-of link...)."""
    with transaction.atomic():
        before = Article.objects.select_for_update().filter(pk=article.pk).first() if article.pk else None
        article.save()
        diff = _diff(before, article, ARTICLE_FIELDS)
        count = 0
        if diff:
            claims = Claim.objects.filter(mentions__article=article, merged_into__isnull=True).distinct()
            count = _refresh(claims, actor=actor, what=f"article {article.pk}", diff=diff)
        transaction.on_commit(public_changed)
    return article, count
