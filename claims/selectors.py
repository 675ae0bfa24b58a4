"""Reads shared by the public API, the exports, the admin actions and the commands.

Every public read starts from `Claim.objects.public()`: reviewed (corroborated, conflicting,
single source) and not merged into another claim. Articles, outlets and speakers are public only
as far as they relate to a public claim, so an unreviewed claim can never be reached through them.
Each selector prefetches what its callers show, so a page costs a fixed number of queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import CombinedExpression, RawSQL

from .cache import remembered_counts
from .models import (
    Article,
    Claim,
    ClaimSheet,
    ClaimSheetItem,
    Mention,
    Outlet,
    Speaker,
    SpeakerAlias,
    SpeakerDuplicate,
)

# Bounds of the "has this been checked?" lookup.
LOOKUP_MAX_RESULTS = 20
LOOKUP_MAX_QUERY_CHARS = 1000
LOOKUP_SQLITE_CANDIDATES = 500
LOOKUP_MIN_SCORE = 0.15
# PostgreSQL: a word in more public claims than this is common; at most this many candidates
# are scored (see claims_lookup).
LOOKUP_COMMON_WORD_CLAIMS = 1000
LOOKUP_PG_CANDIDATES = 200

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "said",
        "says",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    ]
)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def mentions_public() -> QuerySet[Mention]:
    """Mentions as the API and exports show them: article, outlet and speaker joined, in source order.
    A source held since the verdict (not yet seen by an editor) is left out."""
    return (
        Mention.objects.filter(held=False)
        .select_related("article__outlet", "speaker")
        .order_by(F("article__published_at").asc(nulls_last=True), "article_id", "start", "id")
    )


def claims_public() -> QuerySet[Claim]:
    """Public claims with their speaker and mentions: three queries for any number of rows.

    What no public page shows is left unread: the articles' full texts (kilobytes each, once per
    mention) and the claims' internal notes and extraction details."""
    mentions = mentions_public().defer("entities", "statement", "article__text", "article__boilerplate")
    return (
        Claim.objects.public()
        .defer("entities", "worthiness_reasons", "internal_note", "suggestion_reason", "search_vector")
        .select_related("speaker")
        .prefetch_related(Prefetch("mentions", queryset=mentions))
        .order_by("-id")
    )


def claims_public_page() -> QuerySet[Claim]:
    """`claims_public()` without its mentions, for a list page: `mention_rows_public` reads them."""
    return claims_public().prefetch_related(None)


# What a public mention shows, and what a conflict compares, read as plain values.
_MENTION_ROW_FIELDS = (
    "id",
    "claim_id",
    "kind",
    "start",
    "end",
    "text",
    "sentence",
    "speaker_id",
    "speaker_status",
    "speaker_text",
    "speaker_candidates",
    "cue",
    "value",
    "value_max",
    "unit",
    "date",
    "approximate",
    "stance",
    "subject",
    "measure",
    "target",
    "article_id",
    "article__title",
    "article__url",
    "article__published_at",
    "article__outlet_id",
    "article__outlet__name",
    "speaker__name",
    "speaker__kind",
    "speaker__role",
    "speaker__disambiguation",
)


def mention_rows_public(claim_ids: Iterable[int]) -> dict[int, list[SimpleNamespace]]:
    """The public mentions of these claims, by claim id, in source order (as `mentions_public`),
    in one query and without model instances: about 150 objects fewer for a page of 25 claims.

    Each row has the attributes its model would (`pk`, `text`, `stance`, `article.pk`,
    `article.outlet.name`, `speaker.name`...), so readers written for mentions take it."""
    by_claim: dict[int, list[SimpleNamespace]] = {}
    for r in mentions_public().filter(claim_id__in=list(claim_ids)).values(*_MENTION_ROW_FIELDS):
        outlet_id, outlet_name = r.pop("article__outlet_id"), r.pop("article__outlet__name")
        article = SimpleNamespace(
            pk=r["article_id"],
            title=r.pop("article__title"),
            url=r.pop("article__url"),
            published_at=r.pop("article__published_at"),
            outlet_id=outlet_id,
            outlet=SimpleNamespace(pk=outlet_id, name=outlet_name) if outlet_id else None,
        )
        speaker = {name: r.pop(f"speaker__{name}") for name in ("name", "kind", "role", "disambiguation")}
        r["speaker"] = SimpleNamespace(pk=r["speaker_id"], **speaker) if r["speaker_id"] else None
        by_claim.setdefault(r["claim_id"], []).append(SimpleNamespace(pk=r["id"], article=article, **r))
    return by_claim


