"""Writes for verified claim sheets."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet

from claims.cache import public_changed
from claims.models import Claim, ClaimSheet, ClaimSheetItem


def sheet_create(*, title: str, slug: str, actor: Any = None) -> ClaimSheet:
    return ClaimSheet.objects.create(
        title=title, slug=slug, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )


def sheet_add_claims(*, sheet: ClaimSheet, claims: QuerySet[Claim]) -> tuple[int, int]:
    """Append the public claims among `claims` to the end of `sheet`, in id order.

    Returns (added, skipped): claims already on the sheet or not reviewed are skipped. A sheet
    holds only reviewed claims, so a published sheet never shows an unreviewed one.
    """
    with transaction.atomic():
        ClaimSheet.objects.select_for_update().filter(pk=sheet.pk).first()
        present = set(sheet.items.values_list("claim_id", flat=True))
        wanted = list(claims.order_by("id"))
        public = [c for c in wanted if c.is_public and c.pk not in present]
        last = sheet.items.aggregate(last=Max("position"))["last"]
        start = 0 if last is None else last + 1
        ClaimSheetItem.objects.bulk_create(
            ClaimSheetItem(sheet=sheet, claim=claim, position=start + n) for n, claim in enumerate(public)
        )
        if public:
            sheet.save(update_fields=["updated_at"])
            transaction.on_commit(public_changed)
    return len(public), len(wanted) - len(public)
