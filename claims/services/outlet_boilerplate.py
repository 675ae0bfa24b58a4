"""Boilerplate of one outlet: a sentence its articles repeat (an editor's note, a template line).

It is found across articles, not by its words: a sentence (by its :func:`sentence_key`) that
appears in :data:`MIN_ARTICLES` or more distinct articles of one outlet is that outlet's
boilerplate. A republished copy counts as its original, so a copy never adds an article.

Where the articles are seen: the sentence keys of their mentions, and the ``outlet-repeat`` ranges
already recorded in ``Article.boilerplate``. Once a sentence is boilerplate its earlier mentions go
away, so the range keeps the sentence's key as a fourth element (``[start, end, "outlet-repeat",
key]``; :meth:`Article.boilerplate_ranges` reads the first three) and later articles still find it.

:func:`outlet_boilerplate_filter` runs inside the transaction that stores an article's extraction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.db import transaction
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast

from claims.cache import public_changed
from claims.extraction.types import ClaimItem, Extraction, Quote
from claims.models import Article, Claim, ClaimSheetItem, HistoryEntry, Mention, Outlet

from .extracted import sentence_key
from .suggestions import claim_refresh_suggestion

KIND = "outlet-repeat"
MIN_ARTICLES = 3  # a sentence in this many distinct articles of one outlet is its boilerplate


@dataclass(frozen=True)
class _Range:
    start: int
    end: int
    key: str


def outlet_repeat_keys(article: Article) -> set[str]:
    """Sentence keys recorded as this article's outlet boilerplate: what re-extracting a stored
    article must leave out too (e.g. ``rematch --claims``)."""
    return {str(r[3]) for r in article.boilerplate if len(r) > 3 and r[2] == KIND}


def _sentence_range(text: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around the item [start, end) lies in the text; the item itself if not found."""
    if sentence:
        at = text.find(sentence, max(0, end - len(sentence)), start + len(sentence))
        if 0 <= at <= start and at + len(sentence) >= end:
            stripped = sentence.strip()
            at += sentence.index(stripped[:1]) if stripped else 0
            return at, at + len(stripped)
    return start, end


def _identity(article_id: int, original_id: int | None) -> int:
    return original_id if original_id is not None else article_id


def _articles_with(*, outlet: Outlet, keys: set[str], exclude: int) -> dict[str, set[int]]:
    """For each key, the distinct articles (copies counted as their original, revisions as their
    first version) of the outlet that have the sentence, other than ``exclude``."""
    seen: dict[str, set[int]] = defaultdict(set)
    rows = (
        Mention.objects.filter(sentence_key__in=keys, article__outlet=outlet)
        .exclude(article_id=exclude)
        .values_list("sentence_key", "article_id", "article__republished_from_id", "article__revision_of_id")
        .distinct()
    )
    for key, article_id, original_id, first_id in rows:
        seen[key].add(_identity(article_id, original_id or first_id))
    recorded = (
        Article.objects.filter(outlet=outlet)
        .exclude(pk=exclude)
        .annotate(ranges=Cast("boilerplate", TextField()))
        .filter(ranges__contains=KIND)
        .values_list("id", "republished_from_id", "revision_of_id", "boilerplate")
    )
    for article_id, original_id, first_id, ranges in recorded:
        for r in ranges:
            if len(r) > 3 and r[2] == KIND and r[3] in keys:
                seen[r[3]].add(_identity(article_id, original_id or first_id))
    return seen


def _record(article: Article, ranges: Iterable[_Range]) -> None:
    """Add the ranges to the article's boilerplate, each sentence once."""
    have = {(int(r[0]), int(r[1]), str(r[2])) for r in article.boilerplate}
    added = False
    for r in sorted(set(ranges), key=lambda r: (r.start, r.end)):
        if (r.start, r.end, KIND) not in have:
            article.boilerplate = [*article.boilerplate, [r.start, r.end, KIND, r.key]]
            have.add((r.start, r.end, KIND))
            added = True
    if added:
        article.save(update_fields=["boilerplate"])


def _editor_work(claim_ids: set[int]) -> set[int]:
    """Claims an editor reviewed, locked or put on a sheet: never deleted, their mentions stay."""
    in_sheet = ClaimSheetItem.objects.filter(claim=OuterRef("pk"))
    return set(
        Claim.objects.filter(pk__in=claim_ids)
        .annotate(in_sheet=Exists(in_sheet))
        .exclude(editor_locked=False, status=Claim.Status.UNREVIEWED, in_sheet=False)
        .values_list("id", flat=True)
    )