def _public_claim_exists(**link: object) -> Exists:
    return Exists(Claim.objects.public().filter(**link))


def articles_public() -> QuerySet[Article]:
    """Articles that have at least one mention of a public claim."""
    has_public = Exists(
        Mention.objects.filter(
            article=OuterRef("pk"), held=False, claim__in=Claim.objects.public().values("pk")
        )
    )
    return Article.objects.filter(has_public).select_related("outlet").order_by("-published_at", "-id")


def outlets_public() -> QuerySet[Outlet]:
    """Outlets that published at least one article mentioning a public claim."""
    has_public = Exists(
        Mention.objects.filter(
            article__outlet=OuterRef("pk"), held=False, claim__in=Claim.objects.public().values("pk")
        )
    )
    return Outlet.objects.filter(has_public).order_by("name", "id")


def speakers_public() -> QuerySet[Speaker]:
    """Speakers of at least one public claim (as the claim's speaker or in one of its mentions)."""
    as_claim_speaker = _public_claim_exists(speaker=OuterRef("pk"))
    as_mention_speaker = Exists(
        Mention.objects.filter(
            speaker=OuterRef("pk"), held=False, claim__in=Claim.objects.public().values("pk")
        )
    )
    return Speaker.objects.filter(as_claim_speaker | as_mention_speaker).order_by("name", "id")


def speaker_open_duplicate() -> Exists:
    """True for a speaker in a possible-duplicate pair that no editor has decided yet."""
    return Exists(
        SpeakerDuplicate.objects.filter(
            Q(speaker=OuterRef("pk")) | Q(other=OuterRef("pk")), state=SpeakerDuplicate.State.OPEN
        )
    )


# The speaker page lists at most this many quote mentions (most recent articles first).
SPEAKER_PAGE_MENTIONS = 300


@dataclass(frozen=True)
class SpeakerPage:
    aliases: list[SpeakerAlias]
    duplicates: list[SpeakerDuplicate]
    mentions: list[Mention]
    mention_count: int


def speaker_page(speaker: Speaker) -> SpeakerPage:
    """What an editor sees of a speaker: spellings with the article each came from, possible
    duplicates, and its quote mentions with claim and article. Four queries."""
    aliases = list(speaker.aliases.select_related("article__outlet").order_by("created_at", "id"))
    duplicates = list(
        SpeakerDuplicate.objects.filter(Q(speaker=speaker) | Q(other=speaker))
        .select_related("speaker", "other", "decided_by")
        .order_by("state", "-id")
    )
    rows = (
        Mention.objects.filter(speaker=speaker)
        .select_related("claim", "article__outlet")
        .defer("article__text", "article__boilerplate", "claim__entities", "entities")
        .order_by(F("article__published_at").desc(nulls_last=True), "-article_id", "start")
    )
    mentions = list(rows[:SPEAKER_PAGE_MENTIONS])
    count = len(mentions) if len(mentions) < SPEAKER_PAGE_MENTIONS else rows.count()
    return SpeakerPage(aliases=aliases, duplicates=duplicates, mentions=mentions, mention_count=count)


def sheets_published() -> QuerySet[ClaimSheet]:
    """Published sheets with the number of public claims on each."""
    return (
        ClaimSheet.objects.filter(published=True)
        .annotate(
            public_claim_count=Count(
                "items",
                filter=Q(
                    items__claim__status__in=Claim.PUBLIC_STATUSES,
                    items__claim__merged_into__isnull=True,
                ),
            )
        )
        .order_by("-updated_at", "-id")
    )


