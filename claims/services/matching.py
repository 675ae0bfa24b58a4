"""Cross-source matching: each extracted item joins a stored claim or starts a new one.

Candidates come from blocking keys (``ClaimKey``: speaker + word for quotes, unit + subject word
for quantities, action + word for events, "first" claims and dates), so a new item is compared
with a handful of claims, never with every stored claim. The rules:

- quotes: the same speaker and the same words, allowing partial quotes (one inside the other),
  punctuation, case and translation noise (high word overlap);
- quantities: the same unit and subject; the same value supports, a different value (within one
  order of magnitude: amounts ten times apart are about different things) contradicts;
- events and "first" claims: the same action, a compatible actor and the same object words;
  ordinals agree when the later statement has the higher ordinal ("first" in 2022, "second" in 2023);
- dates: the same action and subject; another date contradicts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from django.db import connection
from django.db.models import Min

from claims.models import Article, Claim, ClaimKey, Mention, Speaker

from .same_claim import (
    Item,
    action_key,
    dates_agree,
    fully_stated_alike,
    published_apart,
    same_event,
    same_measure,
)
from .terms import action_term, terms, words

__all__ = ["Item", "best_match", "candidates", "claim_index", "compare", "keys_for"]

MAX_KEYS = 40
MAX_CANDIDATES = 25
# A blocking key shared by more claims than this is too common to tell candidates apart.
MAX_POSTING = 300
# Posting sizes are counted up to this: past it a key is only "very common", and counting a key
# that every tenth claim holds would make matching slower as the database grows.
POSTING_COUNT_CAP = 10 * MAX_POSTING
# Keys per size query: three parameters each, under SQLite's 999, and under its 500 terms of a
# compound SELECT.
_SIZE_CHUNK = 300
MENTION_FIELDS = (
    "id",
    "claim_id",
    "kind",
    "text",
    "sentence",
    "speaker_id",
    "value",
    "unit",
    "date",
    "subject",
    "action",
    "measure",
    "target",
    "qualifiers",
    "place",
    "approximate",
    "entities",
    "article_id",
    "start",
)
# Parameters per IN (...) list: SQLite's historical limit is 999.
CHUNK = 900

T = TypeVar("T")


def in_chunks(values: Iterable[T]) -> Iterator[list[T]]:
    values = list(values)
    for at in range(0, len(values), CHUNK):
        yield values[at : at + CHUNK]


def _unit_key(unit: str) -> str:
    return re.sub(r"\s+", "_", unit.casefold())[:40] or "-"


def keys_for(item: Item) -> list[str]:
    """Blocking keys: two claims that should match share at least one of them."""
    if item.kind == Claim.Kind.QUOTE:
        ws = sorted({w for w in terms(item.text)}, key=lambda w: (-len(w), w))[:MAX_KEYS]
        # 0 for quotes of unknown speakers: compare() joins those only on a long identical passage.
        speaker = item.speaker_id or 0
        return [f"q:{speaker}:{w}" for w in ws]
    if item.kind == Claim.Kind.QUANTITY:
        unit = _unit_key(item.unit)
        ws = sorted(item.about_terms, key=lambda w: (-len(w), w))[:MAX_KEYS]
        return [f"n:{unit}:{w}" for w in ws] or [f"n:{unit}:-"]
    # Verbs of one action share a key ("buy" / "acquire"); the stem stays a key for the news
    # synonyms of terms.py ("contribute" / "pledge").
    actions = list(dict.fromkeys([action_key(item.action) or "-", action_term(item.action) or "-"]))
    ws = sorted(item.about_terms | item.actor_terms, key=lambda w: (-len(w), w))[:MAX_KEYS]
    return [f"{item.kind[0]}:{a}:{w}" for a in actions for w in ws] or [
        f"{item.kind[0]}:{a}:-" for a in actions
    ]


def _norm_words(text: str) -> str:
    return " " + " ".join(words(text)) + " "


_QUOTED = re.compile(r"[“\"]([^”\"]{8,})[”\"]")


def _quoted_parts(text: str) -> list[str]:
    """The words inside quotation marks: a partial quote in reported speech is what the speaker said."""
    return [_norm_words(p) for p in _QUOTED.findall(text) if len(p.split()) >= 3]


def quotes_match(a: str, b: str) -> bool:
    """One quote inside the other, or most words shared (punctuation and case ignored)."""
    na, nb = _norm_words(a), _norm_words(b)
    if len(na.split()) >= 3 and len(nb.split()) >= 3 and (na in nb or nb in na):
        return True
    if any(p in nb for p in _quoted_parts(a)) or any(p in na for p in _quoted_parts(b)):
        return True
    wa, wb = set(na.split()), set(nb.split())
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    return shared / min(len(wa), len(wb)) >= 0.85 or shared / len(wa | wb) >= 0.6


# Quotes without a known speaker join only when one repeats this many words of the other in order:
# "we will not give up" from two unknown speakers in two articles is two quotes.
UNATTRIBUTED_MIN_WORDS = 8


def same_long_passage(a: str, b: str) -> bool:
    """One quote contains the other word for word, and the shorter is at least 8 words long."""
    na, nb = _norm_words(a), _norm_words(b)
    shorter, longer = (na, nb) if len(na) <= len(nb) else (nb, na)
    return len(shorter.split()) >= UNATTRIBUTED_MIN_WORDS and shorter in longer


def paraphrase_matches(paraphrase: str, quote: str) -> bool:
    """A reported statement and a direct quote saying the same ("praised Japan for being its closest
    partner" / "No other partner is closer ... than Japan"): most content words shared."""
    a, b = terms(paraphrase), terms(quote)
    return len(a & b) >= 3 and _jaccard(a, b) >= 0.25


def paraphrase_match(item: Item, *, in_article: Callable[[list[int]], set[int]]) -> Claim | None:
    """The direct quote of the same speaker that a paraphrase reports, if one is stored."""
    if item.speaker_id is None:
        return None
    claims = [c for c in candidates(item) if c.kind == Claim.Kind.QUOTE and c.speaker_id == item.speaker_id]
    skip = in_article([c.pk for c in claims])
    for claim in claims:
        if claim.pk not in skip and paraphrase_matches(item.text, claim.text):
            return claim
    return None


def values_equal(a: float, b: float, approximate: bool) -> bool:
    tolerance = 0.05 if approximate else 0.005
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def _jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _year(item: Item) -> int | None:
    if item.date[:4].isdigit():
        return int(item.date[:4])
    return item.when.year if item.when else None


def _ordinals_agree(a: Item, b: Item) -> bool:
    """ "First" in 2022 and "second" in 2023 agree; "second" before "first" does not."""
    if a.value is None or b.value is None or a.value == b.value:
        return True
    ya, yb = _year(a), _year(b)
    if ya is None or yb is None:
        return True  # no dates: nothing shows a conflict
    if ya == yb:
        return False
    earlier, later = (a, b) if ya < yb else (b, a)
    return (later.value or 0) > (earlier.value or 0)


def compare(new: Item, old: Item) -> str | None:
    """Return the stance of ``new`` towards ``old`` ("supports"/"contradicts"), or None for no match."""
    if new.kind != old.kind:
        return None
    if new.kind == Claim.Kind.QUOTE:
        if new.speaker_id != old.speaker_id:
            return None
        if new.speaker_id is None:
            # Nobody knows who said these: only the same long passage is the same quote.
            return Mention.Stance.SUPPORTS if same_long_passage(new.text, old.text) else None
        return Mention.Stance.SUPPORTS if quotes_match(new.text, old.text) else None
    if new.kind == Claim.Kind.QUANTITY:
        if new.value is None or old.value is None or not same_measure(new, old):
            return None
        about_new, about_old = new.about_terms, old.about_terms
        if len(about_new & about_old) < 2 or _jaccard(about_new, about_old) < 0.15:
            return None
        if values_equal(new.value, old.value, approximate=new.approximate or old.approximate):
            return Mention.Stance.SUPPORTS
        low, high = sorted([abs(new.value), abs(old.value)])
        if low == 0 or high / low > 10 or not fully_stated_alike(new, old):
            return None  # another figure of something not fully stated alike is another claim
        return Mention.Stance.CONTRADICTS
    if new.kind == Claim.Kind.DATE:
        if not new.date or not old.date or not _named_actor(new) or not _named_actor(old):
            return None  # "a group sent a letter" names nobody whose letter it is
        if not new.target or not old.target or not same_event(new, old, timed=False):
            return None  # a date claim says what happened then: both must name it
        if dates_agree(new.date, old.date):
            return Mention.Stance.SUPPORTS
        # The same event given another date by a report of the same days contradicts; years apart,
        # it may well be another occurrence (a second visit). A vague date ("last week") against a
        # precise one ("Wednesday") does not clearly disagree.
        if _published_apart_or_unknown(new, old) or len(new.date) != len(old.date):
            return None
        if {new.qualifiers, old.qualifiers} == {"planned", "done"}:
            return None  # the date a plan gave is not contradicted by the day it was done
        return Mention.Stance.CONTRADICTS
    if new.kind == Claim.Kind.FIRST:
        if not same_event(replace(new, text=""), replace(old, text=""), timed=False):
            return None
        return Mention.Stance.SUPPORTS if _ordinals_agree(new, old) else Mention.Stance.CONTRADICTS
    # Events: another time is another event (a visit in 2017 is not the visit of 2023).
    return Mention.Stance.SUPPORTS if same_event(new, old) else None


def _named_actor(item: Item) -> bool:
    return any(part[:1].isupper() for part in item.subject.split())


def _published_apart_or_unknown(a: Item, b: Item) -> bool:
    return a.when is None or b.when is None or published_apart(a, b)


def item_for_claim(claim: Claim, *, article: Article | None = None, role: str = "") -> Item:
    return Item(
        kind=claim.kind,
        text=claim.text,
        sentence=getattr(claim, "_sentence", ""),
        speaker_id=claim.speaker_id,
        value=claim.value,
        unit=claim.unit,
        date=claim.date,
        subject=claim.subject,
        action=claim.action,
        entities=tuple(claim.entities or ()),
        article_id=article.pk if article else None,
        when=article.published_at if article else None,
        actor_extra=role,
        measure=claim.measure,
        target=claim.target,
        qualifiers=claim.qualifiers,
        place=claim.place,
    )


def actor_role(subject: str) -> str:
    """The role a known speaker has, when the actor of an event is that speaker ("Fumio Kishida")."""
    return roles_of({subject}).get(subject, "")


def posting_sizes(keys: Iterable[str]) -> dict[str, int]:
    """How many claims hold each key, counted up to POSTING_COUNT_CAP; keys nobody holds left out.

    Each count reads at most POSTING_COUNT_CAP entries of the (key, claim) index, so its cost does
    not grow with the database."""
    table, column = (connection.ops.quote_name(n) for n in (ClaimKey._meta.db_table, "key"))
    one = f"SELECT %s, (SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = %s LIMIT %s) AS p)"
    out: dict[str, int] = {}
    keys = list(dict.fromkeys(keys))
    with connection.cursor() as cursor:
        for at in range(0, len(keys), _SIZE_CHUNK):
            chunk = keys[at : at + _SIZE_CHUNK]
            cursor.execute(
                " UNION ALL ".join([one] * len(chunk)),
                [p for k in chunk for p in (k, k, POSTING_COUNT_CAP)],
            )
            out.update((k, n) for k, n in cursor.fetchall() if n)
    return out


def recent_postings(keys: Iterable[str]) -> list[int]:
    """The newest MAX_POSTING rows (claim ids, newest first) under any of these keys.

    Read key by key down the (key, claim) index, MAX_POSTING each, then merged: the same rows as
    one ``key IN (...) ORDER BY claim_id DESC`` query, without sorting every claim of a common
    key."""
    rows: list[int] = []
    for key in dict.fromkeys(keys):
        rows += (
            ClaimKey.objects.filter(key=key)
            .order_by("-claim_id")
            .values_list("claim_id", flat=True)[:MAX_POSTING]
        )
    return sorted(rows, reverse=True)[:MAX_POSTING]


def candidates(item: Item) -> list[Claim]:
    """Claims sharing blocking keys with ``item``, most shared first (a bounded number).

    Keys shared by very many claims say little (like stop words), and reading their whole posting
    lists would make matching slower as the database grows; they are left out, or, when every key
    is that common, only the most recent claims under the rarest keys are read.
    """
    keys = keys_for(item)
    if not keys:
        return []
    sizes = posting_sizes(keys)
    informative = [k for k in keys if 0 < sizes.get(k, 0) <= MAX_POSTING]
    if informative:
        rows = list(ClaimKey.objects.filter(key__in=informative).values_list("claim_id", flat=True))
    else:
        rare = sorted((k for k in keys if sizes.get(k)), key=lambda k: sizes[k])[:2]
        rows = recent_postings(rare)
    ids = ranked_ids(rows)
    claims = Claim.objects.in_bulk(ids)
    return [claims[i] for i in ids if i in claims and claims[i].merged_into_id is None]


def ranked_ids(rows: list[int]) -> list[int]:
    """Claim ids by how many of the item's keys they share (one row per shared key), then newest."""
    counts = Counter(rows)
    return [cid for cid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], -kv[0]))[:MAX_CANDIDATES]]


