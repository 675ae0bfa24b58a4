"""Writes for the sources of claims: an editor's change to an outlet or an article reaches every
claim it sources.

Which sources are independent depends on the outlet's ownership group (two outlets of one group
are one source) and on the article (its outlet, its date, whether it is a republished copy). A
change recomputes the suggestion of every claim with a mention there (and, for a change of
group, of the claims of the group it left or joined), writes a history row on each, and empties
the public API's cache.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _save(
    obj: Model,
    fields: tuple[str, ...],
    *,
    actor: Any,
    what: str,
    sourced: Callable[[Model | None, dict[str, tuple[Any, Any]]], Q],
) -> int:
    """Store ``obj`` as an editor changed it and, when one of ``fields`` changed, recompute and
    record every live claim matching ``sourced(before, diff)``. Returns how many."""
    with transaction.atomic():
        before = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first() if obj.pk else None
        obj.save()
        diff = _diff(before, obj, fields)
        count = 0
        if diff:
            claims = Claim.objects.filter(sourced(before, diff), merged_into__isnull=True).distinct()
            count = _refresh(claims, actor=actor, what=what, diff=diff)
        transaction.on_commit(public_changed)
    return count


def outlet_save(*, outlet: Outlet, actor: Any = None) -> tuple[Outlet, int]:
    """Store an outlet as an editor changed it (new or existing) and refresh what depends on it.

    Returns the outlet and the number of claims whose suggestion was recomputed.
    """

    def sourced(before: Model | None, diff: dict[str, tuple[Any, Any]]) -> Q:
        affected = Q(mentions__article__outlet=outlet)
        old_group = before.ownership_group if isinstance(before, Outlet) else ""
        groups = {g for g in (outlet.ownership_group, old_group) if g}
        if "ownership_group" in diff and groups:
            affected |= Q(mentions__article__outlet__ownership_group__in=groups)
        return affected

    count = _save(outlet, OUTLET_FIELDS, actor=actor, what=f"outlet {outlet.name!r}", sourced=sourced)
    return outlet, count


def article_save(*, article: Article, actor: Any = None) -> tuple[Article, int]:
    """Store an editor's correction of an article's metadata (its outlet, date, copy-of link...)."""
    count = _save(
        article,
        ARTICLE_FIELDS,
        actor=actor,
        what=f"article {article.pk}",
        sourced=lambda before, diff: Q(mentions__article=article),
    )
    return article, count