def sheet_items_public() -> QuerySet[ClaimSheetItem]:
    """A sheet's items whose claim is public, in the editor's order, each claim fully loaded."""
    return (
        ClaimSheetItem.objects.filter(
            claim__status__in=Claim.PUBLIC_STATUSES, claim__merged_into__isnull=True
        )
        .select_related("claim__speaker")
        .prefetch_related(Prefetch("claim__mentions", queryset=mentions_public()))
        .order_by("position", "id")
    )


def sheets_published_detail() -> QuerySet[ClaimSheet]:
    return sheets_published().prefetch_related(
        Prefetch("items", queryset=sheet_items_public(), to_attr="public_items")
    )


def claims_for_export(
    *,
    sheet: ClaimSheet | None = None,
    status: Iterable[str] | None = None,
    claims: QuerySet[Claim] | None = None,
) -> QuerySet[Claim]:
    """Claims to export with everything the exports show, in a stable order.

    `claims` narrows to a selection (an admin queryset); `status` to the given statuses (public
    ones when neither is given); `sheet` to a sheet's public claims in the sheet's order.
    """
    qs = Claim.objects.active()
    if claims is not None:
        # Only the selection's ids: the caller's own joins, prefetches and annotations are dropped.
        qs = qs.filter(pk__in=claims.values("pk"))
    statuses = list(status) if status else None
    if statuses:
        qs = qs.filter(status__in=statuses)
    elif claims is None or sheet is not None:
        qs = qs.filter(status__in=Claim.PUBLIC_STATUSES)
    qs = qs.select_related("speaker").prefetch_related(Prefetch("mentions", queryset=mentions_public()))
    if sheet is not None:
        return qs.filter(sheet_items__sheet=sheet).order_by("sheet_items__position", "sheet_items__id")
    return qs.order_by("id")


SEARCH_MAX_SPEAKERS = 200


def claim_search_vector() -> CombinedExpression:
    """The weighted document of a claim, as the trigger of migration 0012 stores it in
    Claim.search_vector (PostgreSQL): a test checks that both agree."""
    return (
        SearchVector("text", weight="A", config="english")
        + SearchVector("subject", weight="B", config="english")
        + SearchVector("verdict_note", weight="C", config="english")
    )