def _remove_earlier(*, outlet: Outlet, keys: set[str], article: Article) -> None:
    """The outlet's other articles: mentions of the boilerplate sentences leave claims nobody
    reviewed, a claim left with no mention is deleted, and every such sentence is recorded."""
    mentions = list(
        Mention.objects.filter(sentence_key__in=keys, article__outlet=outlet)
        .exclude(article=article)
        .values_list("id", "claim_id", "article_id", "sentence_key", "sentence", "start", "end", "text")
    )
    if not mentions:
        return
    kept = _editor_work({m[1] for m in mentions})
    removed: dict[int, list[tuple[int, str]]] = defaultdict(list)  # claim -> (article, text)
    spans: dict[int, list[tuple[str, str, int, int]]] = defaultdict(list)
    for _id, claim_id, article_id, key, sentence, start, end, text in mentions:
        spans[article_id].append((key, sentence, start, end))
        if claim_id not in kept:
            removed[claim_id].append((article_id, text))
    Mention.objects.filter(pk__in=[m[0] for m in mentions if m[1] not in kept]).delete()
    empty = set(
        Claim.objects.filter(pk__in=removed.keys(), mentions__isnull=True).values_list("id", flat=True)
    )
    Claim.objects.filter(pk__in=empty).delete()
    survivors = Claim.objects.filter(pk__in=set(removed) - empty)
    for claim in survivors:
        HistoryEntry.objects.create(
            claim=claim,
            action=HistoryEntry.Action.MENTION,
            before={"mentions": [{"article": a, "text": t} for a, t in removed[claim.pk]]},
            after={"mentions": []},
            note="mentions removed: the sentence is boilerplate of the outlet "
            f"{outlet.name} (repeated in {MIN_ARTICLES} or more of its articles)",
        )
        claim_refresh_suggestion(claim=claim)
    texts = dict(Article.objects.filter(pk__in=spans).values_list("id", "text"))
    for other in Article.objects.filter(pk__in=spans).only("id", "boilerplate"):
        text = texts[other.pk]
        _record(
            other,
            (_Range(*_sentence_range(text, s, start, end), key) for key, s, start, end in spans[other.pk]),
        )


def outlet_boilerplate_filter(*, article: Article, extraction: Extraction) -> Extraction:
    """The extraction without the quotes, claims and paraphrases whose sentence is the outlet's
    boilerplate; the sentence is recorded on this article and taken out of the outlet's earlier
    articles (mentions removed, claims left without one deleted, reviewed claims untouched).

    Runs in the caller's transaction. The outlet row is locked first, so two articles of one
    outlet stored at once count each other.
    """
    if article.outlet_id is None:
        return extraction
    items: list[Quote | ClaimItem] = [*extraction.quotes, *extraction.claims, *extraction.paraphrases]
    keys = {k for k in (sentence_key(i.sentence) for i in items) if k}
    if not keys:
        return extraction
    with transaction.atomic():
        outlet = Outlet.objects.select_for_update().get(pk=article.outlet_id)
        own = _identity(article.pk, article.republished_from_id or article.revision_of_id)
        seen = _articles_with(outlet=outlet, keys=keys, exclude=article.pk)
        repeated = {k for k in keys if len(seen.get(k, set()) | {own}) >= MIN_ARTICLES}
        if not repeated:
            return extraction
        _remove_earlier(outlet=outlet, keys=repeated, article=article)
        text = article.text
        _record(
            article,
            (
                _Range(*_sentence_range(text, i.sentence, i.start, i.end), sentence_key(i.sentence))
                for i in items
                if sentence_key(i.sentence) in repeated
            ),
        )
        transaction.on_commit(public_changed)

    def keep(sentence: str) -> bool:
        return sentence_key(sentence) not in repeated

    return replace(
        extraction,
        quotes=tuple(q for q in extraction.quotes if keep(q.sentence)),
        claims=tuple(c for c in extraction.claims if keep(c.sentence)),
        paraphrases=tuple(p for p in extraction.paraphrases if keep(p.sentence)),
    )
