"""The editor workflow: status changes, edits, merges, moves and splits, each with its history row.

Every change goes through :func:`_transition`, which locks the claim row, refuses a stale version
(two editors never silently overwrite each other) and writes the history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.cache import public_changed
from claims.models import Claim, ClaimComment, HistoryEntry, Mention, Speaker

from .extracted import claim_from_mention, claim_refresh_new_evidence
from .suggestions import claim_refresh_suggestion

Status = Claim.Status
User = AbstractBaseUser | AnonymousUser | None

# The only status changes allowed. A rejected claim must be reopened before it is judged again.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.UNREVIEWED: frozenset(
        {Status.IN_PROGRESS, Status.CORROBORATED, Status.CONFLICTING, Status.SINGLE_SOURCE, Status.REJECTED}
    ),
    # "In progress": an editor is on it; like unreviewed it is never public.
    Status.IN_PROGRESS: frozenset(
        {Status.UNREVIEWED, Status.CORROBORATED, Status.CONFLICTING, Status.SINGLE_SOURCE, Status.REJECTED}
    ),
    Status.CORROBORATED: frozenset(
        {Status.CONFLICTING, Status.SINGLE_SOURCE, Status.REJECTED, Status.UNREVIEWED}
    ),
    Status.CONFLICTING: frozenset(
        {Status.CORROBORATED, Status.SINGLE_SOURCE, Status.REJECTED, Status.UNREVIEWED}
    ),
    Status.SINGLE_SOURCE: frozenset(
        {Status.CORROBORATED, Status.CONFLICTING, Status.REJECTED, Status.UNREVIEWED}
    ),
    Status.REJECTED: frozenset({Status.UNREVIEWED}),
}


class StaleVersion(ValidationError):
    """Someone else changed the claim since the editor loaded it."""


def _actor(user: User) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _transition(
    *,
    claim_id: int,
    expected_version: int | None,
    actor: User,
    action: str,
    note: str,
    change: Callable[[Claim], dict[str, tuple[Any, Any]]],
    desk_only: bool = False,
) -> Claim:
    """Lock the claim, check its version, apply ``change`` and record it.

    ``change`` mutates the locked claim and returns {field: (before, after)} for the history.
    A ``desk_only`` change (who works on it) is no review: the machine may still regroup the
    claim, and the public sees nothing new.
    """
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        _check_version(claim, expected_version)
        diff = change(claim)
        if not diff:
            raise ValidationError("Nothing to change.", code="no_change")
        claim.version += 1
        locked = [] if desk_only else ["editor_locked"]
        claim.editor_locked = claim.editor_locked or not desk_only
        claim.save(update_fields=[*diff.keys(), "version", *locked, "updated_at"])
        HistoryEntry.objects.create(
            claim=claim,
            actor=_actor(actor),
            action=action,
            before={k: _plain(v[0]) for k, v in diff.items()},
            after={k: _plain(v[1]) for k, v in diff.items()},
            note=note,
        )
        if not desk_only:
            transaction.on_commit(public_changed)
    return claim


def _check_version(claim: Claim, expected_version: int | None) -> None:
    """Refuse to act on a claim (locked by the caller) that changed since the editor saw it."""
    if expected_version is None or claim.version == expected_version:
        return
    last = claim.history.exclude(actor=None).select_related("actor").order_by("-id").first()
    who = f" by {last.actor} at {timezone.localtime(last.created_at):%Y-%m-%d %H:%M}" if last else ""
    raise StaleVersion(
        f"Claim {claim.pk} was changed{who} after you opened it (you had version {expected_version}, "
        f"it is now version {claim.version}). Nothing was saved: reload the page, check their "
        "change and make yours again.",
        code="stale",
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Speaker):
        return value.name
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def claim_set_status(
    *,
    claim: Claim,
    status: str,
    actor: User,
    verdict_note: str = "",
    internal_note: str = "",
    expected_version: int | None,
) -> Claim:
    """An editor's verdict. Public statuses need a verdict note: it is what readers see."""
    if status not in Status.values:
        raise ValidationError(f"Unknown status {status!r}.", code="invalid")
    verdict_note = verdict_note.strip()
    if status in Claim.PUBLIC_STATUSES and not verdict_note and not claim.verdict_note:
        raise ValidationError(
            f"Write a public verdict note before marking the claim {Status(status).label}.",
            code="note_required",
        )

    def change(c: Claim) -> dict[str, tuple[Any, Any]]:
        if status == c.status:
            raise ValidationError(f"The claim is already {c.get_status_display()}.", code="no_change")
        if status not in TRANSITIONS[c.status]:
            raise ValidationError(
                f"A claim cannot go from {c.get_status_display()} to {Status(status).label}"
                + (" (reopen it as unreviewed first)." if c.status == Status.REJECTED else "."),
                code="forbidden",
            )
        diff: dict[str, tuple[Any, Any]] = {"status": (c.status, status)}
        c.status = status
        if verdict_note and verdict_note != c.verdict_note:
            diff["verdict_note"] = (c.verdict_note, verdict_note)
            c.verdict_note = verdict_note
        if internal_note.strip() and internal_note.strip() != c.internal_note:
            diff["internal_note"] = (c.internal_note, internal_note.strip())
            c.internal_note = internal_note.strip()
        diff["reviewed_by"] = (c.reviewed_by, _actor(actor))
        diff["reviewed_at"] = (c.reviewed_at, timezone.now())
        c.reviewed_by = _actor(actor)
        c.reviewed_at = diff["reviewed_at"][1]
        return diff

    return _transition(
        claim_id=claim.pk,
        expected_version=expected_version,
        actor=actor,
        action=HistoryEntry.Action.STATUS,
        note=verdict_note or internal_note,
        change=change,
    )


