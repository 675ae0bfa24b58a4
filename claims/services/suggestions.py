"""The machine's suggested status of a claim, from its mentions, with the reasons spelled out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from claims.models import Article, Claim, HistoryEntry, Mention


@dataclass
class Suggestion:
    status: str
    supporting_sources: list[str] = field(default_factory=list)
    contradicting_sources: list[str] = field(default_factory=list)
    not_independent: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        lines = []
        if self.supporting_sources:
            lines.append("Supported by: " + "; ".join(self.supporting_sources) + ".")
        if self.contradicting_sources:
            lines.append("Contradicted by: " + "; ".join(self.contradicting_sources) + ".")
        if self.not_independent:
            lines.append("Not counted as independent: " + "; ".join(self.not_independent) + ".")
        verdict: str = {
            Claim.Status.CORROBORATED: "Two or more independent sources agree.",
            Claim.Status.CONFLICTING: "At least one source contradicts the others.",
            Claim.Status.SINGLE_SOURCE: "Only one independent source states it.",
        }.get(Claim.Status(self.status), "")
        return " ".join([verdict, *lines]).strip()


@dataclass(frozen=True)
class SourceRow:
    """One article's stance on a claim, with what decides whether it is an independent source."""

    article_id: int
    published_at: datetime | None
    stance: str
    outlet: str | None
    group: str
    copy_of: int | None  # the original, when the article is a republished copy
    copy_of_outlet: str | None
    copy_of_group: str
    revision_of: int | None = None  # the first version, when the article is a later revision of it


SOURCE_FIELDS = (
    "article_id",
    "article__published_at",
    "stance",
    "article__outlet__name",
    "article__outlet__ownership_group",
    "article__republished_from_id",
    "article__republished_from__outlet__name",
    "article__republished_from__outlet__ownership_group",
    "article__revision_of_id",
)
# Claims per query when many are refreshed at once (SQLite's historical 999 parameters).
CHUNK = 900


def source_rows(claim: Claim) -> list[SourceRow]:
    """One row per article and stance: a claim's repeated mentions in one article, or the article
    text itself, are never loaded."""
    rows = Mention.objects.filter(claim=claim).values_list(*SOURCE_FIELDS).distinct()
    return [SourceRow(a, p, st, o, g or "", c, co, cg or "", r) for a, p, st, o, g, c, co, cg, r in rows]


def _source_of(row: SourceRow) -> tuple[str, str, str | None]:
    """(independence key, label, why it is not its own source) of an article."""
    article_id, outlet, group, why = row.article_id, row.outlet, row.group, None
    if row.copy_of is not None:
        why = f"article {row.article_id} is a republished copy of article {row.copy_of}"
        article_id, outlet, group = row.copy_of, row.copy_of_outlet, row.copy_of_group
    elif row.revision_of is not None:
        # Another fetch of the same article (same publisher): one source with its first version.
        why = f"article {row.article_id} is a revision of article {row.revision_of}"
        article_id = row.revision_of
    if outlet is None:
        return f"article:{article_id}", f"article {article_id} (outlet unknown)", why
    label = outlet if not group else f"{outlet} ({group})"
    return f"outlet:{(group or outlet).casefold()}", label, why


def suggest(rows: list[SourceRow]) -> Suggestion:
    supporting: dict[str, str] = {}
    contradicting: dict[str, str] = {}
    first_article: dict[tuple[str, str], int] = {}
    not_independent: list[str] = []
    for row in sorted(rows, key=lambda r: (r.published_at is None, r.published_at, r.article_id, r.stance)):
        key, label, why = _source_of(row)
        stance = "contradicts" if row.stance == Mention.Stance.CONTRADICTS else "supports"
        bucket = contradicting if stance == "contradicts" else supporting
        if why:
            not_independent.append(why)
        if key not in bucket:
            bucket[key] = f"{label}, article {row.article_id}"
            first_article[(stance, key)] = row.article_id
        elif first_article[(stance, key)] != row.article_id and why is None:
            not_independent.append(f"article {row.article_id} ({label}) is the same source as {bucket[key]}")
    if contradicting:
        status = Claim.Status.CONFLICTING
    elif len(supporting) >= 2:
        status = Claim.Status.CORROBORATED
    else:
        status = Claim.Status.SINGLE_SOURCE
    return Suggestion(
        status=status,
        supporting_sources=list(supporting.values()),
        contradicting_sources=list(contradicting.values()),
        not_independent=list(dict.fromkeys(not_independent)),
    )


