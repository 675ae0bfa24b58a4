"""Ingest: files and web pages → articles with everything extraction derives from them, one
transaction each.

A web address (``https://…``) among the paths is fetched (:mod:`claims.services.web`) and read
like an ``.html`` file. Articles are the same article by content hash (storing the same text
again is a no-op) and by address: a text whose address is already stored with another text is
stored as a *revision* of that article (``revision_of``), never as a new independent source.

Two ways in: :func:`articles_ingest` extracts in this process and stores each article with its
claims in one transaction; :func:`articles_enqueue` (and the admin upload) stores each new article
as PENDING and queues one background task per article, which runs
:func:`article_extract_pending`. Both are idempotent by content hash.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, models, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError

from claims.extraction.boilerplate import detect_boilerplate
from claims.extraction.decoding import CONTROL_CHARS
from claims.extraction.manifest import FolderManifests
from claims.extraction.metadata import detect_metadata
from claims.extraction.pipeline import extract_texts, extraction_error, merge_meta
from claims.extraction.reading import Source, SourceError, expand_paths, read_source, shown_path
from claims.extraction.types import ArticleMeta, BoilerplateRange, Extraction, ExtractionError
from claims.fetch.http import FetchError
from claims.models import Article, Outlet
from claims.web_urls import web_url_problem

from .extracted import article_store_extraction
from .web import is_web_address, page_fetch

logger = logging.getLogger(__name__)


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
    status: str  # new | queued | unchanged | failed
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
    """Read every file; report unreadable ones, duplicates within the run and texts already stored.

    Whatever goes wrong reading one file (a bad manifest entry, a missing HTML library, a bug)
    fails that file alone, in one line; what reading changed, and manifest problems, are logged
    as warnings naming the file. Paths are reported as :func:`shown_path` gives them.
    """
    pending: list[_Pending] = []
    outcomes: list[IngestOutcome] = []
    manifests = FolderManifests(warn=logger.warning)
    seen: dict[str, str] = {}

    def skipped(path: Path, why: str) -> None:
        outcomes.append(IngestOutcome(shown_path(path), "failed", message=why))

    # Files and web addresses are read in the order given (a folder's files sorted).
    files: list[Path | str] = []
    for raw in paths:
        if is_web_address(raw):
            files.append(str(raw))
            continue
        given = Path(raw)
        if not given.exists():
            outcomes.append(IngestOutcome(shown_path(raw), "failed", message="no such file or folder"))
            continue
        files.extend(expand_paths([given], on_skip=skipped))
    for path in files:
        web = isinstance(path, str)
        label = path if isinstance(path, str) else shown_path(path)
        try:
            if isinstance(path, str):
                override = None
                source = page_fetch(path, max_bytes=max_bytes)[1]
                assert source is not None  # no validators sent: never "not modified"
            else:
                override = manifests.meta_for(path)
                source = read_source(path, max_bytes=max_bytes)
        except (SourceError, FetchError) as exc:
            outcomes.append(IngestOutcome(label, "failed", message=str(exc)))
            continue
        except Exception as exc:  # a bug in reading: this file fails, the others go on
            logger.exception("%s: could not be read", label)
            what = "fetched" if web else "read"
            message = f"could not be {what} ({type(exc).__name__}: {_first_line(exc)}); see the log"
            outcomes.append(IngestOutcome(label, "failed", message=message))
            continue
        for note in source.notes:
            logger.warning("%s: %s", label, note)
        if override and override.url and (problem := web_url_problem(override.url)):
            logger.warning(
                "%s: the manifest's url %r dropped (it %s); the article is stored without it",
                label,
                override.url,
                problem,
            )
            override = replace(override, url=None)
        digest = content_hash(source.text)
        if digest in seen:
            outcomes.append(IngestOutcome(label, "unchanged", message=f"same text as {seen[digest]}"))
            continue
        seen[digest] = label
        meta = merge_meta(source.html_meta or ArticleMeta(), override)
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
    if is_web_address(path):
        return path[:1000]
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


def _web_url(url: str | None, path: str) -> str:
    """The article's address, or "" with a warning naming the file when it is no web address."""
    if url and (problem := web_url_problem(url)):
        logger.warning("%s: url %r dropped (it %s); the article is stored without it", path, url, problem)
        return ""
    return url or ""