def claim_edit(
    *,
    claim: Claim,
    actor: User,
    expected_version: int | None,
    text: str | None = None,
    speaker: Speaker | None = None,
    clear_speaker: bool = False,
    note: str = "",
) -> Claim:
    """Edit a claim's canonical text and/or speaker."""

    def change(c: Claim) -> dict[str, tuple[Any, Any]]:
        diff: dict[str, tuple[Any, Any]] = {}
        if text is not None and text.strip() and text.strip() != c.text:
            diff["text"] = (c.text, text.strip())
            c.text = text.strip()
        new_speaker = None if clear_speaker else speaker
        if (speaker is not None or clear_speaker) and new_speaker != c.speaker:
            diff["speaker"] = (c.speaker, new_speaker)
            c.speaker = new_speaker
        return diff

    action = HistoryEntry.Action.TEXT
    if speaker is not None or clear_speaker:
        action = HistoryEntry.Action.SPEAKER if text is None else HistoryEntry.Action.TEXT
    return _transition(
        claim_id=claim.pk,
        expected_version=expected_version,
        actor=actor,
        action=action,
        note=note,
        change=change,
    )


def _bump(
    claim: Claim, *, actor: User, action: str, before: dict[str, Any], after: dict[str, Any], note: str
) -> None:
    Claim.objects.filter(pk=claim.pk).update(version=F("version") + 1, editor_locked=True)
    HistoryEntry.objects.create(
        claim=claim, actor=_actor(actor), action=action, before=before, after=after, note=note
    )
    transaction.on_commit(public_changed)


