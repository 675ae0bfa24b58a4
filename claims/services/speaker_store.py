"""Resolving a quote's speaker across articles: the stored speaker it is, a new one, or nobody.

A speaker joins a stored one by its folded full name or by a
full-name alias of that person ("Recep Tayyip Erdoğan" = "Recep Tayyip Erdogan", "Donald J.
Trump" = "Donald Trump"), never by a surname, title, pronoun or common noun phrase: those give
an unresolved quote and no Speaker row. The same full name with conflicting roles becomes a
speaker of its own, flagged to editors as a possible duplicate (:class:`SpeakerDuplicate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from claims.extraction.types import SpeakerRef
from claims.models import Article, Speaker, SpeakerAlias, SpeakerDuplicate

from .speaker_names import (
    PERSON,
    NameKey,
    middles_compatible,
    name_key,
    roles_agree,
    roles_conflict,
    unstorable_reason,
)

RESOLVED, AMBIGUOUS, UNRESOLVED = "resolved", "ambiguous", "unresolved"


def speaker_key(name: str, kind: str = PERSON) -> str:
    """The folded full name ("" when the name may never join another speaker)."""
    key = name_key(name, kind)
    return key.key if key else ""


@dataclass(frozen=True)
class Resolution:
    """Who said a quote, as the store decides: a speaker, or how the article refers to nobody known."""

    speaker: Speaker | None
    status: str = RESOLVED
    text: str = ""
    candidates: tuple[str, ...] = ()


def unresolved(text: str) -> Resolution:
    return Resolution(speaker=None, status=UNRESOLVED, text=text[:300])


@dataclass
class _Hit:
    speaker: Speaker
    by_name: bool = False  # the quote's own name matched, not only one of its aliases


@dataclass
class SpeakerStore:
    """Resolves speakers against the stored ones.

    At ingest every stored alias counts. In a ``replay`` (rematch) the store is rebuilt in ingest
    order: only aliases confirmed earlier in the same replay, or of speakers an editor touched,
    count; a stored speaker row of the same name is taken over the first time it is needed.
    """

    replay: bool = False
    confirmed: set[int] = field(default_factory=set)  # alias ids seen again in this replay
    claimed: set[int] = field(default_factory=set)  # speaker ids (re)made in this replay
    # Speakers an editor's decision still refers to (a locked claim's): their spellings count as they are.
    pinned: set[int] = field(default_factory=set)

    def resolve(
        self,
        *,
        name: str,
        kind: str = PERSON,
        role: str = "",
        aliases: Sequence[str] = (),
        article: Article | None = None,
    ) -> Resolution:
        name = name.strip()
        role = (role or "").strip()[:300]
        if unstorable_reason(name, kind):
            return unresolved(name)
        own = name_key(name, kind)
        assert own is not None  # unstorable_reason checked it
        names = [(name, own, True)]
        for alias in aliases:
            key = name_key(alias, kind)
            if key is not None and not unstorable_reason(alias, kind) and key.key != own.key:
                names.append((alias.strip(), key, False))
        hits = self._hits(kind, names)
        compatible = [h for h in hits if not roles_conflict(h.speaker.role, role)]
        pool = [h for h in compatible if h.by_name] or compatible
        if len(pool) > 1:
            pool = [h for h in pool if roles_agree(h.speaker.role, role)] or pool
        if len(pool) > 1:
            labels = tuple(h.speaker.label for h in pool)
            return Resolution(speaker=None, status=AMBIGUOUS, text=name[:300], candidates=labels)
        created = False
        if pool:
            speaker = pool[0].speaker
            if not speaker.role and role and not speaker.editor_locked:
                speaker.role = role
                speaker.save(update_fields=["role"])
        else:
            conflicting = [h.speaker for h in hits]
            speaker, created = self._create(name=name, kind=kind, role=role, conflicting=conflicting)
            for other in conflicting:
                flag_duplicate(other, speaker)
        self._add_aliases(speaker, [(n, k) for n, k, _ in names], article, created=created)
        return Resolution(speaker=speaker)

    def _visible(self, alias: SpeakerAlias) -> bool:
        if not self.replay or alias.speaker.editor_locked or alias.speaker_id in self.pinned:
            return True
        return alias.pk in self.confirmed

    def _hits(self, kind: str, names: list[tuple[str, NameKey, bool]]) -> list[_Hit]:
        """Stored speakers one of these names belongs to, oldest first."""
        keys = {k.key for _, k, _ in names}
        shorts = {k.short for _, k, _ in names} if kind == PERSON else set()
        rows = [
            a
            for a in SpeakerAlias.objects.filter(
                Q(key__in=keys) | Q(short_key__in=shorts), speaker__kind=kind
            )
            .select_related("speaker")
            .order_by("speaker_id", "id")
            if self._visible(a)
        ]
        hits: dict[int, _Hit] = {}
        for _, key, by_name in names:
            exact = {a.speaker_id for a in rows if a.key == key.key}
            same_short: dict[int, list[SpeakerAlias]] = {}
            for a in rows:
                if kind == PERSON and a.short_key == key.short:
                    same_short.setdefault(a.speaker_id, []).append(a)
            # A shorter or longer form of the name joins only when no spelling of the stored
            # speaker has another middle name (George Bush / George W. Bush / George H. W. Bush).
            loose = {
                sid
                for sid, found in same_short.items()
                if all(middles_compatible(_middle(a.name), key.middle) for a in found)
            }
            for sid in exact | loose:
                speaker = next(a.speaker for a in rows if a.speaker_id == sid)
                hit = hits.setdefault(sid, _Hit(speaker))
                hit.by_name = hit.by_name or by_name
        return [hits[sid] for sid in sorted(hits)]

    def _create(self, *, name: str, kind: str, role: str, conflicting: list[Speaker]) -> tuple[Speaker, bool]:
        """A new speaker; one whose name a conflicting speaker has already gets a disambiguation.
        Also whether the row was inserted now (else an earlier run's row is taken)."""
        base = (role or "another")[:100] if conflicting else ""
        n = 1
        while True:
            disambiguation = base if n == 1 else f"{base} {n}".strip()
            speaker, created = Speaker.objects.get_or_create(
                name=name[:300], kind=kind, disambiguation=disambiguation, defaults={"role": role}
            )
            if created:
                self.claimed.add(speaker.pk)
                return speaker, True
            taken_over = (
                self.replay
                and not speaker.editor_locked
                and speaker.pk not in self.claimed
                and speaker.pk not in self.pinned
            )
            if taken_over:
                # Made by an earlier run (or before an upgrade): this replay makes it anew.
                self.claimed.add(speaker.pk)
                if speaker.role != role:
                    speaker.role = role
                    speaker.save(update_fields=["role"])
                return speaker, False
            if not conflicting and not roles_conflict(speaker.role, role):
                return speaker, False  # a row without aliases (made by hand): the same full name
            if speaker.pk not in {c.pk for c in conflicting}:
                conflicting.append(speaker)
            if base:
                n += 1
            else:  # the plain name is taken by a namesake: "Matt Smith (actor)"
                base = (role or "another")[:100]

    def _add_aliases(
        self,
        speaker: Speaker,
        names: list[tuple[str, NameKey]],
        article: Article | None,
        *,
        created: bool = False,
    ) -> None:
        """``created``: the speaker row was inserted just now, in this transaction, so it has no
        alias and no other transaction can give it one: they are inserted without looking."""
        known = (
            {}
            if created
            else {
                a.key: a
                for a in SpeakerAlias.objects.filter(speaker=speaker, key__in=[k.key for _, k in names])
            }
        )
        for text, key in names:
            alias = known.get(key.key)
            if alias is None and created:
                alias = SpeakerAlias.objects.create(
                    speaker=speaker, key=key.key, name=text[:300], short_key=key.short, article=article
                )
                known[key.key] = alias
            elif alias is None:
                alias, _ = SpeakerAlias.objects.get_or_create(
                    speaker=speaker,
                    key=key.key,
                    defaults={"name": text[:300], "short_key": key.short, "article": article},
                )
                known[key.key] = alias
            elif alias.article_id is None and article is not None and not speaker.editor_locked:
                SpeakerAlias.objects.filter(pk=alias.pk).update(article=article)
            if self.replay:
                self.confirmed.add(alias.pk)


def _middle(name: str) -> tuple[str, ...]:
    key = name_key(name, PERSON)
    return key.middle if key else ()


def flag_duplicate(first: Speaker, second: Speaker) -> None:
    """Record two speakers of one name that the machine kept apart, for an editor to decide."""
    if first.pk == second.pk:
        return
    if SpeakerDuplicate.objects.filter(
        Q(speaker=first, other=second) | Q(speaker=second, other=first)
    ).exists():
        return
    SpeakerDuplicate.objects.create(
        speaker=first,
        other=second,
        names=f"{first.label} / {second.label}"[:700],
        reason=(
            f"Same name; the roles share no word: {first.role or '(none)'!r} and {second.role or '(none)'!r}."
        ),
    )


def speaker_resolve(
    *,
    name: str,
    kind: str = PERSON,
    role: str = "",
    aliases: Sequence[str] = (),
    article: Article | None = None,
) -> Speaker | None:
    """The stored speaker this full name belongs to (made if new); None when it names nobody known."""
    return SpeakerStore().resolve(name=name, kind=kind, role=role, aliases=aliases, article=article).speaker


def speaker_for_ref(ref: SpeakerRef, *, article: Article | None = None) -> Speaker | None:
    return speaker_resolve(
        name=ref.name, kind=ref.kind, role=ref.role or "", aliases=ref.aliases, article=article
    )


def aliases_rekey() -> int:
    """Recompute the lookup keys of stored aliases after the folding rules changed.

    A spelling that may no longer join anything (a surname alone, a pronoun) is dropped, as is a
    second spelling of one speaker that now folds to the same key. Returns how many rows changed.
    """
    seen: set[tuple[int, str]] = set()
    changed = 0
    for alias in SpeakerAlias.objects.select_related("speaker").order_by("id"):
        key = name_key(alias.name, alias.speaker.kind)
        if key is None or (alias.speaker_id, key.key) in seen:
            alias.delete()
            changed += 1
            continue
        seen.add((alias.speaker_id, key.key))
        if (alias.key, alias.short_key) != (key.key, key.short):
            SpeakerAlias.objects.filter(pk=alias.pk).update(key=key.key, short_key=key.short)
            changed += 1
    return changed