def _first_version(url: str) -> Article | None:
    """The article first stored at ``url`` (its later revisions point at it), locked until the
    transaction ends so that two new revisions of one article are stored one after the other."""
    if not url:
        return None
    return Article.objects.select_for_update().filter(url=url, revision_of=None).first()


def _article_create(
    *, source: Source, digest: str, meta: ArticleMeta, boilerplate: Sequence[BoilerplateRange], state: str
) -> Article:
    """Create the Article row (inside the caller's transaction), linked to the original it copies,
    or to its first version when its address is stored already with another text."""
    url = _web_url(meta.url, source.path)
    first = _first_version(url)
    fingerprint = body_fingerprint(source.text, [(b.start, b.end) for b in boilerplate])
    originals = Article.objects.filter(fingerprint=fingerprint)
    if first is not None:  # an earlier revision of the same article is no original it copies
        originals = originals.exclude(Q(pk=first.pk) | Q(revision_of=first))
    original = originals.order_by("published_at", "id").first() if fingerprint else None
    if first is not None:
        # The text the claim pages showed until now is marked as changed.
        Article.objects.filter(Q(pk=first.pk) | Q(revision_of=first), revised_at=None).update(
            revised_at=timezone.now()
        )
    return Article.objects.create(
        fingerprint=fingerprint,
        republished_from=original,
        revision_of=first,
        outlet=outlet_for_name(meta.outlet),
        title=(meta.title or Path(source.path).stem)[:500],
        url=url,
        byline=(meta.byline or "")[:300],
        published_at=meta.published_at,
        language=meta.language,
        text=source.text,
        content_hash=digest,
        source_path=_display_path(source.path),
        boilerplate=[[b.start, b.end, b.kind] for b in boilerplate],
        state=state,
    )


def article_store(*, source: Source, digest: str, extraction: Extraction) -> Article:
    """Store one article and everything derived from it in a single transaction."""
    with transaction.atomic():
        article = _article_create(
            source=source,
            digest=digest,
            meta=extraction.meta,
            boilerplate=extraction.boilerplate,
            state=Article.State.EXTRACTED,
        )
        article_store_extraction(article=article, extraction=extraction)
    return article


def _collect_reported(
    paths: Iterable[str | Path],
    max_bytes: int | None,
    *,
    on_progress: Callable[[IngestOutcome], None] | None,
    on_total: Callable[[int], None] | None,
) -> tuple[list[_Pending], list[IngestOutcome]]:
    """Read and check the files, and report at once those that fail or are already stored."""
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
    return fresh, outcomes