def claims_merge(
    *,
    target: Claim,
    others: Sequence[Claim],
    actor: User,
    note: str = "",
    expected_versions: dict[int, int] | None = None,
) -> Claim:
    """Fold ``others`` into ``target``: their mentions move; they point to the target from now on.

    ``expected_versions`` ({claim id: version}) are the versions the editor saw; a claim changed
    since then stops the whole merge.
    """
    others = [o for o in others if o.pk != target.pk]
    if not others:
        raise ValidationError("Choose at least two claims to merge.", code="invalid")
    with transaction.atomic():
        locked = list(
            Claim.objects.select_for_update()
            .filter(pk__in=[target.pk, *[o.pk for o in others]])
            .order_by("pk")
        )
        for claim in locked:
            _check_version(claim, (expected_versions or {}).get(claim.pk))
        kinds = {c.kind for c in locked}
        if len(kinds) > 1:
            raise ValidationError("Only claims of the same kind can be merged.", code="invalid")
        if any(c.merged_into_id for c in locked):
            raise ValidationError("A claim that was already merged cannot be merged again.", code="invalid")
        for other in others:
            moved = list(Mention.objects.filter(claim=other).values_list("id", flat=True))
            Mention.objects.filter(claim=other).update(claim=target)
            Claim.objects.filter(pk=other.pk).update(merged_into=target)
            _bump(
                other,
                actor=actor,
                action=HistoryEntry.Action.MERGE,
                before={"mentions": moved},
                after={"merged_into": target.pk},
                note=note,
            )
            _bump(
                target,
                actor=actor,
                action=HistoryEntry.Action.MERGE,
                before={},
                after={"merged_from": other.pk, "mentions": moved},
                note=note,
            )
        target.refresh_from_db()
        claim_refresh_suggestion(claim=target)
    return target


def _reassign(*, mention: Mention, source: Claim, target: Claim, action: str, actor: User, note: str) -> None:
    """Put a mention on another claim, record it on both claims and recompute both suggestions."""
    # An editor placed it: a source held since a verdict is seen now.
    Mention.objects.filter(pk=mention.pk).update(claim=target, stance=Mention.Stance.SUPPORTS, held=False)
    info = {"mention": mention.pk, "article": mention.article_id, "text": mention.text}
    _bump(source, actor=actor, action=action, before=info, after={"to_claim": target.pk}, note=note)
    _bump(target, actor=actor, action=action, before={"from_claim": source.pk}, after=info, note=note)
    for claim in (source, target):
        claim.refresh_from_db()
        claim_refresh_suggestion(claim=claim)
        claim_refresh_new_evidence(claim=claim)


def _follow_sources(claim: Claim, *, gone: Mention, actor: User) -> None:
    """After a mention left ``claim``, its canonical values follow the sources that remain when
    they were the leaving mention's (the machine took them from it) and no editor wrote the text."""
    claim.refresh_from_db()
    if claim.text not in {gone.statement or gone.text, gone.text}:
        return
    if claim.history.filter(action=HistoryEntry.Action.TEXT).exclude(actor=None).exists():
        return
    first = (
        claim.mentions.filter(stance=Mention.Stance.SUPPORTS)
        .order_by("article__published_at", "article_id", "start")
        .first()
    ) or claim.mentions.order_by("id").first()
    if first is None:
        return
    fields = ["value", "value_max", "unit", "date", "subject", "action", "measure", "target"]
    fields += ["qualifiers", "place", "entities", "speaker_id"]
    new = {"text": first.statement or first.text, **{f: getattr(first, f) for f in fields}}
    diff = {k: (getattr(claim, k), v) for k, v in new.items() if getattr(claim, k) != v}
    if not diff:
        return
    Claim.objects.filter(pk=claim.pk).update(**{k: v[1] for k, v in diff.items()})
    HistoryEntry.objects.create(
        claim=claim,
        actor=_actor(actor),
        action=HistoryEntry.Action.TEXT,
        before={k: _plain(v[0]) for k, v in diff.items()},
        after={k: _plain(v[1]) for k, v in diff.items()},
        note=f"canonical values taken from the remaining source (mention {first.pk})",
    )
    claim.refresh_from_db()


