"""`rematch`: recompute every machine grouping from the stored mentions, keeping editor decisions.

Mentions of claims an editor reviewed, merged or split (``editor_locked``) stay where they are.
The others are taken in publication order and matched again, exactly as at ingest. The first
mention of each group keeps the claim it had, so running it twice changes nothing the second time.

:func:`speakers_rematch` (``rematch --speakers``) first resolves the speakers of the stored quotes
again with the current extraction and store rules (after an upgrade that changed them): the
articles are extracted again, each stored quote takes the speaker of the new quote its span
overlaps, and speakers that nothing refers to any more go. Mentions of editor-locked claims or of
speakers an editor touched keep their speaker.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from claims.cache import public_changed
from claims.extraction.pipeline import extract_texts
from claims.extraction.types import Extraction, ExtractionError, Quote
from claims.models import (
    Article,
    Claim,
    ClaimKey,
    HistoryEntry,
    Mention,
    Speaker,
    SpeakerAlias,
    SpeakerDuplicate,
    speaker_display,
)

from .extracted import QuoteSpeakers, claim_from_mention, claim_values_of, local_key, paraphrase_speaker
from .locks import rematch_lock
from .matching import best_match, claim_index, mention_item, paraphrase_match
from .speaker_names import unstorable_reason
from .speaker_store import Resolution, SpeakerStore, aliases_rekey, unresolved
from .suggestions import claim_refresh_suggestion


@dataclass(frozen=True)
class RematchReport:
    mentions: int
    moved: int
    claims_created: int
    claims_removed: int


@rematch_lock()
def claims_rematch() -> RematchReport:
    """Regroup every machine claim's mentions; one run at a time (:class:`~.locks.AlreadyRunning`)."""
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
    fields = claim_values_of(m)
    if any(getattr(claim, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(claim, k, v)
        Claim.objects.filter(pk=claim.pk).update(**fields)


# --- speakers --------------------------------------------------------------------------------

Extract = Callable[[Sequence[str]], Iterator[Extraction | ExtractionError]]


@dataclass(frozen=True)
class SpeakerRematchReport:
    articles: int
    failed: int  # articles whose text extraction could not read again: their mentions are unchanged
    mentions: int
    changed: int
    kept: int  # mentions an editor's decision protects
    aliases_removed: int
    speakers_removed: int
    claims: RematchReport  # the regrouping that follows


def _extract_each(texts: Sequence[str], extract: Extract) -> list[Extraction | None]:
    """One extraction (or None) per text; a batch that raises is retried text by text."""
    try:
        results = list(extract(texts))
    except Exception:
        if len(texts) == 1:
            return [None]
        return [r for t in texts for r in _extract_each([t], extract)]
    return [r if isinstance(r, Extraction) else None for r in results]


def _overlapping(m: Mention, quotes: Sequence[Quote]) -> Quote | None:
    """The new quote that covers most of the stored mention's span."""
    best, best_len = None, 0
    for q in quotes:
        length = min(q.end, m.end) - max(q.start, m.start)
        if length > best_len:
            best, best_len = q, length
    return best


@dataclass
class _ArticleSpeakers:
    """Today's answer for one article: every quote resolved as ingest would, in the same order."""

    extraction: Extraction
    who: QuoteSpeakers
    quotes: list[Resolution]
    speakers: dict[str, Speaker]

    @classmethod
    def of(cls, article: Article, extraction: Extraction, store: SpeakerStore) -> _ArticleSpeakers:
        who = QuoteSpeakers(extraction, article=article, store=store)
        quotes = [who.of(q) for q in extraction.quotes]
        speakers = {r.speaker.name: r.speaker for r in quotes if r.speaker is not None}
        return cls(extraction=extraction, who=who, quotes=quotes, speakers=speakers)

    def resolve_again(self, m: Mention) -> Resolution:
        if m.paraphrase:
            p = _overlapping(m, self.extraction.paraphrases)
            found = paraphrase_speaker(p, self.speakers) if p is not None else None
            return found or unresolved((p.speaker_text or p.speaker or "") if p is not None else "")
        q = _overlapping(m, self.extraction.quotes)
        if q is not None:
            return self.quotes[self.extraction.quotes.index(q)]
        # The new extraction no longer sees this quote: it keeps its speaker, unless that is no
        # speaker by today's rules ("He", "Trump").
        old = m.speaker
        if old is not None and unstorable_reason(old.name, old.kind):
            return unresolved(old.name)
        return Resolution(old, m.speaker_status, m.speaker_text, tuple(m.speaker_candidates or ()))


def _apply(m: Mention, found: Resolution) -> bool:
    """Store the resolution on the mention; True when its speaker (or status, or candidates) changed.

    The words the article uses for the speaker are kept up to date without counting as a change.
    """
    fields: dict[str, object] = {
        "speaker_id": found.speaker.pk if found.speaker else None,
        "speaker_status": found.status,
        "speaker_candidates": list(found.candidates),
    }
    changed = any(getattr(m, k) != v for k, v in fields.items())
    text = found.text[:300] or m.speaker_text
    if changed or text != m.speaker_text:
        Mention.objects.filter(pk=m.pk).update(**fields, speaker_text=text)
    return changed


_REMATCH_FIELDS = (
    "id", "claim__id", "claim__editor_locked", "start", "end", "paraphrase",
    "speaker_status", "speaker_text", "speaker_candidates",
    "speaker__id", "speaker__name", "speaker__kind", "speaker__role", "speaker__editor_locked",
    "speaker__disambiguation",
)  # fmt: skip


def _article_rematch(
    article: Article, extraction: Extraction, store: SpeakerStore, history: dict[int, list[tuple[str, str]]]
) -> tuple[int, int, int]:
    """Re-resolve one article's stored quotes; returns (mentions, changed, kept)."""
    today = _ArticleSpeakers.of(article, extraction, store)
    rows = (
        Mention.objects.filter(article=article, kind=Claim.Kind.QUOTE)
        .select_related("speaker", "claim")
        .only(*_REMATCH_FIELDS)
        # Quotes first: a paraphrase takes its speaker from the article's quotes, as at ingest.
        .order_by("paraphrase", "start", "id")
    )
    seen = changed = kept = 0
    for m in rows:
        seen += 1
        if m.claim.editor_locked or (m.speaker is not None and m.speaker.editor_locked):
            kept += 1
            continue
        found = today.resolve_again(m)
        before = m.speaker_display
        if _apply(m, found):
            changed += 1
            after = speaker_display(
                found.speaker.name if found.speaker else None,
                status=found.status,
                text=found.text,
                candidates=list(found.candidates),
            )
            history[m.claim_id].append((before, after))
    return seen, changed, kept


def _protected_speakers() -> set[int]:
    """Speakers that mentions or claims an editor locked still refer to: their spellings stay valid."""
    locked = Claim.objects.filter(editor_locked=True)
    return set(
        Mention.objects.filter(claim__in=locked, speaker__isnull=False).values_list("speaker_id", flat=True)
    ) | set(locked.filter(speaker__isnull=False).values_list("speaker_id", flat=True))


def _prune(store: SpeakerStore) -> tuple[int, int]:
    """Spellings of rebuilt speakers that the replay did not see again, and speakers nothing refers
    to any more, go (never those of speakers an editor touched)."""
    rebuilt = store.claimed - store.pinned
    stale = SpeakerAlias.objects.filter(speaker_id__in=rebuilt, speaker__editor_locked=False).exclude(
        pk__in=store.confirmed
    )
    aliases = stale.count()
    stale.delete()
    unused = Speaker.objects.filter(editor_locked=False).exclude(
        Q(pk__in=Mention.objects.filter(speaker__isnull=False).values("speaker_id"))
        | Q(pk__in=Claim.objects.filter(speaker__isnull=False).values("speaker_id"))
    )
    speakers = unused.count()
    ids = list(unused.values_list("id", flat=True))
    SpeakerDuplicate.objects.filter(
        Q(speaker_id__in=ids) | Q(other_id__in=ids), state=SpeakerDuplicate.State.OPEN
    ).delete()
    Speaker.objects.filter(pk__in=ids).delete()
    return aliases, speakers


@rematch_lock()
def speakers_rematch(*, batch_size: int = 8, extract: Extract | None = None) -> SpeakerRematchReport:
    """Resolve every stored quote's speaker again with today's rules, in ingest order, then regroup.

    Idempotent: the store is replayed from the articles in the order they were ingested, reusing
    the speaker rows made before, so a second run finds every mention already right.
    """
    run: Extract = extract or (lambda texts: extract_texts(texts, batch_size=batch_size))
    with transaction.atomic():
        aliases_rekey()
    store = SpeakerStore(replay=True, pinned=_protected_speakers())
    ids = list(
        Article.objects.filter(mentions__kind=Claim.Kind.QUOTE)
        .distinct()
        .order_by("id")
        .values_list("id", flat=True)
    )
    failed = seen = changed = kept = 0
    for at in range(0, len(ids), batch_size):
        articles = list(Article.objects.filter(pk__in=ids[at : at + batch_size]).order_by("id"))
        extractions = _extract_each([a.text for a in articles], run)
        with transaction.atomic():
            history: dict[int, list[tuple[str, str]]] = defaultdict(list)
            for article, extraction in zip(articles, extractions, strict=True):
                if extraction is None:
                    failed += 1
                    continue
                s, c, k = _article_rematch(article, extraction, store, history)
                seen, changed, kept = seen + s, changed + c, kept + k
            for claim_id, moves in history.items():
                HistoryEntry.objects.create(
                    claim_id=claim_id,
                    action=HistoryEntry.Action.SPEAKER,
                    before={"speakers": [b for b, _ in moves]},
                    after={"speakers": [a for _, a in moves]},
                    note="rematch: speakers resolved again",
                )
    regrouped = claims_rematch()
    with transaction.atomic():
        aliases_removed, speakers_removed = _prune(store)
        transaction.on_commit(public_changed)
    return SpeakerRematchReport(
        articles=len(ids),
        failed=failed,
        mentions=seen,
        changed=changed,
        kept=kept,
        aliases_removed=aliases_removed,
        speakers_removed=speakers_removed,
        claims=regrouped,
    )
