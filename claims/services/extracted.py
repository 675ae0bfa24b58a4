"""Turning one article's extraction into Claims and Mentions (inside the article's transaction)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from claims.cache import public_changed
from claims.extraction.types import (
    EXTRACTOR_NAME,
    EXTRACTOR_VERSION,
    ClaimItem,
    Extraction,
    Quote,
    SpeakerRef,
)
from claims.models import Article, Claim, ClaimKey, HistoryEntry, Mention, Speaker

from .article_matching import LOCAL_IDS, ArticleMatcher
from .matching import Item, actor_role, roles_of
from .speaker_store import AMBIGUOUS, RESOLVED, UNRESOLVED, Resolution, SpeakerStore, unresolved
from .suggestions import SourceRow, article_source_row, claim_apply_suggestion, stored_sources

_WORD = re.compile(r"\w+")


def normalise_words(text: str) -> str:
    """Lower-cased words only: punctuation, quotation marks and spacing don't make another claim."""
    return " ".join(_WORD.findall(text.casefold()))


def sentence_key(sentence: str) -> str:
    """A short key of a sentence's words: one outlet's template sentence has one key in every article."""
    words = normalise_words(sentence)
    return hashlib.sha1(words.encode()).hexdigest() if words else ""


def local_key(
    *, kind: str, text: str, speaker_id: int | None, value: float | None, unit: str, date: str
) -> tuple[object, ...]:
    """Two items of one article with this key are one claim (at ingest and in rematch alike)."""
    if kind == Claim.Kind.QUOTE:
        return (kind, speaker_id, normalise_words(text))
    return (kind, normalise_words(text), value, unit, date)


@dataclass(frozen=True)
class Draft:
    """What one extracted item says, before it is matched to a stored claim."""

    kind: str
    text: str
    start: int
    end: int
    sentence: str
    speaker: Speaker | None = None
    speaker_status: str = RESOLVED
    speaker_text: str = ""
    speaker_candidates: tuple[str, ...] = ()
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str = ""
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    date: str = ""
    subject: str = ""
    action: str = ""
    entities: tuple[str, ...] = ()
    measure: str = ""
    target: str = ""
    qualifiers: str = ""
    place: str = ""
    statement: str = ""  # the claim as a readable statement; a new claim's canonical text
    worthiness: float = 0.0
    worthiness_reasons: tuple[str, ...] = ()
    approximate: bool = False
    confidence: float = 0.5

    @property
    def local_key(self) -> tuple[object, ...]:
        """Two items of one article with this key are one claim."""
        return local_key(
            kind=self.kind,
            text=self.text,
            speaker_id=self.speaker.pk if self.speaker else None,
            value=self.value,
            unit=self.unit,
            date=self.date,
        )


class QuoteSpeakers:
    """Who said each quote of one article, resolved against the store once per name."""

    def __init__(self, extraction: Extraction, *, article: Article | None, store: SpeakerStore) -> None:
        self.article = article
        self.store = store
        self.refs: dict[str, SpeakerRef] = {}
        for ref in extraction.speakers:
            for name in (*ref.aliases, ref.name):
                self.refs[name] = ref
        self.by_name: dict[str, Resolution] = {}

    def of(self, q: Quote) -> Resolution:
        """A quote the extraction could not attribute, or attributed to several people, gets no
        speaker: how the article refers to them is kept for editors and readers."""
        text = (q.speaker_text or q.speaker or "").strip()
        if q.speaker_status == UNRESOLVED or not q.speaker:
            return unresolved(text)
        if q.speaker_status == AMBIGUOUS:
            candidates = tuple(c for c in (q.speaker_candidates or (q.speaker,)) if c)
            return Resolution(speaker=None, status=AMBIGUOUS, text=text[:300], candidates=candidates)
        if q.speaker not in self.by_name:
            ref = self.refs.get(q.speaker) or SpeakerRef(name=q.speaker, kind=q.speaker_kind or "person")
            self.by_name[q.speaker] = self.store.resolve(
                name=ref.name, kind=ref.kind, role=ref.role or "", aliases=ref.aliases, article=self.article
            )
        found = self.by_name[q.speaker]
        return found if found.speaker is None else replace(found, text=text[:300])


