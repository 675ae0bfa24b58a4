"""Followed sources: poll RSS/Atom feeds and news sitemaps, and queue every new item for ingest.

A poll asks for the feed with the ETag and Last-Modified the server gave last time, so an
unchanged feed costs one 304 and a few queries. A changed feed is read into items; the items
already seen are found with one query per source (:class:`SourceItem` keeps one row per source
and address), and only new items, items the feed says were updated, and failed items whose
retry time has come are fetched. Each fetched page is stored as a pending article and its
extraction queued, as ``ingest --async`` does (:func:`article_enqueue_source`): a page whose
address is stored already with another text becomes a revision of that article.

Bad input is one line naming the address, and the other items go on. A failed item is tried
again at the next poll, then with a backoff that doubles with each failure (in poll intervals,
at most :data:`MAX_BACKOFF`); after :data:`MAX_ITEM_FAILURES` in a row it is given up. An item
is never stored half: its article is stored in one transaction, and its row says what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims.extraction.types import ArticleMeta
from claims.fetch.feeds import Feed, FeedError, FeedItem, parse_feed
from claims.fetch.http import FEED, FetchError
from claims.models import Source, SourceItem
from claims.web_urls import web_url_problem

from .ingest import Enqueue, IngestOutcome, article_enqueue_source
from .web import fetcher, page_fetch

logger = logging.getLogger(__name__)

MAX_ITEM_FAILURES = 8
MAX_BACKOFF = timedelta(days=1)
# Addresses per query in the seen-item check (SQLite's historical 999 parameters).
CHUNK = 900
LAST_ERROR_CHARS = 4000


@dataclass
class PollReport:
    """What one poll of a source did; ``lines`` are its problems, one line each naming the address."""

    source_id: int
    url: str
    not_modified: bool = False
    found: int = 0
    new: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=list)


# --- editors' writes ------------------------------------------------------------------------


def source_save(*, source: Source) -> Source:
    """Save a source an editor added or changed. A new address, or a source switched on, is
    polled at the next round; a new address forgets the old one's validators."""
    before = Source.objects.filter(pk=source.pk).first() if source.pk else None
    if before is None or before.url != source.url or (source.enabled and not before.enabled):
        source.next_poll_at = None
    if before is not None and before.url != source.url:
        source.etag = source.last_modified = ""
    source.full_clean()
    source.save()
    return source


def source_delete(*, source: Source) -> None:
    """Stop following a source: its item rows go, the articles stored from it stay."""
    source.delete()


def sources_poll_soon(*, sources: QuerySet[Source]) -> int:
    """Make these sources due at the next round (an editor's "poll now")."""
    return sources.update(next_poll_at=None)


# --- polling --------------------------------------------------------------------------------


def sources_due(*, now: datetime | None = None) -> QuerySet[Source]:
    now = now or timezone.now()
    return Source.objects.filter(Q(next_poll_at=None) | Q(next_poll_at__lte=now), enabled=True).order_by(
        "next_poll_at", "id"
    )


def sources_claim_due() -> list[int]:
    """Take every due source for one poll; the ids of those taken (not those another round took).

    Each is taken by a conditional UPDATE that moves its next poll on, all in one transaction:
    a second round at the same moment waits for the row (PostgreSQL) or the database (SQLite),
    then finds it no longer due.
    """
    now = timezone.now()
    claimed = []
    with transaction.atomic():
        for pk, minutes in sources_due(now=now).values_list("id", "poll_minutes"):
            taken = Source.objects.filter(
                Q(next_poll_at=None) | Q(next_poll_at__lte=now), pk=pk, enabled=True
            ).update(next_poll_at=now + timedelta(minutes=minutes))
            if taken:
                claimed.append(pk)
    return claimed


