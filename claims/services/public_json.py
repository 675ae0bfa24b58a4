"""Stored public bodies of claims (the API's read model): written as a list page reads them.

Never the way a change reaches the public: triggers raise each claim's `public_rev` on every
write that touches what its body shows (migration 0015), and a body whose rev is behind is
ignored. This only keeps the latest body, so the next page need not build it again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, transaction

from claims.models import ClaimPublicJson

logger = logging.getLogger(__name__)


def store_bodies(rows: Iterable[tuple[int, int, str]], *, shape: str) -> int:
    """Keep (claim id, rev read before the body was built, body) rows; returns how many.

    A reader must read the claim's rev before it reads what it renders: a change committed in
    between then leaves the stored rev behind the claim's, and the body is built again. Failing
    to store (a locked SQLite file, a claim deleted meanwhile) loses nothing and is logged: the
    page is served from what was built."""
    objs = [ClaimPublicJson(claim_id=pk, rev=rev, shape=shape, body=body) for pk, rev, body in rows]
    if not objs:
        return 0
    try:
        with transaction.atomic():
            ClaimPublicJson.objects.bulk_create(
                objs, update_conflicts=True, unique_fields=["claim"], update_fields=["rev", "shape", "body"]
            )
    except DatabaseError as exc:
        logger.warning("public bodies of %d claims not stored (they are built again): %s", len(objs), exc)
        return 0
    return len(objs)
