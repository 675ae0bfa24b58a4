"""Matching the items of one article in a few queries, with the results of ``best_match``.

:func:`matching.best_match` and :func:`matching.paraphrase_match` read the store for each item:
posting sizes and rows, the candidate claims, their first mentions, roles. An article's items are
matched one after the other, and each later item must find the claims the earlier ones made. Here
the postings of all the article's keys, the candidates, their first mentions and the roles are
read once per article (a few batched queries), and the claims, keys and mentions the article makes
are kept in memory until the article is written, counted in as the stored ones would be: a new
claim ranks above every stored claim, as its id would.

This holds because nothing else writes claims, keys or mentions in the article's transaction, so
what was read at its start is what each per-item query would read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import Min

from claims.models import Article, Claim, ClaimKey, Mention

from .matching import (
    MAX_POSTING,
    Item,
    claim_key_rows,
    first_agreeing,
    in_chunks,
    item_for_claim,
    keys_for,
    mention_item,
    paraphrase_matches,
    posting_sizes,
    ranked_ids,
    recent_postings,
    roles_of,
)

# Provisional ids of the claims an article makes, before they are written: above every stored id,
# in the order they are made, as their ids will be.
LOCAL_IDS = 1 << 62

# What matching and the suggestion refresh read of a stored candidate claim; a Claim made from
# them (only for a claim the article joins) loads any other field when asked.
CLAIM_FIELDS = (
    "id",
    "kind",
    "text",
    "speaker_id",
    "value",
    "unit",
    "date",
    "subject",
    "action",
    "entities",
    "measure",
    "target",
    "qualifiers",
    "place",
    "status",
    "merged_into_id",
    "suggested_status",
    "source_count",
    "has_contradiction",
    "suggestion_reason",
    "new_evidence",
)
# What ``mention_item`` reads of a first mention.
FIRST_FIELDS = (
    "claim_id",
    "text",
    "sentence",
    "speaker_id",
    "subject",
    "action",
    "entities",
    "measure",
    "target",
    "qualifiers",
    "place",
    "approximate",
    "article_id",
    "article__published_at",
)


class _Info(NamedTuple):
    """What ranking and comparing need of a candidate, stored or new."""

    kind: str
    text: str
    speaker_id: int | None
    merged_into_id: int | None
    value: float | None
    unit: str
    date: str


class ArticleMatcher:
    """``best_match`` and ``paraphrase_match`` for the items of one article (see the module)."""

    def __init__(
        self, *, article: Article, when: datetime | None, items: Sequence[Item], roles: dict[str, str]
    ) -> None:
        self.article = article
        self.when = when  # the article's publication time as the database returns it
        self.roles = dict(roles)  # speakers' roles by name, as roles_of reads them
        self.new_claims: list[tuple[Claim, Item]] = []
        self._claims: dict[int, Claim] = {}  # new claims, and stored ones the article joins
        self._rows: dict[int, Any] = {}  # stored candidates as read (CLAIM_FIELDS)
        self._info: dict[int, _Info] = {}
        self._absent: set[int] = set()
        self._sizes: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._local: dict[str, list[int]] = {}  # a key as stored -> new claims under it
        self._read: set[str] = set()
        self._recent: dict[tuple[str, ...], list[int]] = {}
        self._stored_firsts: dict[int, Any] = {}
        self._local_firsts: dict[int, Mention] = {}
        self._olds: dict[int, Item] = {}
        self._mentioned: set[int] = set()  # claims this article has made a mention of
        self._stored_mentioned: set[int] | None = None
        self._keys_of: dict[Item, list[str]] = {}
        keys = [self._keys(i) for i in items]
        self._read_keys(k for ks in keys for k in ks)
        # Every item's candidates as the store stands: nearly all that matching will ask for.
        self._load({cid for ks in keys for cid in self._ranked(ks)})

    def load_roles(self, names: Iterable[str]) -> None:
        missing = {n for n in names if n not in self.roles}
        if missing:
            found = roles_of(missing)
            self.roles.update((n, found.get(n, "")) for n in missing)

    def claim(self, cid: int) -> Claim:
        """The claim of a candidate id: a new claim (unsaved), or a stored one as read."""
        if cid not in self._claims:
            row = self._rows[cid]
            # from_db takes the values in the model's field order, the others deferred.
            names = [f.attname for f in Claim._meta.concrete_fields if f.attname in CLAIM_FIELDS]
            self._claims[cid] = Claim.from_db(Claim.objects.db, names, [getattr(row, n) for n in names])
        return self._claims[cid]

    def add_claim(self, claim: Claim, item: Item) -> int:
        """A new claim (unsaved), indexed at once as ``claim_index`` would; its provisional id."""
        cid = LOCAL_IDS + len(self.new_claims)
        self.new_claims.append((claim, item))
        self._claims[cid] = claim
        self._info[cid] = _Info(
            claim.kind, claim.text, claim.speaker_id, None, claim.value, claim.unit, claim.date
        )
        stored: set[str] = set()
        for key in dict.fromkeys(self._keys(item)):
            if key[:200] not in stored:  # claims_claimkey_unique: two keys cut to one are one row
                stored.add(key[:200])
                self._local.setdefault(key[:200], []).append(cid)
        return cid

    def add_mention(self, cid: int, mention: Mention) -> None:
        """A mention this article makes (unsaved), in the order they are made."""
        self._mentioned.add(cid)
        self._local_firsts.setdefault(cid, mention)

    def key_rows(self) -> list[ClaimKey]:
        """The key rows of the new claims, once those are saved."""
        return [
            row
            for claim, item in self.new_claims
            for row in claim_key_rows(claim=claim, keys=self._keys(item))
        ]

    def best_match(self, item: Item) -> tuple[int, str] | None:
        """As :func:`matching.best_match`: the claim's id (provisional if new) and the stance."""
        ids = self._candidates(item)
        if not ids:
            return None
        own = set() if item.kind == Claim.Kind.QUOTE else self._in_article(ids)
        return first_agreeing(item, ((cid, self._old(cid)) for cid in ids), own=own)

    def paraphrase_match(self, item: Item) -> int | None:
        """As :func:`matching.paraphrase_match`."""
        if item.speaker_id is None:
            return None
        ids = [
            cid
            for cid in self._candidates(item)
            if self._info[cid].kind == Claim.Kind.QUOTE and self._info[cid].speaker_id == item.speaker_id
        ]
        skip = self._in_article(ids)
        for cid in ids:
            if cid not in skip and paraphrase_matches(item.text, self._info[cid].text):
                return cid
        return None

    def _keys(self, item: Item) -> list[str]:
        if item not in self._keys_of:
            self._keys_of[item] = keys_for(item)
        return self._keys_of[item]

    def _read_keys(self, keys: Iterable[str]) -> None:
        """Posting sizes of these keys, and the postings small enough to be used."""
        missing = sorted(set(keys) - self._read)
        self._read.update(missing)
        self._sizes.update(posting_sizes(missing))
        small = [k for k in missing if 0 < self._sizes.get(k, 0) <= MAX_POSTING]
        for chunk in in_chunks(small):
            for key, cid in ClaimKey.objects.filter(key__in=chunk).values_list("key", "claim_id"):
                self._postings.setdefault(key, []).append(cid)

    def _ranked(self, keys: list[str]) -> list[int]:
        """The ids :func:`matching.candidates` would rank, the article's new claims counted in."""
        if not keys:
            return []
        self._read_keys(keys)
        sizes = {k: self._sizes.get(k, 0) + len(self._local.get(k, ())) for k in keys}
        informative = [k for k in keys if 0 < sizes[k] <= MAX_POSTING]
        if informative:
            rows = [cid for k in informative for cid in (*self._postings.get(k, ()), *self._local.get(k, ()))]
        else:
            rare = tuple(sorted((k for k in keys if sizes[k]), key=lambda k: sizes[k])[:2])
            if rare not in self._recent:
                self._recent[rare] = recent_postings(rare)
            local = [cid for k in rare for cid in self._local.get(k, ())]
            rows = sorted([*self._recent[rare], *local], reverse=True)[:MAX_POSTING]
        return ranked_ids(rows)

    def _candidates(self, item: Item) -> list[int]:
        ids = self._ranked(self._keys(item))
        self._load(ids)
        return [cid for cid in ids if cid in self._info and self._info[cid].merged_into_id is None]

    def _load(self, ids: Iterable[int]) -> None:
        """Read the stored claims among ``ids`` not read yet, their first mentions and roles."""
        missing = [cid for cid in ids if cid not in self._info and cid not in self._absent]
        if not missing:
            return
        self._absent.update(missing)
        for chunk in in_chunks(missing):
            rows = Claim.objects.filter(pk__in=chunk).order_by().values_list(*CLAIM_FIELDS, named=True)
            for row in rows:
                self._rows[row.id] = row
                self._info[row.id] = _Info(
                    row.kind, row.text, row.speaker_id, row.merged_into_id, row.value, row.unit, row.date
                )
                self._absent.discard(row.id)
            firsts = (
                Mention.objects.filter(claim_id__in=chunk)
                .values("claim_id")
                .annotate(first=Min("id"))
                .values_list("first", flat=True)
            )
            for first in (
                Mention.objects.filter(id__in=firsts).order_by().values_list(*FIRST_FIELDS, named=True)
            ):
                self._stored_firsts[first.claim_id] = first
        self.load_roles(first.subject for first in self._stored_firsts.values())

    def _old(self, cid: int) -> Item:
        """The candidate as compared: its first mention (stored, else the one this article made)
        with the claim's values, as ``matching.best_match`` builds it."""
        if cid in self._olds:
            return self._olds[cid]
        info = self._info[cid]
        first = self._stored_firsts.get(cid)
        if first is not None:
            old = Item(
                kind=info.kind,
                text=first.text,
                sentence=first.sentence,
                speaker_id=first.speaker_id,
                value=info.value,
                unit=info.unit,
                date=info.date,
                subject=first.subject,
                action=first.action,
                entities=tuple(first.entities or ()),
                article_id=first.article_id,
                when=first.article__published_at,
                actor_extra=self.roles.get(first.subject, ""),
                measure=first.measure,
                target=first.target,
                qualifiers=first.qualifiers,
                place=first.place,
                approximate=first.approximate,
            )
        elif cid in self._local_firsts:
            mention = self._local_firsts[cid]
            self.load_roles([mention.subject])
            old = mention_item(
                mention,
                roles=self.roles,
                kind=info.kind,
                value=info.value,
                unit=info.unit,
                date=info.date,
                when=self.when,
            )
        else:
            return item_for_claim(self.claim(cid))  # no mention yet: one may come later
        self._olds[cid] = old
        return old

    def _in_article(self, ids: list[int]) -> set[int]:
        """Which of these claims have a mention in this article (stored or made here)."""
        if self._stored_mentioned is None:
            self._stored_mentioned = set(
                Mention.objects.filter(article=self.article).order_by().values_list("claim_id", flat=True)
            )
        return {cid for cid in ids if cid in self._mentioned or cid in self._stored_mentioned}