def mention_move(
    *, mention: Mention, target: Claim, actor: User, note: str = "", expected_version: int | None = None
) -> Mention:
    """Move one mention to another claim of the same kind.

    ``expected_version`` is the version of the mention's claim the editor saw.
    """
    source = mention.claim
    if target.pk == source.pk:
        raise ValidationError("The mention is already on that claim.", code="no_change")
    if target.kind != source.kind:
        raise ValidationError("A mention can only move to a claim of the same kind.", code="invalid")
    if target.merged_into_id:
        raise ValidationError(
            "That claim was merged into another one; move the mention there.", code="invalid"
        )
    with transaction.atomic():
        locked = {c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
        _check_version(locked[source.pk], expected_version)
        _reassign(
            mention=mention,
            source=source,
            target=target,
            action=HistoryEntry.Action.MOVE,
            actor=actor,
            note=note,
        )
        _follow_sources(source, gone=mention, actor=actor)
    mention.refresh_from_db()
    return mention


def mention_split(
    *, mention: Mention, actor: User, note: str = "", expected_version: int | None = None
) -> Claim:
    """Split one mention off into a claim of its own; the claim it leaves keeps canonical values
    that match its remaining sources. ``expected_version`` is the version of that claim the editor saw."""
    source = mention.claim
    if source.mentions.count() < 2:
        raise ValidationError(
            "The claim has only this mention: there is nothing to split it from.", code="invalid"
        )
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=source.pk)
        _check_version(locked, expected_version)
        new = claim_from_mention(mention, editor_locked=True)
        _reassign(
            mention=mention,
            source=source,
            target=new,
            action=HistoryEntry.Action.SPLIT,
            actor=actor,
            note=note,
        )
        _follow_sources(source, gone=mention, actor=actor)
    new.refresh_from_db()
    return new


def mention_accept(
    *, mention: Mention, actor: User, note: str = "", expected_version: int | None = None
) -> Mention:
    """An editor has seen a source that arrived after the verdict and keeps it on the claim: it
    becomes public with the claim."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=mention.claim_id)
        _check_version(claim, expected_version)
        current = Mention.objects.select_for_update().get(pk=mention.pk)
        if not current.held:
            raise ValidationError("This source was already accepted.", code="no_change")
        Mention.objects.filter(pk=current.pk).update(held=False)
        info = {"mention": current.pk, "article": current.article_id, "text": current.text}
        _bump(
            claim,
            actor=actor,
            action=HistoryEntry.Action.ACCEPT,
            before={**info, "held": True},
            after={"held": False, "stance": current.stance},
            note=note,
        )
        claim_refresh_new_evidence(claim=claim)
    mention.refresh_from_db()
    return mention


def claim_assign(*, claim: Claim, assignee: Any, actor: User, expected_version: int | None = None) -> Claim:
    """Put an editor (or nobody) on a claim."""

    def change(c: Claim) -> dict[str, tuple[Any, Any]]:
        if c.assigned_to_id == (assignee.pk if assignee is not None else None):
            raise ValidationError("The claim is already assigned so.", code="no_change")
        diff: dict[str, tuple[Any, Any]] = {"assigned_to": (c.assigned_to, assignee)}
        c.assigned_to = assignee
        return diff

    return _transition(
        claim_id=claim.pk,
        expected_version=expected_version,
        actor=actor,
        action=HistoryEntry.Action.ASSIGN,
        note="",
        change=change,
        desk_only=True,
    )


def comment_add(*, claim: Claim, author: User, text: str) -> ClaimComment:
    """A comment in the claim's internal thread (never public: no cache to empty)."""
    text = text.strip()
    if not text:
        raise ValidationError("Write the comment first.", code="invalid")
    if len(text) > 5000:
        raise ValidationError("A comment is at most 5,000 characters.", code="invalid")
    with transaction.atomic():
        comment = ClaimComment.objects.create(claim=claim, author=_actor(author), text=text)
        HistoryEntry.objects.create(
            claim=claim,
            actor=_actor(author),
            action=HistoryEntry.Action.COMMENT,
            after={"comment": comment.pk},
        )
    return comment


def speakers_merge_reviewed(
    *, target: Speaker, others: list[Speaker], actor: User, note: str = ""
) -> Speaker:
    """Merge speakers (their names become aliases) and record it on every claim that changes speaker."""
    from .speakers import speakers_merge

    with transaction.atomic():
        affected = list(
            Claim.objects.filter(speaker__in=[o for o in others if o.pk != target.pk]).select_related(
                "speaker"
            )
        )
        for claim in affected:
            _bump(
                claim,
                actor=actor,
                action=HistoryEntry.Action.SPEAKER,
                before={"speaker": claim.speaker.name if claim.speaker else None},
                after={"speaker": target.name},
                note=note or "speakers merged",
            )
        speakers_merge(target=target, others=others)
    return target