def sources_poll_due(
    *, send: Callable[[int], object] | None = None, enqueue: Enqueue | None = None
) -> list[int]:
    """Claim every due source and poll it: by ``send`` (a Celery task per source), or here.

    Returns the ids of the sources claimed.
    """
    claimed = sources_claim_due()
    for pk in claimed:
        if send is not None:
            send(pk)
        else:
            report_log(source_poll(source_id=pk, enqueue=enqueue))
    return claimed


def source_poll(*, source_id: int, enqueue: Enqueue | None = None) -> PollReport:
    """Poll one source now, due or not (unless it is switched off), and record what happened on it."""
    source = Source.objects.select_related("outlet").filter(pk=source_id).first()
    if source is None:  # removed since it was queued
        return PollReport(source_id, "", lines=[f"source {source_id} no longer exists; not polled"])
    if not source.enabled:  # switched off since it was queued
        return PollReport(source.pk, source.url, lines=[f"{source.url}: switched off; not polled"])
    report = PollReport(source.pk, source.url)
    now = timezone.now()
    feed: Feed | None = None
    validators = {}
    try:
        response = fetcher().get(
            source.url, accept=FEED, etag=source.etag, last_modified=source.last_modified
        )
    except FetchError as exc:
        report.lines.append(f"{source.url}: {exc}")
    else:
        if response.not_modified:
            report.not_modified = True
        else:
            try:
                feed = parse_feed(response.body, response.url)
            except FeedError as exc:
                report.lines.append(f"{source.url}: {exc}")
            else:
                # Kept only for a feed that was read: a bad one is read in full again next time.
                validators = {"etag": response.etag[:500], "last_modified": response.last_modified[:100]}
    todo = _items_to_fetch(source, feed, report, now)
    for item in todo:
        _item_fetch(source, item, report, enqueue=enqueue)
    _record(source, report, feed, validators, now)
    return report


def report_log(report: PollReport) -> None:
    """A poll's problems in the log, one line each, where no command prints them (the workers)."""
    for line in report.lines:
        logger.warning("%s", line)


def _items_to_fetch(source: Source, feed: Feed | None, report: PollReport, now: datetime) -> list[SourceItem]:
    """New items (rows created), items the feed says changed, and failed items due for a retry."""
    todo: dict[str, SourceItem] = {}
    if feed is not None:
        report.found = len(feed.items)
        report.lines.extend(f"{source.url}: {problem}" for problem in feed.problems)
        report.failed += feed.skipped
        listed: dict[str, FeedItem] = {}  # an address listed twice is one item
        for item in feed.items:
            if problem := web_url_problem(item.url):  # javascript:, mailto:, a broken address
                report.lines.append(
                    f"{source.url}: the item {item.url[:200]!r} is skipped: its link {problem}"
                )
                report.failed += 1
            else:
                listed[item.url] = item
        known = _known(source, listed)
        fresh = [_new_row(source, item) for url, item in listed.items() if url not in known]
        for row in SourceItem.objects.bulk_create(fresh, ignore_conflicts=True):
            todo[row.url] = row
        for url, row in known.items():
            stated = listed[url].updated
            if row.state == SourceItem.State.STORED and stated and row.updated and stated != row.updated:
                row.updated = stated
                todo[url] = row
        if any(row.pk is None for row in todo.values()):  # backends that return no ids on conflict
            todo.update(_known(source, {u: listed[u] for u, r in todo.items() if r.pk is None}))
    retry = source.items.filter(
        Q(state=SourceItem.State.WAITING) | Q(state=SourceItem.State.FAILED, next_try_at__lte=now)
    ).exclude(url__in=list(todo))
    for row in retry:
        todo[row.url] = row
    return list(todo.values())


def _known(source: Source, listed: dict[str, FeedItem]) -> dict[str, SourceItem]:
    urls = list(listed)
    found: dict[str, SourceItem] = {}
    for at in range(0, len(urls), CHUNK):
        rows = SourceItem.objects.filter(source=source, url__in=urls[at : at + CHUNK]).only(
            "id", "url", "state", "updated", "etag", "last_modified", "failures", "article_id", "title"
        )
        found.update((row.url, row) for row in rows)
    return found


