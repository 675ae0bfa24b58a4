"""Checkable claims: quantities, dates, "first" and record claims, events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from spacy.tokens import Doc

from .types import BoilerplateRange, ClaimItem


def find_claims(
    doc: Doc, *, skip: Sequence[BoilerplateRange] = (), published_at: datetime | None = None
) -> list[ClaimItem]:
    # TEMPORARY: replaced by the claims helper's implementation.
    return []