def _store_new(item: _Pending, extraction: Extraction) -> IngestOutcome:
    article = article_store(source=item.source, digest=item.digest, extraction=extraction)
    return IngestOutcome(item.source.path, "new", article.pk)


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
    nothing half-written. A text that makes extraction raise is reported failed (the traceback is
    logged), nothing of it is stored, and the other files go on; running again retries it. If the
    database goes away, the remaining files are reported as not ingested and
    :class:`DatabaseUnavailable` is raised after the outcomes so far are reported.
    """
    fresh, outcomes = _collect_reported(paths, max_bytes, on_progress=on_progress, on_total=on_total)
    extractions = extract_texts(
        [p.source.text for p in fresh], metas=[p.meta for p in fresh], batch_size=batch_size
    )
    for item, extraction in zip(fresh, extractions, strict=True):
        if isinstance(extraction, ExtractionError):
            outcome = _extraction_failed(item.source.path, extraction)
        else:
            store = partial(_store_new, item, extraction)
            outcome = _stored(item.source.path, item.digest, extraction.meta.url, outcomes, store)
        outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)
    return outcomes


# --- background extraction ----------------------------------------------------------------------


def _send_extraction_task(article_id: int) -> None:
    # Imported here: the task module imports this one.
    from claims.tasks import article_extract

    article_extract.delay(article_id)


Enqueue = Callable[[int], None]

BROKER_HINT = "run `manage.py ingest_status --requeue` once the broker is back"


def _enqueue_sources(
    items: Sequence[_Pending],
    *,
    enqueue: Enqueue | None,
    on_progress: Callable[[IngestOutcome], None] | None,
    prior: list[IngestOutcome],
) -> list[IngestOutcome]:
    """Store each item as a PENDING article (metadata, boilerplate, hash) and queue its extraction.

    The task is sent when the article's transaction commits, so a worker always finds the row.
    """
    send = enqueue or _send_extraction_task
    outcomes: list[IngestOutcome] = []

    def queue(article_id: int, unsent: list[str]) -> None:
        try:
            send(article_id)
        except (KombuError, OSError) as exc:
            unsent.append(_first_line(exc))

    for item in items:
        try:
            # The text states no language: the page's (or the default) is kept.
            meta = replace(
                merge_meta(detect_metadata(item.source.text), item.meta), language=item.meta.language
            )
            boilerplate = detect_boilerplate(item.source.text)
        except Exception as exc:  # a bug in a rule: this file fails, the others go on
            outcome = _extraction_failed(item.source.path, extraction_error(exc))
        else:

            def store(
                item: _Pending = item,
                meta: ArticleMeta = meta,
                boilerplate: list[BoilerplateRange] = boilerplate,
            ) -> IngestOutcome:
                unsent: list[str] = []
                with transaction.atomic():
                    article = _article_create(
                        source=item.source,
                        digest=item.digest,
                        meta=meta,
                        boilerplate=boilerplate,
                        state=Article.State.PENDING,
                    )
                    transaction.on_commit(partial(queue, article.pk, unsent))
                if unsent:
                    message = (
                        f"stored as pending but not queued: broker unavailable ({unsent[0]}); {BROKER_HINT}"
                    )
                    return IngestOutcome(item.source.path, "failed", article.pk, message)
                return IngestOutcome(item.source.path, "queued", article.pk)

            outcome = _stored(item.source.path, item.digest, meta.url, prior + outcomes, store)
        outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)
    return outcomes


def articles_enqueue(
    *,
    paths: Sequence[str | Path],
    max_bytes: int | None = None,
    enqueue: Enqueue | None = None,
    on_progress: Callable[[IngestOutcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> list[IngestOutcome]:
    """Read and check files now; store each new text as a PENDING article and queue its extraction.

    Returns at once (extraction runs in the Celery workers, or in-process without a broker).
    Idempotent like :func:`articles_ingest`: a text already stored, in any state, is unchanged.
    """
    fresh, outcomes = _collect_reported(paths, max_bytes, on_progress=on_progress, on_total=on_total)
    return outcomes + _enqueue_sources(fresh, enqueue=enqueue, on_progress=on_progress, prior=outcomes)


def _upload_name(name: str) -> str:
    """A browser's file name as a safe base name: no folders, control characters (a NUL cannot
    be in a path) or more bytes than a file system allows; the suffix is kept."""
    base = CONTROL_CHARS.sub("", Path(name.replace("\\", "/")).name).strip()
    if base in ("", ".", ".."):
        return "upload.txt"
    suffix = Path(base).suffix[:10]
    stem = base.removesuffix(suffix).encode("utf-8", "ignore")[:200].decode("utf-8", "ignore")
    return (stem or "upload") + suffix


def articles_upload(
    *, files: Sequence[tuple[str, bytes]], max_bytes: int | None = None, enqueue: Enqueue | None = None
) -> list[IngestOutcome]:
    """Files sent through the admin: checked like files on disk, stored as ``upload/<name>``."""
    limit = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
    with tempfile.TemporaryDirectory(prefix="factcheck-upload-") as folder:
        paths = []
        for index, (name, data) in enumerate(files):
            # Only the base name, and a numbered folder so two uploads of one name don't clash.
            target = Path(folder) / str(index) / _upload_name(name)
            target.parent.mkdir()
            target.write_bytes(data)
            paths.append(target)
        fresh, outcomes = _collect(paths, limit)
        relabel = {str(p): f"upload/{p.name}" for p in paths}
        fresh = [
            _Pending(
                Source(relabel[p.source.path], p.source.text, p.source.is_html, p.source.html_meta),
                p.meta,
                p.digest,
            )
            for p in fresh
        ]
        outcomes = [
            IngestOutcome(relabel.get(o.path, o.path), o.status, o.article_id, o.message) for o in outcomes
        ]
    return outcomes + _enqueue_sources(fresh, enqueue=enqueue, on_progress=None, prior=outcomes)


def article_submit_text(
    *,
    text: str,
    title: str,
    outlet: str = "",
    published_at: datetime | None = None,
    url: str = "",
    enqueue: Enqueue | None = None,
) -> IngestOutcome:
    """Pasted text with its metadata: stored as PENDING and queued, like an uploaded file."""
    text = text.replace("\r\n", "\n")
    digest = content_hash(text)
    label = f"pasted/{title[:80] or 'untitled'}"
    existing = Article.objects.filter(content_hash=digest).values_list("id", flat=True).first()
    if existing is not None:
        return IngestOutcome(label, "unchanged", existing, "already ingested")
    meta = ArticleMeta(title=title or None, published_at=published_at, outlet=outlet or None, url=url or None)
    item = _Pending(Source(label, text), meta, digest)
    return _enqueue_sources([item], enqueue=enqueue, on_progress=None, prior=[])[0]


def article_enqueue_source(
    *, source: Source, fallback: ArticleMeta | None = None, outlet: str = "", enqueue: Enqueue | None = None
) -> IngestOutcome:
    """A web page already fetched (a followed source's item): stored as PENDING and queued, as
    ``ingest --async`` stores a page. What the page states wins over ``fallback`` (what the feed
    said of it); ``outlet``, when given, wins over both."""
    digest = content_hash(source.text)
    existing = Article.objects.filter(content_hash=digest).values_list("id", flat=True).first()
    if existing is not None:
        return IngestOutcome(source.path, "unchanged", existing, "already ingested")
    page = source.html_meta or ArticleMeta()
    meta = merge_meta(replace(fallback or ArticleMeta(), language=page.language), page)
    if outlet:
        meta = replace(meta, outlet=outlet)
    return _enqueue_sources([_Pending(source, meta, digest)], enqueue=enqueue, on_progress=None, prior=[])[0]


def _meta_of(article: Article) -> ArticleMeta:
    return ArticleMeta(
        title=article.title or None,
        published_at=article.published_at,
        outlet=article.outlet.name if article.outlet else None,
        byline=article.byline or None,
        url=article.url or None,
        language=article.language,
    )


def _article_mark_failed(*, article_id: int, error: str) -> None:
    Article.objects.filter(pk=article_id, state=Article.State.PENDING).update(
        state=Article.State.FAILED, error=error[:2000]
    )


def article_extract_pending(*, article_id: int) -> str:
    """Extract a PENDING article and store its claims and mentions; returns what happened.

    ``"extracted"``, ``"failed"`` (the error is on the article), or ``"skipped"`` (gone, or no
    longer pending: another delivery of the same task got there first). The results are stored
    in one transaction that first claims the row with a conditional UPDATE: it takes the row lock
    on PostgreSQL (and the write lock on SQLite), so a second worker waits, then finds the
    article no longer pending and stores nothing. Transient database errors propagate, for the
    task to retry.
    """
    article = Article.objects.select_related("outlet").filter(pk=article_id).first()
    if article is None or article.state != Article.State.PENDING:
        return "skipped"
    try:
        extraction = next(extract_texts([article.text], metas=[_meta_of(article)]))
    except Exception as exc:  # not this text's fault (no spaCy model): recorded, requeued once fixed
        extraction = extraction_error(exc)
    if isinstance(extraction, ExtractionError):
        _log_extraction_error(f"article {article_id} ({article.source_path})", extraction)
        _article_mark_failed(article_id=article_id, error=extraction.message)
        return "failed"
    try:
        with transaction.atomic():
            claimed = Article.objects.filter(pk=article_id, state=Article.State.PENDING).update(error="")
            if not claimed:
                return "skipped"
            locked = Article.objects.select_for_update().get(pk=article_id)
            article_store_extraction(article=locked, extraction=extraction)
            locked.state = Article.State.EXTRACTED
            locked.save(update_fields=["state"])
    except (OperationalError, InterfaceError):
        raise
    except Exception as exc:  # a constraint or a matching error: recorded for editors, not retried
        error = f"could not store the extraction: {type(exc).__name__}: {_first_line(exc)}"
        _article_mark_failed(article_id=article_id, error=error)
        return "failed"
    return "extracted"


@dataclass(frozen=True)
class IngestProgress:
    counts: dict[str, int]
    failures: list[Article] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def ingest_progress(*, failures: int = 50) -> IngestProgress:
    """Articles per state, and the most recent failures with their errors."""
    counts = Counter(dict(Article.objects.order_by().values_list("state").annotate(n=models.Count("id"))))
    ordered = {state: counts.get(state, 0) for state in Article.State.values}
    failed = list(
        Article.objects.filter(state=Article.State.FAILED)
        .only("id", "title", "source_path", "error")
        .order_by("-ingested_at", "-id")[:failures]
    )
    return IngestProgress(ordered, failed)


def articles_requeue(*, include_failed: bool = True, enqueue: Enqueue | None = None) -> int:
    """Queue extraction again for every PENDING article (and FAILED ones, reset to PENDING).

    For tasks lost while the broker was down, or failures fixed since (a model installed).
    Queuing an article twice is harmless: the task skips what is no longer pending.
    """
    send = enqueue or _send_extraction_task
    if include_failed:
        Article.objects.filter(state=Article.State.FAILED).update(state=Article.State.PENDING, error="")
    ids = list(
        Article.objects.filter(state=Article.State.PENDING).order_by("id").values_list("id", flat=True)
    )
    for article_id in ids:
        send(article_id)
    return len(ids)


def _log_extraction_error(what: str, error: ExtractionError) -> None:
    logger.error("%s: %s\n%s", what, error.message, error.traceback)


def _extraction_failed(path: str, error: ExtractionError) -> IngestOutcome:
    """A file whose text made extraction raise: logged with the traceback, reported in one line."""
    _log_extraction_error(path, error)
    return IngestOutcome(path, "failed", message=error.message)


def _stored(
    path: str, digest: str, url: str | None, so_far: list[IngestOutcome], store: Callable[[], IngestOutcome]
) -> IngestOutcome:
    """Store one article: a database error becomes this file's outcome, or stops the whole run
    (:class:`DatabaseUnavailable`, carrying ``so_far``) when the database itself is gone.

    Another ingest may be storing the same text at the same moment (both found it missing): the
    unique content hash turns the second away, and it reports the text as already stored. A
    unique row the other run added meanwhile (the outlet, a speaker), or a deadlock with it, is
    tried once more: the second try finds that row.
    """
    for again in (False, True):
        try:
            return store()
        except IntegrityError as exc:
            # The failed transaction (or savepoint) is rolled back: this reads what the other run committed.
            stored = Article.objects.filter(content_hash=digest).values_list("id", flat=True).first()
            if stored is not None:
                return IngestOutcome(path, "unchanged", stored, "already stored by another ingest meanwhile")
            # A first version of the address stored meanwhile: the second try stores a revision.
            if again or not _lost_race(exc):
                return IngestOutcome(path, "failed", message=_integrity_message(exc, url))
        except (OperationalError, InterfaceError) as exc:
            if again or not _lost_race(exc):
                raise DatabaseUnavailable(_first_line(exc), so_far) from exc
        except DatabaseError as exc:
            return IngestOutcome(path, "failed", message=f"database error: {exc}")
    raise AssertionError("unreachable")


def _lost_race(exc: Exception) -> bool:
    """Refused because of another transaction: a unique row it added meanwhile, or a deadlock."""
    cause = exc.__cause__
    # PostgreSQL: unique_violation, deadlock_detected, serialization_failure; SQLite: UNIQUE failed.
    return getattr(cause, "sqlstate", None) in ("23505", "40P01", "40001") or (
        getattr(cause, "sqlite_errorcode", None) == 2067
    )


def _integrity_message(exc: IntegrityError, url: str | None) -> str:
    if url and Article.objects.filter(url=url).exists():
        other = Article.objects.filter(url=url).values_list("id", flat=True).first()
        return f"another text with the same url {url} is already stored (article {other}); nothing was stored"
    return f"could not store the article ({exc}); nothing was stored"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