def _new_row(source: Source, item: FeedItem) -> SourceItem:
    return SourceItem(
        source=source,
        url=item.url[:1000],
        title=item.title[:500],
        published_at=item.published_at,
        updated=item.updated,
    )


def _item_fetch(source: Source, item: SourceItem, report: PollReport, *, enqueue: Enqueue | None) -> None:
    """Fetch one item's page and queue it; a failure is recorded on the item, the poll goes on."""
    now = timezone.now()
    try:
        response, page = page_fetch(item.url, etag=item.etag, last_modified=item.last_modified)
    except FetchError as exc:
        _item_failed(source, item, report, str(exc), now)
        return
    except Exception as exc:  # a bug on one page: that item fails, the others go on
        logger.exception("%s: could not be fetched", item.url)
        _item_failed(
            source, item, report, f"could not be fetched ({type(exc).__name__}: {exc}); see the log", now
        )
        return
    item.etag, item.last_modified = response.etag[:500], response.last_modified[:100]
    item.fetched_at = now
    if page is not None:
        fallback = ArticleMeta(title=item.title or None, published_at=item.published_at)
        outcome: IngestOutcome = article_enqueue_source(
            source=page,
            fallback=fallback,
            outlet=source.outlet.name if source.outlet else "",
            enqueue=enqueue,
        )
        if outcome.status == "failed" and outcome.article_id is None:
            _item_failed(source, item, report, outcome.message, now)
            return
        if outcome.status == "queued":
            report.new += 1
        elif outcome.status == "failed":  # stored, but its extraction could not be queued
            report.lines.append(f"{item.url}: {outcome.message}")
        item.article_id = outcome.article_id or item.article_id
    item.state = SourceItem.State.STORED
    item.failures = 0
    item.next_try_at = None
    item.last_error = ""
    item.save(
        update_fields=[
            "state",
            "article",
            "etag",
            "last_modified",
            "updated",
            "fetched_at",
            "failures",
            "next_try_at",
            "last_error",
        ]
    )


def _item_failed(source: Source, item: SourceItem, report: PollReport, message: str, now: datetime) -> None:
    item.failures += 1
    item.last_error = message[:2000]
    if item.failures >= MAX_ITEM_FAILURES:
        item.state = SourceItem.State.GAVE_UP
        item.next_try_at = None
        message += f" (failed {item.failures} times in a row: not tried again)"
    else:
        item.state = SourceItem.State.FAILED
        item.next_try_at = now + _backoff(source, item.failures)
    item.save(update_fields=["state", "failures", "next_try_at", "last_error", "updated"])
    report.failed += 1
    report.lines.append(f"{item.url}: {message}")


def _backoff(source: Source, failures: int) -> timedelta:
    """Retried at the next poll after the first failure, then after 1, 3, 7... poll intervals."""
    return min(timedelta(minutes=source.poll_minutes) * (2 ** (failures - 1) - 1), MAX_BACKOFF)


def _record(
    source: Source, report: PollReport, feed: Feed | None, validators: dict[str, str], now: datetime
) -> None:
    changes: dict[str, object] = {
        "last_polled_at": now,
        "next_poll_at": now + timedelta(minutes=source.poll_minutes),
        "items_new": report.new,
        "items_failed": report.failed,
        "last_error": "\n".join(report.lines)[:LAST_ERROR_CHARS],
        **validators,
    }
    if feed is not None:
        changes.update(kind=feed.kind, items_found=report.found)
    elif not report.not_modified:
        changes["items_found"] = 0
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**changes)


def poll_lines(reports: Iterable[PollReport]) -> Sequence[str]:
    """One summary line per poll, for commands."""
    lines = []
    for r in reports:
        state = "not modified" if r.not_modified else f"{r.found} found"
        lines.append(f"{r.url}: {state}, {r.new} new, {r.failed} failed")
    return lines
