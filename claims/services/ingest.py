"""Ingest: files → articles with everything extraction derives from them, one transaction each."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction

from claims.extraction.pipeline import extract_texts, merge_meta
from claims.extraction.reading import Source, SourceError, expand_paths, read_manifest, read_source
from claims.extraction.types import ArticleMeta, Extraction
from claims.models import Article, Outlet

from .extracted import article_store_extraction


class DatabaseUnavailable(Exception):
    """The database went away: nothing of the current article was stored.

    ``outcomes`` holds what was done before it happened.
    """

    def __init__(self, message: str, outcomes: list[IngestOutcome]) -> None:
        super().__init__(message)
        self.outcomes = outcomes


@dataclass(frozen=True)
class IngestOutcome:
    path: str
    status: str  # new | unchanged | failed
    article_id: int | None = None
    message: str = ""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Pending:
    source: Source
    meta: ArticleMeta
    digest: str


def _collect(paths: Iterable[str | Path], max_bytes: int) -> tuple[list[_Pending], list[IngestOutcome]]:
    """Read every file; report unreadable ones, duplicates within the run and texts already stored."""
    pending: list[_Pending] = []
    outcomes: list[IngestOutcome] = []
    manifests: dict[Path, dict[str, ArticleMeta]] = {}
    seen: dict[str, str] = {}
    files: list[Path] = []
    for raw in paths:
        given = Path(raw)
        if not given.exists():
            outcomes.append(IngestOutcome(str(raw), "failed", message="no such file or folder"))
            continue
        files.extend(expand_paths([given]))
    for path in files:
        try:
            if path.parent not in manifests:
                manifests[path.parent] = read_manifest(path.parent)
            source = read_source(path, max_bytes=max_bytes)
        except SourceError as exc:
            outcomes.append(IngestOutcome(str(path), "failed", message=str(exc)))
            continue
        digest = content_hash(source.text)
        if digest in seen:
            outcomes.append(IngestOutcome(str(path), "unchanged", message=f"same text as {seen[digest]}"))
            continue
        seen[digest] = str(path)
        meta = merge_meta(source.html_meta or ArticleMeta(), manifests[path.parent].get(path.name))
        pending.append(_Pending(source, meta, digest))
    stored = dict(
        Article.objects.filter(content_hash__in=[p.digest for p in pending]).values_list("content_hash", "id")
    )
    fresh = []
    for p in pending:
        if p.digest in stored:
            outcomes.append(IngestOutcome(p.source.path, "unchanged", stored[p.digest], "already ingested"))
        else:
            fresh.append(p)
    return fresh, outcomes


def outlet_for_name(name: str | None) -> Outlet | None:
    if not name:
        return None
    name = name.strip()[:200]
    outlet = Outlet.objects.filter(name__iexact=name).first()
    return outlet or Outlet.objects.create(name=name)


def _display_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(settings.BASE_DIR))
    except ValueError:
        return path


def body_fingerprint(text: str, boilerplate: Iterable[tuple[int, int]]) -> str:
    """Hash of the article's own words (title line and boilerplate left out).

    A republished copy on another site keeps the body but changes the page around it, so its
    fingerprint equals the original's.
    """
    pieces = []
    pos = 0
    for start, end in sorted(boilerplate):
        pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    body = "".join(pieces).strip()
    body = body.split("\n", 1)[1] if "\n" in body else body
    words = re.findall(r"\w+", body.casefold())
    if len(words) < 30:
        return ""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def article_store(*, source: Source, digest: str, extraction: Extraction) -> Article:
    """Store one article and everything derived from it in a single transaction."""
    meta = extraction.meta
    fingerprint = body_fingerprint(source.text, [(b.start, b.end) for b in extraction.boilerplate])
    with transaction.atomic():
        original = (
            Article.objects.filter(fingerprint=fingerprint).order_by("published_at", "id").first()
            if fingerprint
            else None
        )
        article = Article.objects.create(
            fingerprint=fingerprint,
            republished_from=original,
            outlet=outlet_for_name(meta.outlet),
            title=(meta.title or Path(source.path).stem)[:500],
            url=meta.url or "",
            byline=(meta.byline or "")[:300],
            published_at=meta.published_at,
            language=meta.language,
            text=source.text,
            content_hash=digest,
            source_path=_display_path(source.path),
            boilerplate=[[b.start, b.end, b.kind] for b in extraction.boilerplate],
            state=Article.State.EXTRACTED,
        )
        article_store_extraction(article=article, extraction=extraction)
    return article


def articles_ingest(
    *,
    paths: Sequence[str | Path],
    max_bytes: int | None = None,
    batch_size: int = 8,
    on_progress: Callable[[IngestOutcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> list[IngestOutcome]:
    """Ingest files and folders. Idempotent: a text already stored is reported as unchanged.

    Each article is stored in one transaction with its claims and mentions, so a failure leaves
    nothing half-written. If the database goes away, the remaining files are reported as not
    ingested and :class:`DatabaseUnavailable` is raised after the outcomes so far are reported.
    """
    limit = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
    try:
        fresh, outcomes = _collect(paths, limit)
    except (OperationalError, InterfaceError) as exc:
        raise DatabaseUnavailable(_first_line(exc), []) from exc
    if on_total:
        on_total(len(fresh) + len(outcomes))
    for outcome in outcomes:
        if on_progress:
            on_progress(outcome)
    extractions = extract_texts(
        [p.source.text for p in fresh], metas=[p.meta for p in fresh], batch_size=batch_size
    )
    for item, extraction in zip(fresh, extractions, strict=True):
        try:
            article = article_store(source=item.source, digest=item.digest, extraction=extraction)
        except IntegrityError as exc:
            outcome = IngestOutcome(item.source.path, "failed", message=_integrity_message(exc, extraction))
        except (OperationalError, InterfaceError) as exc:
            raise DatabaseUnavailable(_first_line(exc), outcomes) from exc
        except DatabaseError as exc:
            outcome = IngestOutcome(item.source.path, "failed", message=f"database error: {exc}")
        else:
            outcome = IngestOutcome(item.source.path, "new", article.pk)
        outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)
    return outcomes


def _integrity_message(exc: IntegrityError, extraction: Extraction) -> str:
    url = extraction.meta.url
    if url and Article.objects.filter(url=url).exists():
        other = Article.objects.filter(url=url).values_list("id", flat=True).first()
        return f"another text with the same url {url} is already stored (article {other}); nothing was stored"
    return f"could not store the article ({exc}); nothing was stored"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
