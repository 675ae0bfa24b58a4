"""Writes for speakers: resolving a speaker across articles by name or alias, merging speakers."""

from __future__ import annotations

import re

from django.db import transaction

from claims.extraction.types import SpeakerRef
from claims.models import Speaker, SpeakerAlias

_SPACE = re.compile(r"\s+")


def speaker_key(name: str) -> str:
    """The lookup key of a name: case, spacing and dots do not make another speaker."""
    return _SPACE.sub(" ", name.replace(".", " ")).strip().casefold()


def speaker_resolve(
    *, name: str, kind: str = Speaker.Kind.PERSON, role: str = "", aliases: tuple[str, ...] = ()
) -> Speaker:
    """Return the stored speaker this name or any of its aliases belongs to, creating it if new.

    Across articles, the same full name or a known alias is the same speaker. New aliases are added.
    Anonymous sources are never merged by alias ("a senior official" in two articles is not one person).
    """
    names = [name, *aliases]
    keys = [speaker_key(n) for n in names if n.strip()]
    speaker: Speaker | None = None
    if kind != Speaker.Kind.ANONYMOUS:
        alias = SpeakerAlias.objects.select_related("speaker").filter(key__in=keys).first()
        if alias is not None:
            speaker = alias.speaker
    if speaker is None:
        speaker, _ = Speaker.objects.get_or_create(name=name, kind=kind, defaults={"role": role[:300]})
    if kind == Speaker.Kind.ANONYMOUS:
        return speaker
    known = set(SpeakerAlias.objects.filter(key__in=keys).values_list("key", flat=True))
    for n in names:
        key = speaker_key(n)
        if key and key not in known:
            SpeakerAlias.objects.create(speaker=speaker, name=n, key=key)
            known.add(key)
    if role and not speaker.role:
        speaker.role = role[:300]
        speaker.save(update_fields=["role"])
    return speaker


def speaker_for_ref(ref: SpeakerRef) -> Speaker:
    return speaker_resolve(name=ref.name, kind=ref.kind, role=ref.role or "", aliases=ref.aliases)


@transaction.atomic
def speakers_merge(*, target: Speaker, others: list[Speaker]) -> Speaker:
    """Fold ``others`` into ``target``: their claims, mentions and aliases move; their names become aliases."""
    from claims.models import Claim, Mention

    for other in others:
        if other.pk == target.pk:
            continue
        Claim.objects.filter(speaker=other).update(speaker=target)
        Mention.objects.filter(speaker=other).update(speaker=target)
        SpeakerAlias.objects.filter(speaker=other).update(speaker=target)
        key = speaker_key(other.name)
        if not SpeakerAlias.objects.filter(key=key).exists():
            SpeakerAlias.objects.create(speaker=target, name=other.name, key=key)
        other.delete()
    return target