SUGGESTION_FIELDS = ["suggested_status", "source_count", "has_contradiction", "suggestion_reason"]


def _apply(claim: Claim, suggestion: Suggestion) -> tuple[list[str], HistoryEntry | None]:
    """Set the suggestion on ``claim``: the SUGGESTION_FIELDS that changed, and the history row
    (unsaved) when the suggested status did."""
    before = (claim.suggested_status, claim.source_count, claim.has_contradiction, claim.suggestion_reason)
    claim.suggested_status = suggestion.status
    claim.source_count = len(suggestion.supporting_sources)
    claim.has_contradiction = bool(suggestion.contradicting_sources)
    claim.suggestion_reason = suggestion.reason
    after = (claim.suggested_status, claim.source_count, claim.has_contradiction, claim.suggestion_reason)
    changed = [f for f, b, a in zip(SUGGESTION_FIELDS, before, after, strict=True) if b != a]
    if before[0] == after[0]:
        return changed, None
    entry = HistoryEntry(
        claim=claim,
        action=HistoryEntry.Action.SUGGESTION,
        before={"suggested_status": before[0]},
        after={"suggested_status": after[0]},
        note=suggestion.reason,
    )
    return changed, entry


def claim_refresh_suggestion(*, claim: Claim) -> Suggestion:
    """Recompute and store ``suggested_status`` (the editor's ``status`` is never touched)."""
    suggestion = suggest(source_rows(claim))
    changed, entry = _apply(claim, suggestion)
    if changed:
        Claim.objects.filter(pk=claim.pk).update(**{f: getattr(claim, f) for f in SUGGESTION_FIELDS})
    if entry is not None:
        entry.save()
    return suggestion


def stored_sources(claim_ids: Sequence[int]) -> tuple[dict[int, set[SourceRow]], dict[int, list[str]]]:
    """The source rows of many claims (as :func:`source_rows`), and the stances of their held
    mentions: one query per CHUNK claims."""
    rows: dict[int, set[SourceRow]] = {}
    held: dict[int, list[str]] = {}
    for at in range(0, len(claim_ids), CHUNK):
        found = (
            Mention.objects.filter(claim_id__in=claim_ids[at : at + CHUNK])
            .order_by()
            .values_list("claim_id", "held", *SOURCE_FIELDS)
            .distinct()
        )
        for claim_id, is_held, a, p, st, o, g, c, co, cg, r in found:
            rows.setdefault(claim_id, set()).add(SourceRow(a, p, st, o, g or "", c, co, cg or "", r))
            if is_held:
                held.setdefault(claim_id, []).append(st)
    return rows, held


def article_source_row(article: Article) -> SourceRow:
    """The row :func:`source_rows` reads for a mention in ``article``, with no stance: one query."""
    a, p, o, g, c, co, cg, r = (
        Article.objects.filter(pk=article.pk)
        .values_list(
            "id",
            "published_at",
            "outlet__name",
            "outlet__ownership_group",
            "republished_from_id",
            "republished_from__outlet__name",
            "republished_from__outlet__ownership_group",
            "revision_of_id",
        )
        .get()
    )
    return SourceRow(a, p, "", o, g or "", c, co, cg or "", r)


def claim_apply_suggestion(
    *, claim: Claim, rows: Iterable[SourceRow]
) -> tuple[list[str], HistoryEntry | None]:
    """Set the suggestion from these rows on ``claim`` without writing: the fields that changed,
    and the history row (unsaved) when the suggested status did."""
    return _apply(claim, suggest(list(rows)))
