"""`rematch --claims`: read the stored articles again with today's claim rules, then regroup.

After an upgrade that changed what a claim is (its parts, which claims are checkable), the stored
mentions still carry what the old rules found. This extracts every article again and, for the
mentions of claims no editor touched:

- a mention whose span the new rules still find takes the new parts (value, unit, date, measure,
  subject, object, qualifiers, place, statement) and the claim its new canonical text and score;
- a mention the new rules no longer find (a bare weekday, "1 time") is removed, with a history
  entry on its claim; a claim left with no mention is removed by the regrouping;
- a claim the new rules find that nothing stores yet is added as a new claim.

Quotes are left to ``rematch --speakers``. Mentions of claims an editor reviewed, merged or split
are never changed. Then :func:`claims_rematch` regroups everything with the new matching rules.
An article that cannot be extracted again keeps its mentions as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db import transaction

from claims.cache import public_changed
from claims.extraction.pipeline import extract_texts
from claims.extraction.types import ArticleMeta, ClaimItem, Extraction, ExtractionError
from claims.models import Article, Claim, HistoryEntry, Mention

from .extracted import _claim_draft, claim_create, draft_item, mention_create, sentence_key
from .locks import rematch_lock
from .matching import claim_index
from .outlet_boilerplate import outlet_repeat_keys
from .rematch import RematchReport, claims_rematch

ExtractWithMeta = Callable[[Sequence[str], Sequence[ArticleMeta]], Iterator[Extraction | ExtractionError]]

PART_FIELDS = (
    "value",
    "value_max",
    "unit",
    "date",
    "subject",
    "action",
    "measure",
    "target",
    "qualifiers",
    "place",
)


@dataclass(frozen=True)
class ClaimsReextractReport:
    articles: int
    failed: int  # articles that could not be extracted again: their mentions are unchanged
    updated: int  # mentions whose parts changed
    removed: int  # mentions the new rules no longer find
    added: int  # claims the new rules find that were not stored
    kept: int  # mentions of claims an editor touched
    claims: RematchReport  # the regrouping that follows


def _meta(article: Article) -> ArticleMeta:
    return ArticleMeta(
        title=article.title or None,
        published_at=article.published_at,
        outlet=article.outlet.name if article.outlet_id and article.outlet else None,
        byline=article.byline or None,
    )


def _extract(
    texts: Sequence[str], metas: Sequence[ArticleMeta], run: ExtractWithMeta
) -> list[Extraction | None]:
    try:
        results = list(run(texts, metas))
    except Exception:
        if len(texts) == 1:
            return [None]
        return [r for t, m in zip(texts, metas, strict=True) for r in _extract([t], [m], run)]
    return [r if isinstance(r, Extraction) else None for r in results]


def _parts(item: ClaimItem) -> dict[str, object]:
    draft = _claim_draft(item)
    return {
        **{name: getattr(draft, name) for name in PART_FIELDS},
        "statement": draft.statement,
        "sentence_key": sentence_key(draft.sentence),
    }


def _article_reextract(article: Article, extraction: Extraction) -> tuple[int, int, int, int]:
    repeated = outlet_repeat_keys(article)  # the outlet's boilerplate stays out, as at ingest
    found = {
        (c.kind, c.start, c.end): c for c in extraction.claims if sentence_key(c.sentence) not in repeated
    }
    stored = list(
        Mention.objects.filter(article=article).exclude(kind=Claim.Kind.QUOTE).select_related("claim")
    )
    updated = removed = kept = 0
    seen: set[tuple[str, int, int]] = set()
    for m in stored:
        key = (m.kind, m.start, m.end)
        seen.add(key)
        if m.claim.editor_locked:
            kept += 1
            continue
        item = found.get(key)
        if item is None:
            HistoryEntry.objects.create(
                claim=m.claim,
                action=HistoryEntry.Action.MENTION,
                before={"article": article.pk, "text": m.text},
                note="rematch --claims: no longer a checkable claim under the current rules",
            )
            m.delete()
            removed += 1
            continue
        parts = _parts(item)
        if any(getattr(m, name) != value for name, value in parts.items()):
            Mention.objects.filter(pk=m.pk).update(**parts)
            updated += 1
        claim = m.claim
        text = item.statement or claim.text
        if (claim.text, claim.worthiness) != (text, item.worthiness):
            Claim.objects.filter(pk=claim.pk).update(
                text=text, worthiness=item.worthiness, worthiness_reasons=list(item.worthiness_reasons)
            )
    added = 0
    for key, item in found.items():
        if key in seen:
            continue
        draft = _claim_draft(item)
        claim = claim_create(draft=draft)
        claim_index(claim=claim, item=draft_item(draft, article))
        mention_create(claim=claim, article=article, draft=draft)
        added += 1
    return updated, removed, added, kept


@rematch_lock()
def claims_reextract(*, batch_size: int = 8, extract: ExtractWithMeta | None = None) -> ClaimsReextractReport:
    """Refresh every stored non-quote mention from a new extraction of its article, then regroup."""
    run: ExtractWithMeta = extract or (
        lambda texts, metas: extract_texts(texts, metas=metas, batch_size=batch_size)
    )
    ids = list(
        Article.objects.filter(state=Article.State.EXTRACTED).order_by("id").values_list("id", flat=True)
    )
    failed = updated = removed = added = kept = 0
    for at in range(0, len(ids), batch_size):
        articles = list(
            Article.objects.filter(pk__in=ids[at : at + batch_size]).select_related("outlet").order_by("id")
        )
        extractions = _extract([a.text for a in articles], [_meta(a) for a in articles], run)
        with transaction.atomic():
            for article, extraction in zip(articles, extractions, strict=True):
                if extraction is None:
                    failed += 1
                    continue
                u, r, a, k = _article_reextract(article, extraction)
                updated, removed, added, kept = updated + u, removed + r, added + a, kept + k
    regrouped = claims_rematch()
    transaction.on_commit(public_changed)
    return ClaimsReextractReport(
        articles=len(ids),
        failed=failed,
        updated=updated,
        removed=removed,
        added=added,
        kept=kept,
        claims=regrouped,
    )