def _quote_draft(q: Quote, who: Resolution) -> Draft:
    return Draft(
        kind=Claim.Kind.QUOTE,
        text=q.words,
        start=q.start,
        end=q.end,
        sentence=q.sentence,
        speaker=who.speaker,
        speaker_status=who.status,
        speaker_text=who.text,
        speaker_candidates=who.candidates,
        speaker_start=q.speaker_span.start if q.speaker_span else None,
        speaker_end=q.speaker_span.end if q.speaker_span else None,
        cue=(q.cue or "")[:100],
        confidence=q.confidence,
    )


def _claim_draft(c: ClaimItem) -> Draft:
    if c.value is not None and c.value_max is not None and c.value_max < c.value:
        c = replace(c, value_max=None)  # a range must run up (claims_claim_range_ordered)
    return Draft(
        kind=c.kind,
        text=c.text,
        start=c.start,
        end=c.end,
        sentence=c.sentence,
        value=c.value,
        value_max=c.value_max,
        unit=(c.unit or "")[:100],
        date=(c.date or "")[:30],
        subject=(c.subject or "")[:300],
        action=(c.action or "")[:100],
        entities=c.entities,
        measure=(c.measure or "")[:200],
        target=(c.target or "")[:300],
        qualifiers="; ".join(c.qualifiers)[:300],
        place=(c.place or "")[:200],
        statement=c.statement or "",
        worthiness=c.worthiness,
        worthiness_reasons=c.worthiness_reasons,
        approximate=c.approximate,
        confidence=c.confidence,
    )


def drafts_for(
    extraction: Extraction, *, article: Article | None = None, store: SpeakerStore | None = None
) -> list[Draft]:
    who = QuoteSpeakers(extraction, article=article, store=store or SpeakerStore())
    drafts = [_quote_draft(q, who.of(q)) for q in extraction.quotes]
    drafts.extend(_claim_draft(c) for c in extraction.claims)
    return drafts


def speakers_of(drafts: list[Draft]) -> dict[str, Speaker]:
    return {d.speaker.name: d.speaker for d in drafts if d.speaker is not None}


def paraphrase_speaker(p: Quote, speakers: dict[str, Speaker]) -> Resolution | None:
    """A reported statement counts only when its speaker is one the article's quotes resolved."""
    speaker = speakers.get(p.speaker or "")
    if speaker is None:
        return None
    return Resolution(speaker=speaker, text=(p.speaker_text or p.speaker or "")[:300])


def paraphrase_drafts(extraction: Extraction, *, speakers: dict[str, Speaker]) -> list[Draft]:
    """Reported statements whose speaker is known from the article's quotes."""
    out = []
    for p in extraction.paraphrases:
        who = paraphrase_speaker(p, speakers)
        if who is None:
            continue
        draft = _quote_draft(p, who)
        out.append(replace(draft, cue=f"{p.cue or ''} (paraphrase)"[:100]))
    return out


def claim_create(*, draft: Draft) -> Claim:
    claim = _claim_new(draft)
    claim.save(force_insert=True)
    HistoryEntry.objects.create(claim=claim, action=HistoryEntry.Action.CREATED, after={"text": claim.text})
    return claim


def _claim_new(draft: Draft) -> Claim:
    """The claim a draft starts (unsaved)."""
    return Claim(
        kind=draft.kind,
        text=draft.statement or draft.text,
        speaker=draft.speaker,
        value=draft.value,
        value_max=draft.value_max,
        unit=draft.unit,
        date=draft.date,
        subject=draft.subject,
        action=draft.action,
        measure=draft.measure,
        target=draft.target,
        qualifiers=draft.qualifiers,
        place=draft.place,
        entities=list(draft.entities),
        worthiness=draft.worthiness,
        worthiness_reasons=list(draft.worthiness_reasons),
    )


def claim_values_of(m: Mention) -> dict[str, Any]:
    """A claim's canonical values as one mention gives them: what it claims (the statement ingest
    wrote) and its parts. Rematch re-seeds a claim with these; a new claim starts from them."""
    return {
        "text": m.statement or m.text,
        "speaker_id": m.speaker_id,
        "value": m.value,
        "value_max": m.value_max,
        "unit": m.unit,
        "date": m.date,
        "subject": m.subject,
        "action": m.action,
        "measure": m.measure,
        "target": m.target,
        "qualifiers": m.qualifiers,
        "place": m.place,
        "entities": m.entities,
    }