def claims_search(qs: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Full-text search, most relevant first.

    PostgreSQL: a ranked search over text, subject, verdict note and speaker name. Elsewhere
    (SQLite): every word must appear, case-insensitively, in one of those fields; newest first.
    """
    query = query.strip()[:LOOKUP_MAX_QUERY_CHARS]
    if not query:
        return qs
    if _is_postgres():
        search = SearchQuery(query, search_type="websearch", config="english")
        # `@@` on the stored document, which the GIN index claims_claim_search_vector_idx serves
        # (migration 0012), and ts_rank on it: no claim's text is parsed again. Speakers match by
        # name; their ids go in as a literal list, which the planner can OR with the index (a
        # subquery would defeat it).
        speaker_ids = list(
            Speaker.objects.annotate(v=SearchVector("name", config="english"))
            .filter(v=search)
            .values_list("id", flat=True)[:SEARCH_MAX_SPEAKERS]
        )
        matches = Q(search_vector=search)
        if speaker_ids:
            matches |= Q(speaker_id__in=speaker_ids)
        return (
            qs.filter(matches)
            .annotate(search_rank=SearchRank(F("search_vector"), search))
            .order_by("-search_rank", "-id")
        )
    for word in _WORD.findall(query)[:20]:
        qs = qs.filter(
            Q(text__icontains=word)
            | Q(subject__icontains=word)
            | Q(verdict_note__icontains=word)
            | Q(speaker__name__icontains=word)
        )
    return qs.order_by("-id")


@dataclass(frozen=True)
class LookupMatch:
    claim: Claim
    score: float


def _tokens(text: str) -> set[str]:
    return {w for w in (t.casefold() for t in _WORD.findall(text)) if w not in _STOPWORDS}


def _overlap_score(query_tokens: set[str], claim_text: str) -> float:
    """Half containment (how much of the claim the text repeats), half Dice overlap."""
    claim_tokens = _tokens(claim_text)
    if not claim_tokens or not query_tokens:
        return 0.0
    shared = len(claim_tokens & query_tokens)
    containment = shared / len(claim_tokens)
    dice = 2 * shared / (len(claim_tokens) + len(query_tokens))
    return (containment + dice) / 2


def _tsquery_word(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# How many public claims hold each of the query's words (stemmed, stopwords dropped), counted
# through the search index and counted only up to LOOKUP_COMMON_WORD_CLAIMS.
_WORD_CLAIMS_SQL = """
SELECT lexeme, (
    SELECT count(*) FROM (
        SELECT 1 FROM claims_claim
        WHERE search_vector @@ quote_literal(lexeme)::tsquery
            AND status = ANY(%s) AND merged_into_id IS NULL
        LIMIT %s
    ) AS holding
)
FROM unnest(%s::text[]) AS lexeme
"""
_QUERY_WORDS_SQL = "SELECT unnest(tsvector_to_array(to_tsvector('english'::regconfig, %s)))"


def _word_claims(query: str) -> list[tuple[str, int]]:
    """The query's words (stemmed, stopwords dropped) with the number of public claims holding
    each, up to LOOKUP_COMMON_WORD_CLAIMS. A word's count is remembered like a list's row count
    (claims.cache.remembered_counts): pasted texts share most of their words, and counting them
    was a third of a lookup."""
    with connection.cursor() as cursor:
        cursor.execute(_QUERY_WORDS_SQL, [query])
        words = [word for (word,) in cursor.fetchall()]

        def count(missing: list[str]) -> dict[str, int]:
            cursor.execute(
                _WORD_CLAIMS_SQL, [list(Claim.PUBLIC_STATUSES), LOOKUP_COMMON_WORD_CLAIMS, missing]
            )
            return {word: int(n) for word, n in cursor.fetchall()}

        counts = remembered_counts("words", words, count) if words else {}
    return [(w, counts.get(w, 0)) for w in words]


def _lookup_candidates(query: str) -> RawSQL | None:
    """PostgreSQL: the ids and texts of the public claims worth scoring against `query`, from
    the search index, at most LOOKUP_PG_CANDIDATES; None when no claim shares a word with it.

    A claim that a text repeats shares the text's words, and its rarest ones are the ones that
    tell it apart. The candidates are the claims holding any of the query's rare words (fewest
    claims first, while together they hold at most LOOKUP_PG_CANDIDATES claims), or two of its
    three rarest common ones (words in LOOKUP_COMMON_WORD_CLAIMS claims or more). When more
    claims match than are scored, those holding the largest share of their own words in the
    query come first: a claim pasted inside a sentence has all of its words there, and a long
    claim that merely shares many words does not. Trigram similarity then runs on those
    candidates only, not on every public claim (1.4 s at 75k claims).
    """
    held = sorted((n, -len(word), word) for word, n in _word_claims(query) if n > 0)
    if not held:
        return None
    terms: list[str] = []
    total = 0
    for n, _, word in held:
        if n >= LOOKUP_COMMON_WORD_CLAIMS or (terms and total + n > LOOKUP_PG_CANDIDATES):
            break
        terms.append(_tsquery_word(word))
        total += n
    common = [_tsquery_word(word) for n, _, word in held if n >= LOOKUP_COMMON_WORD_CLAIMS][:3]
    if len(common) == 1 and not terms:
        terms = common
    terms += [f"({a} & {b})" for i, a in enumerate(common) for b in common[i + 1 :]]
    # A claim pasted inside a longer text has (nearly) all its words in it: the claims holding the
    # largest share of their own words among the text's come first.
    shared = " + ".join("(search_vector @@ %s::tsquery)::int" for _ in held)
    return RawSQL(
        "SELECT id, text FROM claims_claim WHERE search_vector @@ %s::tsquery AND status = ANY(%s) "
        f"AND merged_into_id IS NULL ORDER BY ({shared})::float / GREATEST(length(search_vector), 1) DESC, "
        "id DESC LIMIT %s",
        [
            " | ".join(terms),
            list(Claim.PUBLIC_STATUSES),
            *[_tsquery_word(w) for _, _, w in held],
            LOOKUP_PG_CANDIDATES,
        ],
    )


def claims_lookup(query: str, *, limit: int = 10) -> list[LookupMatch]:
    """The public claims most similar to `query` (a sentence or a quote), best first.

    PostgreSQL: the larger of pg_trgm's similarity (whole strings) and word_similarity (the claim
    found inside a longer sentence), over the candidates the search index gives
    (`_lookup_candidates`). Elsewhere: token overlap over a bounded candidate set of
    claims sharing at least one of the query's longest words.
    """
    query = query.strip()[:LOOKUP_MAX_QUERY_CHARS]
    limit = max(1, min(limit, LOOKUP_MAX_RESULTS))
    if not query:
        return []
    if _is_postgres():
        indexed = _lookup_candidates(query)
        if indexed is None:
            return []
        # Scored inside the materialised candidates: left to itself, the planner may score every
        # public claim first and join the candidates after (3 s at 75k claims instead of 30 ms).
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH candidates AS MATERIALIZED ({indexed.sql}) "
                "SELECT id, score FROM (SELECT id, GREATEST(similarity(text, %s), word_similarity(text, %s)) "
                "AS score FROM candidates) AS scored WHERE score >= %s ORDER BY score DESC, id DESC LIMIT %s",
                [*indexed.params, query, query, LOOKUP_MIN_SCORE, limit],
            )
            scored = cursor.fetchall()
        by_id = claims_public_page().in_bulk([pk for pk, _ in scored])
        return [LookupMatch(claim=by_id[pk], score=round(float(s), 4)) for pk, s in scored if pk in by_id]

    query_tokens = _tokens(query)
    if not query_tokens:
        return []
    longest = sorted(query_tokens, key=lambda t: (-len(t), t))[:8]
    any_word = Q()
    for word in longest:
        any_word |= Q(text__icontains=word)
    candidates = list(
        Claim.objects.public()
        .filter(any_word)
        .order_by("-id")
        .values_list("id", "text")[:LOOKUP_SQLITE_CANDIDATES]
    )
    scored = sorted(
        ((round(_overlap_score(query_tokens, text), 4), pk) for pk, text in candidates),
        key=lambda pair: (-pair[0], -pair[1]),
    )
    best = [(score, pk) for score, pk in scored if score >= LOOKUP_MIN_SCORE][:limit]
    by_id = claims_public_page().in_bulk([pk for _, pk in best])
    return [LookupMatch(claim=by_id[pk], score=score) for score, pk in best if pk in by_id]


# --- the public site -------------------------------------------------------------------------------


def claim_sheets_public(claim: Claim) -> list[ClaimSheet]:
    """The published sheets a public claim is on, newest first."""
    return list(ClaimSheet.objects.filter(published=True, items__claim=claim).order_by("-updated_at", "-id"))


def speaker_claims_public(speaker: Speaker) -> QuerySet[Claim]:
    """A speaker's public claims: quotes attributed to them and claims any public source credits
    to them, newest verdict first."""
    credited = Exists(Mention.objects.filter(claim=OuterRef("pk"), speaker=speaker, held=False))
    return (
        claims_public()
        .filter(Q(speaker=speaker) | credited)
        .order_by(F("reviewed_at").desc(nulls_last=True), "-id")
    )


def verdicts_recent() -> QuerySet[Claim]:
    """Public claims, the most recent verdict first (the feed, the home page, the sitemap)."""
    return (
        Claim.objects.public()
        .select_related("speaker")
        .order_by(F("reviewed_at").desc(nulls_last=True), "-id")
    )
