"""`rematch`: recompute every machine grouping from the stored mentions, keeping editor decisions.

Mentions of claims an editor reviewed, merged or split (``editor_locked``) stay where they are.
The others are taken in publication order and matched again, exactly as at ingest. The first
mention of each group keeps the claim it had, so running it twice changes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from claims.models import Claim, ClaimKey, HistoryEntry, Mention

from .extracted import claim_from_mention, local_key
from .matching import best_match, claim_index, mention_item, paraphrase_match
from .suggestions import claim_refresh_suggestion


@dataclass(frozen=True)
class RematchReport:
    mentions: int
    moved: int
    claims_created: int
    claims_removed: int


def claims_rematch() -> RematchReport:
    with transaction.atomic():
        unlocked = Claim.objects.active().filter(editor_locked=False)
        unlocked_ids = set(unlocked.values_list("id", flat=True))
        ClaimKey.objects.filter(claim_id__in=unlocked_ids).delete()
        mentions = list(
            Mention.objects.filter(claim_id__in=unlocked_ids)
            .select_related("article", "claim")
            .defer("article__text")
            # The order of ingest, so that a rematch right after ingest changes nothing.
            .order_by("article_id", "start", "id")
        )
        used: set[int] = set()
        # Which articles each claim holds mentions of, among the mentions placed so far.
        placed: dict[int, set[int]] = defaultdict(set)
        local: dict[tuple[object, ...], Claim] = {}
        moved = created = 0
        touched: set[int] = set()
        for m in mentions:
            item = mention_item(m)
            if m.paraphrase:
                # As at ingest: a paraphrase only ever joins another article's direct quote.
                quote = paraphrase_match(item, in_article=_placed_in(placed, m.article_id))
                if quote is None:
                    Mention.objects.filter(pk=m.pk).delete()
                    touched.add(m.claim_id)
                    moved += 1
                    continue
                if quote.pk != m.claim_id:
                    Mention.objects.filter(pk=m.pk).update(claim=quote)
                    touched.update({m.claim_id, quote.pk})
                    moved += 1
                placed[quote.pk].add(m.article_id)
                continue
            key = (
                m.article_id,
                *local_key(
                    kind=m.kind, text=m.text, speaker_id=m.speaker_id, value=m.value, unit=m.unit, date=m.date
                ),
            )
            stance: str = Mention.Stance.SUPPORTS
            target = local.get(key)
            if target is None:
                found = best_match(item, in_article=_placed_in(placed, m.article_id))
                if found is not None:
                    target, stance = found
                elif m.claim_id not in used:
                    target = m.claim
                    _reset_from(target, m)
                    claim_index(claim=target, item=item)
                else:
                    target = claim_from_mention(m)
                    HistoryEntry.objects.create(
                        claim=target,
                        action=HistoryEntry.Action.CREATED,
                        after={"text": target.text},
                        note="rematch",
                    )
                    claim_index(claim=target, item=item)
                    created += 1
                local[key] = target
            used.add(target.pk)
            placed[target.pk].add(m.article_id)
            if m.claim_id != target.pk or m.stance != stance:
                Mention.objects.filter(pk=m.pk).update(claim=target, stance=stance)
                touched.update({m.claim_id, target.pk})
                moved += 1
        empty = Claim.objects.filter(pk__in=unlocked_ids - used, mentions__isnull=True)
        removed = empty.count()
        empty.delete()
        for claim in Claim.objects.filter(pk__in=(touched | used) - (unlocked_ids - used)):
            claim_refresh_suggestion(claim=claim)
    return RematchReport(mentions=len(mentions), moved=moved, claims_created=created, claims_removed=removed)


def _placed_in(placed: dict[int, set[int]], article_id: int) -> Callable[[list[int]], set[int]]:
    """Which of these claims already hold a mention of the article, among the mentions placed so far."""
    return lambda ids: {i for i in ids if article_id in placed[i]}


def _reset_from(claim: Claim, m: Mention) -> None:
    """The claim's canonical values become those of its first mention (machine claims only)."""
    fields = {
        "text": m.text,
        "speaker_id": m.speaker_id,
        "value": m.value,
        "value_max": m.value_max,
        "unit": m.unit,
        "date": m.date,
        "subject": m.subject,
        "action": m.action,
        "entities": m.entities,
    }
    if any(getattr(claim, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(claim, k, v)
        Claim.objects.filter(pk=claim.pk).update(**fields)