def claim_from_mention(m: Mention, **extra: Any) -> Claim:
    """A new claim whose canonical values are those of one mention (rematch, an editor's split)."""
    return Claim.objects.create(kind=m.kind, **claim_values_of(m), **extra)


HELD_NOTE = "new evidence since review: held from the public until an editor accepts it"


def claim_refresh_new_evidence(*, claim: Claim) -> None:
    """Store whether sources wait for an editor since the verdict, and whether one contradicts it."""
    held = list(Mention.objects.filter(claim=claim, held=True).values_list("stance", flat=True))
    flag = new_evidence_flag(held)
    if claim.new_evidence != flag:
        Claim.objects.filter(pk=claim.pk).update(new_evidence=flag)
        claim.new_evidence = flag


def new_evidence_flag(held: Iterable[str]) -> int:
    """The ``new_evidence`` of a claim whose held mentions have these stances."""
    held = list(held)
    if not held:
        return Claim.NewEvidence.NONE
    contradicts = Mention.Stance.CONTRADICTS in held
    return Claim.NewEvidence.CONTRADICTS if contradicts else Claim.NewEvidence.SUPPORTS


def mention_create(
    *,
    claim: Claim,
    article: Article,
    draft: Draft,
    stance: str = Mention.Stance.SUPPORTS,
    paraphrase: bool = False,
    save: bool = True,
) -> Mention:
    """The mention of ``claim`` that ``draft`` is; ``save=False`` leaves it for a bulk insert."""
    # A source that reaches a claim after an editor's verdict waits for an editor: the public does
    # not see it (nor its article, outlet or speaker) until it is accepted or moved.
    held = claim.is_public
    mention = Mention(
        claim=claim,
        article=article,
        held=held,
        kind=draft.kind,
        subject=draft.subject,
        action=draft.action,
        measure=draft.measure,
        target=draft.target,
        qualifiers=draft.qualifiers,
        place=draft.place,
        statement=draft.statement,
        entities=list(draft.entities),
        sentence_key=sentence_key(draft.sentence),
        start=draft.start,
        end=draft.end,
        text=draft.text,
        sentence=draft.sentence,
        value=draft.value,
        value_max=draft.value_max,
        unit=draft.unit,
        date=draft.date,
        speaker=draft.speaker,
        speaker_status=draft.speaker_status,
        speaker_text=draft.speaker_text,
        speaker_candidates=list(draft.speaker_candidates),
        speaker_start=draft.speaker_start,
        speaker_end=draft.speaker_end,
        cue=draft.cue,
        approximate=draft.approximate,
        paraphrase=paraphrase,
        stance=stance,
        extractor=EXTRACTOR_NAME,
        extractor_version=EXTRACTOR_VERSION,
        confidence=max(0.0, min(1.0, draft.confidence)),
    )
    if save:
        mention.save(force_insert=True)
    return mention


def draft_item(draft: Draft, article: Article, *, roles: Mapping[str, str] | None = None) -> Item:
    return Item(
        kind=draft.kind,
        text=draft.text,
        sentence=draft.sentence,
        speaker_id=draft.speaker.pk if draft.speaker else None,
        value=draft.value,
        unit=draft.unit,
        date=draft.date,
        subject=draft.subject,
        action=draft.action,
        entities=draft.entities,
        article_id=article.pk,
        when=article.published_at,
        actor_extra=actor_role(draft.subject) if roles is None else roles.get(draft.subject, ""),
        measure=draft.measure,
        target=draft.target,
        qualifiers=draft.qualifiers,
        place=draft.place,
        approximate=draft.approximate,
    )