def first_mentions(claim_ids: list[int]) -> dict[int, Mention]:
    """The mention that made each claim (its lowest id: it carries the sentence and context).

    One query per CHUNK claims whatever the claims' sizes: a claim with thousands of mentions
    costs no more.
    """
    out: dict[int, Mention] = {}
    for chunk in in_chunks(claim_ids):
        firsts = (
            Mention.objects.filter(claim_id__in=chunk)
            .values("claim_id")
            .annotate(first=Min("id"))
            .values_list("first", flat=True)
        )
        rows = (
            Mention.objects.filter(id__in=firsts)
            .select_related("article")
            .only(*MENTION_FIELDS, "article__published_at")
        )
        out.update((m.claim_id, m) for m in rows)
    return out


def roles_of(names: set[str]) -> dict[str, str]:
    """Roles of known speakers by name, for actors of events ("Fumio Kishida" -> "Prime Minister")."""
    names = {n for n in names if n}
    out: dict[str, str] = {}
    for chunk in in_chunks(sorted(names)):
        # Speaker.Meta.ordering: of namesakes with roles, the last (by disambiguation) counts.
        out.update(Speaker.objects.filter(name__in=chunk).exclude(role="").values_list("name", "role"))
    return out


def mention_item(m: Mention, *, roles: dict[str, str] | None = None, **override: object) -> Item:
    fields: dict[str, object] = {
        "kind": m.kind,
        "text": m.text,
        "sentence": m.sentence,
        "speaker_id": m.speaker_id,
        "value": m.value,
        "unit": m.unit,
        "date": m.date,
        "subject": m.subject,
        "action": m.action,
        "entities": tuple(m.entities or ()),
        "measure": m.measure,
        "target": m.target,
        "qualifiers": m.qualifiers,
        "place": m.place,
        "approximate": m.approximate,
        "article_id": m.article_id,
        "when": m.article.published_at if m.article_id else None,
        "actor_extra": (roles if roles is not None else roles_of({m.subject})).get(m.subject, ""),
    }
    fields.update(override)
    return Item(**fields)  # type: ignore[arg-type]


