"""Writes for outlets: an editor's change of an outlet reaches every claim it sources.

Which sources are independent depends on the outlet's ownership group (two outlets of one group
are one source), so a change of group recomputes the suggestion of every claim with a mention in
the outlet's articles, and of the claims of the group it left or joined.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from claims.cache import public_changed
from claims.models import Claim, Outlet

from .suggestions import claim_refresh_suggestion


def outlet_save(*, outlet: Outlet, actor: Any = None) -> tuple[Outlet, int]:
    """Store an outlet as an editor changed it (new or existing) and refresh what depends on it.

    Returns the outlet and the number of claims whose suggestion was recomputed.
    """
    with transaction.atomic():
        before = Outlet.objects.select_for_update().filter(pk=outlet.pk).first() if outlet.pk else None
        outlet.save()
        groups = {g for g in (outlet.ownership_group, before.ownership_group if before else "") if g}
        affected = Q(mentions__article__outlet=outlet)
        if before is not None and before.ownership_group != outlet.ownership_group and groups:
            affected |= Q(mentions__article__outlet__ownership_group__in=groups)
        claims = Claim.objects.filter(affected, merged_into__isnull=True).distinct()
        count = 0
        for claim in claims:
            claim_refresh_suggestion(claim=claim)
            count += 1
        transaction.on_commit(public_changed)
    return outlet, count