def article_store_extraction(
    *, article: Article, extraction: Extraction, store: SpeakerStore | None = None
) -> list[Mention]:
    """Match each quote or claim of the article to a stored Claim (or make one) and add its Mention.

    Repeats within the article join the same claim; the suggested status of every claim the
    article touched is recomputed.

    Matching reads in batches (:class:`ArticleMatcher`); the new claims, keys, mentions and
    history are written at the end, each in one insert and in the order they were made (the ids
    are those one write per item would give), inside the caller's transaction.
    """
    from .outlet_boilerplate import outlet_boilerplate_filter  # here: that module imports this one

    extraction = outlet_boilerplate_filter(article=article, extraction=extraction)
    drafts = drafts_for(extraction, article=article, store=store)
    paraphrases = paraphrase_drafts(extraction, speakers=speakers_of(drafts))
    # Roles are read once every speaker of the article is resolved, as draft_item would read them.
    found = roles_of({d.subject for d in [*drafts, *paraphrases]})
    roles = {d.subject: found.get(d.subject, "") for d in [*drafts, *paraphrases]}
    items = [draft_item(d, article, roles=roles) for d in drafts]
    paraphrase_items = [draft_item(d, article, roles=roles) for d in paraphrases]
    here = article_source_row(article)
    matcher = ArticleMatcher(
        article=article, when=here.published_at, items=[*items, *paraphrase_items], roles=roles
    )

    by_key: dict[tuple[object, ...], int] = {}
    made: list[tuple[int, Mention]] = []
    history: list[HistoryEntry] = []
    touched: dict[int, Claim] = {}
    for draft, item in zip(drafts, items, strict=True):
        stance: str = Mention.Stance.SUPPORTS
        cid = by_key.get(draft.local_key)
        if cid is None:
            match = matcher.best_match(item)
            if match is not None:
                cid, stance = match
                claim = matcher.claim(cid)
                history.append(
                    HistoryEntry(
                        claim=claim,
                        action=HistoryEntry.Action.MENTION,
                        after={"article": article.pk, "text": draft.text, "stance": stance},
                        note=HELD_NOTE if claim.is_public else "",
                    )
                )
            else:
                claim = _claim_new(draft)
                cid = matcher.add_claim(claim, item)
                history.append(
                    HistoryEntry(claim=claim, action=HistoryEntry.Action.CREATED, after={"text": claim.text})
                )
            by_key[draft.local_key] = cid
        claim = matcher.claim(cid)
        mention = mention_create(claim=claim, article=article, draft=draft, stance=stance, save=False)
        matcher.add_mention(cid, mention)
        made.append((cid, mention))
        touched[cid] = claim
    for draft, item in zip(paraphrases, paraphrase_items, strict=True):
        match_id = matcher.paraphrase_match(item)
        if match_id is None:
            continue  # a paraphrase alone is not a claim: it only links to a direct quote
        claim = matcher.claim(match_id)
        mention = mention_create(claim=claim, article=article, draft=draft, paraphrase=True, save=False)
        matcher.add_mention(match_id, mention)
        made.append((match_id, mention))
        history.append(
            HistoryEntry(
                claim=claim,
                action=HistoryEntry.Action.MENTION,
                after={"article": article.pk, "text": draft.text, "paraphrase": True},
                note=HELD_NOTE if claim.is_public else "",
            )
        )
        touched[match_id] = claim

    updates = _refresh_touched(touched, made=made, here=here, history=history)
    Claim.objects.bulk_create([claim for claim, _ in matcher.new_claims])
    ClaimKey.objects.bulk_create(matcher.key_rows(), ignore_conflicts=True)
    mentions = [m for _, m in made]
    Mention.objects.bulk_create(mentions)
    HistoryEntry.objects.bulk_create(history)
    for claim, fields in updates:
        Claim.objects.filter(pk=claim.pk).update(**{f: getattr(claim, f) for f in fields})
    transaction.on_commit(public_changed)
    return mentions


def _refresh_touched(
    touched: dict[int, Claim],
    *,
    made: list[tuple[int, Mention]],
    here: SourceRow,
    history: list[HistoryEntry],
) -> list[tuple[Claim, list[str]]]:
    """``claim_refresh_suggestion`` and ``claim_refresh_new_evidence`` of every claim the article
    touched, from its stored sources (one query) and this article's new mentions, before anything
    is written: new claims are inserted with the result, stored ones need the returned updates
    (claim and changed fields). Suggestion history rows are appended to ``history``."""
    stored = [cid for cid in touched if cid < LOCAL_IDS]
    rows, held = stored_sources(stored)
    for cid, mention in made:
        rows.setdefault(cid, set()).add(replace(here, stance=mention.stance))
        if mention.held:
            held.setdefault(cid, []).append(mention.stance)
    updates = []
    for cid, claim in touched.items():
        fields, entry = claim_apply_suggestion(claim=claim, rows=rows.get(cid, ()))
        if entry is not None:
            history.append(entry)
        flag = new_evidence_flag(held.get(cid, ()))
        if claim.new_evidence != flag:
            claim.new_evidence = flag
            fields.append("new_evidence")
        if fields and cid < LOCAL_IDS:
            updates.append((claim, fields))
    return updates