def best_match(item: Item, *, in_article: Callable[[list[int]], set[int]]) -> tuple[Claim, str] | None:
    """The stored claim ``item`` is a mention of, and its stance; None when it is new.

    ``in_article(ids)`` tells which of these claims already have a mention in the item's article:
    an article repeating a claim ("the visit", then "his trip to Tokyo") adds a mention of it, but
    never contradicts itself: two figures in one article are about two things.
    """
    claims = candidates(item)
    if not claims:
        return None
    ids = [c.pk for c in claims]
    own = set() if item.kind == Claim.Kind.QUOTE else in_article(ids)
    firsts = first_mentions(ids)
    roles = roles_of({m.subject for m in firsts.values()})
    by_id = {claim.pk: claim for claim in claims}
    olds = ((claim.pk, stored_item(claim, firsts.get(claim.pk), roles=roles)) for claim in claims)
    found = first_agreeing(item, olds, own=own)
    return None if found is None else (by_id[found[0]], found[1])


def stored_item(
    claim: Claim, first: Mention | None, *, roles: dict[str, str], when: datetime | None = None
) -> Item:
    """What a stored claim is compared as: its first mention with the claim's current values."""
    if first is None:
        return item_for_claim(claim)
    extra = {} if when is None else {"when": when}
    return mention_item(
        first, roles=roles, kind=claim.kind, value=claim.value, unit=claim.unit, date=claim.date, **extra
    )


def first_agreeing(item: Item, olds: Iterable[tuple[int, Item]], *, own: set[int]) -> tuple[int, str] | None:
    """The first candidate ``item`` matches, with the stance; a contradiction of a claim in ``own``
    (the item's own article) does not count."""
    for key, old in olds:
        stance = compare(item, old)
        if stance == Mention.Stance.SUPPORTS or (stance is not None and key not in own):
            return key, stance
    return None


def claim_key_rows(*, claim: Claim, keys: list[str]) -> list[ClaimKey]:
    """The blocking key rows (unsaved) of a claim whose item has these keys."""
    return [ClaimKey(claim=claim, key=k[:200]) for k in dict.fromkeys(keys)]


def claim_index(*, claim: Claim, item: Item) -> None:
    """Store the blocking keys of a claim so later items find it."""
    ClaimKey.objects.bulk_create(claim_key_rows(claim=claim, keys=keys_for(item)), ignore_conflicts=True)
