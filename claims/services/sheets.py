"""Writes for verified claim sheets."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from claims.cache import public_changed
from claims.models import Claim, ClaimSheet, ClaimSheetItem, HistoryEntry


def sheet_create(*, title: str, slug: str, actor: Any = None) -> ClaimSheet:
    return ClaimSheet.objects.create(
        title=title, slug=slug, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )


def sheet_save(*, sheet: ClaimSheet, actor: Any = None) -> ClaimSheet:
    """Store an editor's change to a sheet (title, description, published, its items): a
    published or unpublished sheet is seen, or no longer seen, by the public at once."""
    with transaction.atomic():
        if sheet.pk is None and getattr(actor, "is_authenticated", False):
            sheet.created_by = actor
        sheet.save()
        transaction.on_commit(public_changed)
    return sheet


def sheet_changed(*, sheet: ClaimSheet) -> None:
    """The sheet's items were changed (added, reordered, removed) in one editor's save."""
    ClaimSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now())
    transaction.on_commit(public_changed)


def sheet_delete(*, sheet: ClaimSheet) -> None:
    with transaction.atomic():
        sheet.delete()
        transaction.on_commit(public_changed)


def sheet_add_claims(*, sheet: ClaimSheet, claims: QuerySet[Claim], actor: Any = None) -> tuple[int, int]:
    """Append the public claims among `claims` to the end of `sheet`, in the queryset's order (the
    order the editor's list showed them; id order when it has none).

    Returns (added, skipped): claims already on the sheet or not reviewed are skipped. A sheet
    holds only reviewed claims, so a published sheet never shows an unreviewed one.
    """
    with transaction.atomic():
        ClaimSheet.objects.select_for_update().filter(pk=sheet.pk).first()
        present = set(sheet.items.values_list("claim_id", flat=True))
        wanted = list(claims if claims.ordered else claims.order_by("id"))
        public = [c for c in wanted if c.is_public and c.pk not in present]
        last = sheet.items.aggregate(last=Max("position"))["last"]
        start = 0 if last is None else last + 1
        ClaimSheetItem.objects.bulk_create(
            ClaimSheetItem(sheet=sheet, claim=claim, position=start + n) for n, claim in enumerate(public)
        )
        user = actor if getattr(actor, "is_authenticated", False) else None
        HistoryEntry.objects.bulk_create(
            HistoryEntry(
                claim=claim,
                actor=user,
                action=HistoryEntry.Action.SHEET,
                after={"sheet": sheet.slug, "position": start + n},
                note=f"added to the sheet “{sheet.title}”",
            )
            for n, claim in enumerate(public)
        )
        if public:
            sheet.save(update_fields=["updated_at"])
            transaction.on_commit(public_changed)
    return len(public), len(wanted) - len(public)
