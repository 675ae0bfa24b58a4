"""Editors' changes to speakers: merge, split (move mentions), rename, aliases, possible duplicates.

Each change is written on every claim it touches (a history row; a claim whose speaker changes
becomes editor-locked, so rematch never regroups it), marks the speakers editor-touched (rematch
never reassigns their mentions nor deletes them) and empties the public API cache at commit.
Resolving speakers at ingest lives in :mod:`.speaker_store` (re-exported here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.cache import public_changed
from claims.models import Claim, ClaimKey, HistoryEntry, Mention, Speaker, SpeakerAlias, SpeakerDuplicate

from .extracted import claim_from_mention
from .matching import claim_index, item_for_claim
from .review import User, _actor, _bump
from .speaker_names import name_key, unstorable_reason
from .speaker_store import Resolution, SpeakerStore, speaker_for_ref, speaker_key, speaker_resolve
from .suggestions import claim_refresh_suggestion

__all__ = [
    "Resolution",
    "SpeakerStore",
    "speaker_alias_remove",
    "speaker_create",
    "speaker_duplicate_keep_apart",
    "speaker_duplicate_merge",
    "speaker_for_ref",
    "speaker_key",
    "speaker_merge",
    "speaker_resolve",
    "speaker_split",
    "speaker_update",
    "speakers_merge",
]


def _reindex_quotes(claim_ids: Iterable[int]) -> None:
    """Quote claims are found by speaker + word (``q:{speaker}:{word}``): rebuild those keys."""
    claims = list(Claim.objects.filter(pk__in=list(claim_ids), kind=Claim.Kind.QUOTE))
    ClaimKey.objects.filter(claim__in=claims, key__startswith="q:").delete()
    for claim in claims:
        claim_index(claim=claim, item=item_for_claim(claim))


def _add_name_alias(speaker: Speaker, name: str, *, article_id: int | None = None) -> None:
    key = name_key(name, speaker.kind)
    if key is None or unstorable_reason(name, speaker.kind):
        return  # a surname, pronoun or description never becomes an alias
    SpeakerAlias.objects.get_or_create(
        speaker=speaker,
        key=key.key,
        defaults={"name": name[:300], "short_key": key.short, "article_id": article_id},
    )


def _rekey_aliases(speaker: Speaker) -> None:
    """After a change of kind (a person's key keeps its spaces, an organisation's does not)."""
    seen: set[str] = set()
    for alias in speaker.aliases.order_by("id"):
        key = name_key(alias.name, speaker.kind)
        if key is None or key.key in seen:
            alias.delete()
            continue
        seen.add(key.key)
        SpeakerAlias.objects.filter(pk=alias.pk).update(key=key.key, short_key=key.short)


def _lock(*speakers: Speaker) -> None:
    Speaker.objects.filter(pk__in=[s.pk for s in speakers]).update(editor_locked=True)
    for s in speakers:
        s.editor_locked = True


def _repoint_duplicates(*, target: Speaker, other: Speaker, actor: User) -> None:
    """Pairs between the two are decided (merged); pairs of ``other`` with a third speaker move to ``target``."""
    now = timezone.now()
    SpeakerDuplicate.objects.filter(Q(speaker=target, other=other) | Q(speaker=other, other=target)).update(
        state=SpeakerDuplicate.State.MERGED, decided_by=_actor(actor), decided_at=now
    )
    for dup in SpeakerDuplicate.objects.filter(Q(speaker=other) | Q(other=other)).exclude(
        state=SpeakerDuplicate.State.MERGED
    ):
        third = dup.other_id if dup.speaker_id == other.pk else dup.speaker_id
        if SpeakerDuplicate.objects.filter(
            Q(speaker=target, other_id=third) | Q(speaker_id=third, other=target)
        ).exists():
            dup.delete()
        elif dup.speaker_id == other.pk:
            SpeakerDuplicate.objects.filter(pk=dup.pk).update(speaker=target)
        else:
            SpeakerDuplicate.objects.filter(pk=dup.pk).update(other=target)


def _fold(*, target: Speaker, others: Sequence[Speaker], actor: User) -> set[int]:
    """Move the claims, mentions and aliases of ``others`` onto ``target`` and delete them.

    Returns the ids of the claims touched.
    """
    ids = [o.pk for o in others if o.pk != target.pk]
    touched = set(
        Claim.objects.filter(Q(speaker_id__in=ids) | Q(mentions__speaker_id__in=ids)).values_list(
            "id", flat=True
        )
    )
    for other in others:
        if other.pk == target.pk:
            continue
        Claim.objects.filter(speaker=other).update(speaker=target)
        Mention.objects.filter(speaker=other).update(speaker=target)
        have = set(SpeakerAlias.objects.filter(speaker=target).values_list("key", flat=True))
        SpeakerAlias.objects.filter(speaker=other, key__in=have).delete()
        SpeakerAlias.objects.filter(speaker=other).update(speaker=target)
        if other.kind != target.kind:
            _rekey_aliases(target)
        _add_name_alias(target, other.name)
        _repoint_duplicates(target=target, other=other, actor=actor)
        other.delete()
    _lock(target)
    _reindex_quotes(touched)
    transaction.on_commit(public_changed)
    return touched


@transaction.atomic
def speakers_merge(*, target: Speaker, others: list[Speaker]) -> Speaker:
    """Fold ``others`` into ``target`` without history rows (a caller that records them itself)."""
    _fold(target=target, others=others, actor=None)
    return target


def speaker_merge(*, target: Speaker, others: Sequence[Speaker], actor: User, note: str = "") -> Speaker:
    """An editor merges speakers: their names become aliases of ``target``; every claim that
    changes speaker (as a claim or through a mention) gets a history row."""
    others = [o for o in others if o.pk != target.pk]
    if not others:
        raise ValidationError("Choose at least two speakers to merge.", code="invalid")
    with transaction.atomic():
        list(Speaker.objects.select_for_update().filter(pk__in=[target.pk, *[o.pk for o in others]]))
        labels = {o.pk: o.label for o in others}
        rows = (
            Claim.objects.filter(Q(speaker__in=others) | Q(mentions__speaker__in=others))
            .distinct()
            .prefetch_related("mentions")
        )
        for claim in rows:
            before = sorted(
                {
                    labels[s]
                    for s in [claim.speaker_id, *(m.speaker_id for m in claim.mentions.all())]
                    if s in labels
                }
            )
            _bump(
                claim,
                actor=actor,
                action=HistoryEntry.Action.SPEAKER,
                before={"speaker": ", ".join(before)},
                after={"speaker": target.label},
                note=note or f"speakers merged into {target.label}",
            )
        _fold(target=target, others=others, actor=actor)
    return target


def _move_aliases(*, source: Speaker, target: Speaker, moved: list[Mention]) -> None:
    """Spellings first seen in articles whose mentions all left ``source`` go with them."""
    articles = {m.article_id for m in moved}
    staying = set(
        Mention.objects.filter(speaker=source, article_id__in=articles).values_list("article_id", flat=True)
    )
    own = speaker_key(source.name, source.kind)
    have = set(SpeakerAlias.objects.filter(speaker=target).values_list("key", flat=True))
    for alias in SpeakerAlias.objects.filter(speaker=source, article_id__in=articles - staying).exclude(
        key=own
    ):
        if alias.key in have:
            alias.delete()
        else:
            SpeakerAlias.objects.filter(pk=alias.pk).update(speaker=target)


def _new_speaker(*, name: str, kind: str, role: str, article_id: int | None) -> Speaker:
    """A speaker an editor makes; a taken name gets a numbered disambiguation."""
    name = name.strip()[:300]
    n = 1
    while Speaker.objects.filter(name=name, kind=kind, disambiguation="" if n == 1 else str(n)).exists():
        n += 1
    speaker = Speaker.objects.create(
        name=name, kind=kind, role=role[:300], disambiguation="" if n == 1 else str(n), editor_locked=True
    )
    _add_name_alias(speaker, name, article_id=article_id)
    return speaker


def _split_claim(*, claim: Claim, moved: list[Mention], target: Speaker, actor: User, note: str) -> Claim:
    """The moved mentions leave a claim whose other mentions keep another speaker: a claim of their own."""
    first = moved[0]
    first.speaker = target
    new = claim_from_mention(first, editor_locked=True)
    ids = [m.pk for m in moved]
    Mention.objects.filter(pk__in=ids).update(claim=new, stance=Mention.Stance.SUPPORTS)
    HistoryEntry.objects.create(claim=new, action=HistoryEntry.Action.CREATED, after={"text": new.text})
    info = {"mentions": ids, "speaker": target.label}
    _bump(
        claim,
        actor=actor,
        action=HistoryEntry.Action.SPLIT,
        before=info,
        after={"to_claim": new.pk},
        note=note,
    )
    _bump(
        new,
        actor=actor,
        action=HistoryEntry.Action.SPLIT,
        before={"from_claim": claim.pk},
        after=info,
        note=note,
    )
    for c in (claim, new):
        c.refresh_from_db()
        claim_refresh_suggestion(claim=c)
    return new


def speaker_split(
    *,
    speaker: Speaker,
    mentions: Sequence[Mention],
    target: Speaker | None = None,
    new_name: str | None = None,
    role: str = "",
    actor: User,
    note: str = "",
) -> Speaker:
    """Move chosen mentions of ``speaker`` to ``target``, or to a new speaker named ``new_name``.

    A claim's speaker follows its mentions: when all of a claim's attributed mentions now have
    the target, the claim's speaker becomes the target; when some keep another speaker, the
    moved ones are split off into a claim of their own (a quote claim is one speaker's words:
    keeping a majority would silently misattribute the rest). Aliases first seen in articles
    that leave ``speaker`` entirely move too. Returns the target.
    """
    mentions = list(mentions)
    if not mentions:
        raise ValidationError("Choose the mentions to move.", code="invalid")
    if any(m.speaker_id != speaker.pk for m in mentions):
        raise ValidationError(f"Only mentions of {speaker.label} can be moved from it.", code="invalid")
    new_name = (new_name or "").strip()
    if (target is None) == (not new_name):
        raise ValidationError("Choose another speaker or name a new one (one of the two).", code="invalid")
    if target is not None and target.pk == speaker.pk:
        raise ValidationError("The mentions are already on that speaker.", code="no_change")
    note = note or "mentions moved to another speaker"
    with transaction.atomic():
        list(
            Speaker.objects.select_for_update().filter(pk__in=[speaker.pk, *([target.pk] if target else [])])
        )
        if target is None:
            target = _new_speaker(
                name=new_name, kind=speaker.kind, role=role, article_id=mentions[0].article_id
            )
            if target.name == speaker.name:
                SpeakerDuplicate.objects.create(
                    speaker=speaker,
                    other=target,
                    names=f"{speaker.label} / {target.label}"[:700],
                    reason="Split by an editor: two people of one name.",
                    state=SpeakerDuplicate.State.KEPT_APART,
                    decided_by=_actor(actor),
                    decided_at=timezone.now(),
                )
        moved_ids = {m.pk for m in mentions}
        Mention.objects.filter(pk__in=moved_ids).update(speaker=target)
        _move_aliases(source=speaker, target=target, moved=mentions)
        by_claim: dict[int, list[Mention]] = defaultdict(list)
        for m in sorted(mentions, key=lambda m: (m.article_id, m.start, m.pk)):
            by_claim[m.claim_id].append(m)
        touched = set(by_claim)
        for claim in (
            Claim.objects.select_for_update(of=("self",))
            .filter(pk__in=list(by_claim))
            .select_related("speaker")
        ):
            moved = by_claim[claim.pk]
            others_stay = (
                Mention.objects.filter(claim=claim, speaker__isnull=False)
                .exclude(pk__in=moved_ids)
                .exclude(speaker=target)
                .exists()
            )
            if others_stay:
                touched.add(_split_claim(claim=claim, moved=moved, target=target, actor=actor, note=note).pk)
                continue
            before = claim.speaker.label if claim.speaker else None
            Claim.objects.filter(pk=claim.pk).update(speaker=target)
            _bump(
                claim,
                actor=actor,
                action=HistoryEntry.Action.SPEAKER,
                before={"speaker": before, "mentions": [m.pk for m in moved]},
                after={"speaker": target.label},
                note=note,
            )
        _lock(speaker, target)
        _reindex_quotes(touched)
        transaction.on_commit(public_changed)
    return target


def speaker_create(*, name: str, kind: str, role: str = "", disambiguation: str = "", actor: User) -> Speaker:
    """A speaker an editor adds by hand (its name becomes its first alias)."""
    name = name.strip()
    if Speaker.objects.filter(name=name, kind=kind, disambiguation=disambiguation).exists():
        raise ValidationError("A speaker of that name exists: give a disambiguation.", code="invalid")
    speaker = Speaker.objects.create(
        name=name, kind=kind, role=role, disambiguation=disambiguation, editor_locked=True
    )
    _add_name_alias(speaker, name)
    return speaker


def speaker_update(
    *,
    speaker: Speaker,
    name: str,
    kind: str,
    role: str,
    disambiguation: str,
    actor: User,
    note: str = "",
) -> Speaker:
    """An editor renames a speaker or corrects its kind, role or disambiguation.

    The old name stays an alias (it was seen in articles); every claim showing the speaker gets
    a history row (their own fields do not change, so they are not locked).
    """
    new = {"name": name.strip(), "kind": kind, "role": role.strip(), "disambiguation": disambiguation.strip()}
    with transaction.atomic():
        current = Speaker.objects.select_for_update().get(pk=speaker.pk)
        diff = {k: (getattr(current, k), v) for k, v in new.items() if getattr(current, k) != v}
        if not diff:
            return current
        clash = Speaker.objects.filter(
            name=new["name"], kind=new["kind"], disambiguation=new["disambiguation"]
        ).exclude(pk=current.pk)
        if clash.exists():
            raise ValidationError(
                "Another speaker has this name: merge the two, or give a disambiguation.", code="invalid"
            )
        before_label = current.label
        for k, (_, v) in diff.items():
            setattr(current, k, v)
        current.editor_locked = True
        current.save(update_fields=[*diff, "editor_locked"])
        if "kind" in diff:
            _rekey_aliases(current)
        _add_name_alias(current, current.name)
        claims = Claim.objects.filter(Q(speaker=current) | Q(mentions__speaker=current)).distinct()
        HistoryEntry.objects.bulk_create(
            HistoryEntry(
                claim=claim,
                actor=_actor(actor),
                action=HistoryEntry.Action.SPEAKER,
                before={"speaker": before_label, **{k: v[0] for k, v in diff.items()}},
                after={"speaker": current.label, **{k: v[1] for k, v in diff.items()}},
                note=note or "speaker edited",
            )
            for claim in claims
        )
        transaction.on_commit(public_changed)
    speaker.refresh_from_db()
    return current


def speaker_alias_remove(*, alias: SpeakerAlias, actor: User) -> None:
    """Drop a spelling that does not belong to the speaker: later articles no longer join by it."""
    with transaction.atomic():
        speaker = alias.speaker
        if speaker_key(speaker.name, speaker.kind) == alias.key:
            raise ValidationError(
                "That is the speaker's own name: rename the speaker instead.", code="invalid"
            )
        alias.delete()
        _lock(speaker)


def speaker_duplicate_keep_apart(*, duplicate: SpeakerDuplicate, actor: User) -> SpeakerDuplicate:
    """An editor decides the pair are two people: the flag closes and both speakers stay as they are."""
    if duplicate.state != SpeakerDuplicate.State.OPEN:
        raise ValidationError("An editor has decided on this pair already.", code="invalid")
    with transaction.atomic():
        duplicate.state = SpeakerDuplicate.State.KEPT_APART
        duplicate.decided_by = _actor(actor)
        duplicate.decided_at = timezone.now()
        duplicate.save(update_fields=["state", "decided_by", "decided_at"])
        _lock(*[s for s in (duplicate.speaker, duplicate.other) if s is not None])
    return duplicate


def speaker_duplicate_merge(*, duplicate: SpeakerDuplicate, actor: User, note: str = "") -> Speaker:
    """An editor decides the pair are one person: the newer speaker is merged into the older one."""
    if duplicate.state != SpeakerDuplicate.State.OPEN or duplicate.speaker is None or duplicate.other is None:
        raise ValidationError("An editor has decided on this pair already.", code="invalid")
    return speaker_merge(target=duplicate.speaker, others=[duplicate.other], actor=actor, note=note)
