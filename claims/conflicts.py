"""Why a claim is conflicting: which part differs between its supporting and contradicting
mentions, with each side's wording as its article states it.

Pure reads over mentions already loaded (the API and the admin prefetch them): no queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from claims.models import Mention

# The parts a contradiction can be about, in the order an editor reads them, with a label.
PARTS = (
    ("value", "value"),
    ("unit", "unit"),
    ("date", "time"),
    ("subject", "subject"),
    ("measure", "measure"),
    ("target", "object"),
    ("speaker_id", "speaker"),
)


def _part(m: Mention, name: str) -> object:
    value = getattr(m, name)
    if isinstance(value, str):
        return value.strip().casefold() or None
    return value


def _side(mentions: list[Mention]) -> list[dict[str, Any]]:
    out = []
    for m in mentions:
        article = m.article
        out.append(
            {
                "article": article.pk,
                "outlet": article.outlet.name if article.outlet_id and article.outlet else None,
                "published_at": article.published_at.date().isoformat() if article.published_at else None,
                "stated": m.text,
                "value": m.value,
                "unit": m.unit,
                "date": m.date,
            }
        )
    return out


def claim_conflict(mentions: Iterable[Mention]) -> dict[str, Any] | None:
    """``{"differs": ["value"], "summary": "...", "supporting": [...], "contradicting": [...]}``
    for a claim with contradicting mentions; None when nothing contradicts."""
    rows = list(mentions)
    against = [m for m in rows if m.stance == Mention.Stance.CONTRADICTS]
    if not against:
        return None
    supporting = [m for m in rows if m.stance != Mention.Stance.CONTRADICTS]
    differs = []
    for name, label in PARTS:
        ours = {_part(m, name) for m in supporting} - {None}
        theirs = {_part(m, name) for m in against} - {None}
        if ours and theirs and not ours & theirs:
            differs.append(label)
    said = "; ".join(dict.fromkeys(m.text for m in supporting))
    other = "; ".join(dict.fromkeys(m.text for m in against))
    parts = ", ".join(differs) if differs else "wording"
    return {
        "differs": differs or ["wording"],
        "summary": f"The sources differ on the {parts}: {said!s} against {other!s}.",
        "supporting": _side(supporting),
        "contradicting": _side(against),
    }
