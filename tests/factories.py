"""Small factories for tests: real rows with sensible defaults."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime
from typing import Any

from claims.models import Article, Claim, Mention, Outlet, Speaker

_seq = itertools.count(1)


def make_outlet(**kw: Any) -> Outlet:
    kw.setdefault("name", f"Outlet {next(_seq)}")
    return Outlet.objects.create(**kw)


def make_article(**kw: Any) -> Article:
    n = next(_seq)
    kw.setdefault("title", f"Article {n}")
    kw.setdefault("text", f"Article {n} text. The minister said the budget was $5 million.")
    kw.setdefault("content_hash", hashlib.sha256(kw["text"].encode()).hexdigest())
    kw.setdefault("published_at", datetime(2023, 4, 5, tzinfo=UTC))
    kw.setdefault("state", Article.State.EXTRACTED)
    if "outlet" not in kw:
        kw["outlet"] = make_outlet()
    return Article.objects.create(**kw)


def make_speaker(**kw: Any) -> Speaker:
    kw.setdefault("name", f"Speaker {next(_seq)}")
    return Speaker.objects.create(**kw)


def make_claim(**kw: Any) -> Claim:
    kw.setdefault("kind", Claim.Kind.QUANTITY)
    kw.setdefault("text", f"$5 million ({next(_seq)})")
    return Claim.objects.create(**kw)


def make_mention(*, claim: Claim, article: Article | None = None, **kw: Any) -> Mention:
    article = article or make_article()
    kw.setdefault("start", 0)
    kw.setdefault("end", 5)
    kw.setdefault("text", article.text[kw["start"] : kw["end"]])
    kw.setdefault("extractor", "test")
    kw.setdefault("extractor_version", "0")
    return Mention.objects.create(claim=claim, article=article, **kw)
