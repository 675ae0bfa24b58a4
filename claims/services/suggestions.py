"""The machine's suggested status of a claim, from its mentions, with the reasons spelled out."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def _source_of(article: Article) -> tuple[str, str, str | None]:
    """(independence key, label, why it is not its own source) of an article."""
    original = article
    why = None
    if article.republished_from_id is not None and article.republished_from is not None:
        original = article.republished_from
        why = f"article {article.pk} is a republished copy of article {original.pk}"
    outlet = original.outlet
    if outlet is None:
        return f"article:{original.pk}", f"article {original.pk} (outlet unknown)", why
    label = outlet.name if not outlet.ownership_group else f"{outlet.name} ({outlet.ownership_group})"
    return f"outlet:{outlet.source_key}", label, why


def suggest(mentions: list[Mention]) -> Suggestion:
    supporting: dict[str, str] = {}
    contradicting: dict[str, str] = {}
    first_article: dict[tuple[str, str], int] = {}
    not_independent: list[str] = []
    for m in sorted(
        mentions, key=lambda m: (m.article.published_at is None, m.article.published_at, m.article_id)
    ):
        key, label, why = _source_of(m.article)
        stance = "contradicts" if m.stance == Mention.Stance.CONTRADICTS else "supports"
        bucket = contradicting if stance == "contradicts" else supporting
        if why:
            not_independent.append(why)
        if key not in bucket:
            bucket[key] = f"{label}, article {m.article_id}"
            first_article[(stance, key)] = m.article_id
        elif first_article[(stance, key)] != m.article_id and why is None:
            not_independent.append(f"article {m.article_id} ({label}) is the same source as {bucket[key]}")
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


def claim_refresh_suggestion(*, claim: Claim) -> Suggestion:
    """Recompute and store ``suggested_status`` (the editor's ``status`` is never touched)."""
    mentions = list(
        Mention.objects.filter(claim=claim).select_related(
            "article__outlet", "article__republished_from__outlet"
        )
    )
    suggestion = suggest(mentions)
    before = (claim.suggested_status, claim.source_count, claim.has_contradiction, claim.suggestion_reason)
    claim.suggested_status = suggestion.status
    claim.source_count = len(suggestion.supporting_sources)
    claim.has_contradiction = bool(suggestion.contradicting_sources)
    claim.suggestion_reason = suggestion.reason
    after = (claim.suggested_status, claim.source_count, claim.has_contradiction, claim.suggestion_reason)
    if before != after:
        Claim.objects.filter(pk=claim.pk).update(
            suggested_status=claim.suggested_status,
            source_count=claim.source_count,
            has_contradiction=claim.has_contradiction,
            suggestion_reason=claim.suggestion_reason,
        )
        if before[0] != after[0]:
            HistoryEntry.objects.create(
                claim=claim,
                action=HistoryEntry.Action.SUGGESTION,
                before={"suggested_status": before[0]},
                after={"suggested_status": after[0]},
                note=suggestion.reason,
            )
    return suggestion
