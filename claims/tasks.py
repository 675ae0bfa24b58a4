"""Celery tasks: thin wrappers around services. Without a broker they run in-process (eager)."""

from __future__ import annotations

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError, close_old_connections, connection

from claims.services.following import report_log, source_poll
from claims.services.following import sources_poll_due as _sources_poll_due
from claims.services.ingest import article_extract_pending

# The database gone for a moment: retry with exponential backoff (2, 4, 8... seconds, at most a
# minute, jittered), a bounded number of times. An article whose tries all fail stays pending;
# `manage.py ingest_status --requeue` queues it again.
MAX_RETRIES = 6
BACKOFF_FACTOR = 2
BACKOFF_MAX = 60


@shared_task(
    bind=True,
    max_retries=MAX_RETRIES,
    # Acknowledged after it ran: a worker killed mid-task leaves the message for another worker.
    acks_late=True,
    reject_on_worker_lost=True,
)
def article_extract(self: Task[[int], str], article_id: int) -> str:
    """Extract one stored article. Idempotent: an article no longer pending is skipped."""
    try:
        return article_extract_pending(article_id=article_id)
    except (OperationalError, InterfaceError) as exc:
        # Drop the broken connection so the next try opens a fresh one (not inside a caller's
        # transaction, which only exists when the task runs in-process).
        if not connection.in_atomic_block:
            close_old_connections()
        if self.request.is_eager:
            # In-process: the caller reports the database as unavailable, like synchronous ingest.
            raise
        countdown = get_exponential_backoff_interval(
            BACKOFF_FACTOR, self.request.retries, BACKOFF_MAX, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(acks_late=True, reject_on_worker_lost=True)
def source_poll_task(source_id: int) -> dict[str, int]:
    """Poll one followed source; each new item is stored as pending and its extraction queued."""
    report = source_poll(source_id=source_id)
    report_log(report)
    return {"found": report.found, "new": report.new, "failed": report.failed}


@shared_task
def sources_poll_due() -> int:
    """Celery beat's task: one polling task per due source (claimed, so no source is polled twice)."""
    return len(_sources_poll_due(send=source_poll_task.delay))
