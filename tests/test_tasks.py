"""Background extraction run in-process (no broker): async ingest, idempotence, failures, retries."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.db import OperationalError

from claims import tasks
from claims.models import Article, Claim, Mention
from claims.services import extracted
from claims.services import ingest as ingest_service

from .test_services_ingest import GOOD, OTHER

pytestmark = pytest.mark.django_db


def run(command: str, *args: Any, **options: Any) -> str:
    out = io.StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_async_ingest_stores_pending_articles_and_queues_one_task_each(
    write_article: Callable[..., Path],
) -> None:
    a = write_article("a.txt", GOOD)
    write_article("b.txt", OTHER)
    queued: list[int] = []
    outcomes = ingest_service.articles_enqueue(paths=[a.parent], enqueue=queued.append)
    assert [o.status for o in outcomes] == ["queued", "queued"]
    articles = list(Article.objects.order_by("id"))
    assert [x.state for x in articles] == [Article.State.PENDING] * 2
    assert Mention.objects.count() == 0
    # Metadata and boilerplate are stored at once; only the extraction waits.
    assert articles[0].title == "Harbour Bridge Reopens After Repairs"
    assert articles[0].published_at is not None and articles[0].content_hash


def test_async_ingest_in_process_extracts_and_is_idempotent(
    write_article: Callable[..., Path], django_capture_on_commit_callbacks: Any
) -> None:
    a = write_article("a.txt", GOOD)
    write_article("b.txt", OTHER)
    with django_capture_on_commit_callbacks(execute=True):
        out = run("ingest", a.parent, "--async", no_progress=True)
    assert "2 queued, 0 unchanged, 0 failed" in out
    assert set(Article.objects.values_list("state", flat=True)) == {Article.State.EXTRACTED}
    counts = (Claim.objects.count(), Mention.objects.count())
    assert counts[1] > 0
    with django_capture_on_commit_callbacks(execute=True):
        out = run("ingest", a.parent, "--async", no_progress=True)
    assert "0 queued, 2 unchanged, 0 failed" in out
    assert (Claim.objects.count(), Mention.objects.count()) == counts


def _pending(write_article: Callable[..., Path], text: str = GOOD) -> Article:
    path = write_article("a.txt", text)
    ingest_service.articles_enqueue(paths=[path], enqueue=lambda pk: None)
    return Article.objects.get()


def test_task_run_twice_stores_the_article_once(write_article: Callable[..., Path]) -> None:
    article = _pending(write_article)
    assert tasks.article_extract.apply(args=(article.pk,)).get() == "extracted"
    mentions = Mention.objects.filter(article=article).count()
    assert mentions > 0
    assert tasks.article_extract.apply(args=(article.pk,)).get() == "skipped"
    assert Mention.objects.filter(article=article).count() == mentions
    assert tasks.article_extract.apply(args=(article.pk + 1000,)).get() == "skipped"


def test_extraction_error_marks_the_article_failed_with_a_readable_error(
    write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _pending(write_article)

    def broken(**kwargs: Any) -> Mention:
        raise ValueError("offset outside the text")

    monkeypatch.setattr(extracted, "mention_create", broken)
    assert tasks.article_extract.apply(args=(article.pk,)).get() == "failed"
    article.refresh_from_db()
    assert article.state == Article.State.FAILED
    # Nothing half-stored.
    assert Mention.objects.count() == 0 and Claim.objects.count() == 0

    out = run("ingest_status")
    assert "0 pending, 0 extracted, 1 failed" in out
    assert "upload" not in out and "a.txt" in out and "offset outside the text" in out

    monkeypatch.undo()
    sent: list[int] = []
    assert ingest_service.articles_requeue(enqueue=sent.append) == 1 and sent == [article.pk]
    assert tasks.article_extract.apply(args=(article.pk,)).get() == "extracted"
    assert "0 pending, 1 extracted, 0 failed" in run("ingest_status")


def test_database_gone_for_a_moment_is_retried_with_backoff(
    write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = _pending(write_article)
    real = extracted.mention_create

    def gone(**kwargs: Any) -> Mention:
        raise OperationalError("server closed the connection unexpectedly")

    retries: list[float] = []

    def retry(*, exc: Exception, countdown: float) -> Exception:
        retries.append(countdown)
        return Retry(exc=exc)

    monkeypatch.setattr(extracted, "mention_create", gone)
    monkeypatch.setattr(tasks.article_extract, "retry", retry)
    tasks.article_extract.push_request(is_eager=False, retries=3)  # type: ignore[call-arg]
    try:
        with pytest.raises(Retry):
            tasks.article_extract.run(article.pk)
    finally:
        tasks.article_extract.pop_request()
    assert len(retries) == 1 and 0 <= retries[0] <= tasks.BACKOFF_MAX
    article.refresh_from_db()
    assert article.state == Article.State.PENDING and Mention.objects.count() == 0

    # The next try finds the database back.
    monkeypatch.setattr(extracted, "mention_create", real)
    assert tasks.article_extract.apply(args=(article.pk,)).get() == "extracted"


def test_database_gone_in_process_is_reported_by_async_ingest(
    write_article: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def gone(**kwargs: Any) -> Mention:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(extracted, "mention_create", gone)
    path = write_article("a.txt", GOOD)
    with pytest.raises(OperationalError), django_capture_on_commit_callbacks(execute=True):
        ingest_service.articles_enqueue(paths=[path])
    assert Article.objects.get().state == Article.State.PENDING and Mention.objects.count() == 0


def test_pasted_text_is_stored_pending_with_its_metadata(django_capture_on_commit_callbacks: Any) -> None:
    sent: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ingest_service.article_submit_text(
            text=GOOD, title="Bridge story", outlet="Harbour Times", enqueue=sent.append
        )
    assert outcome.status == "queued"
    article = Article.objects.get()
    assert sent == [article.pk]
    assert article.title == "Bridge story" and article.outlet is not None
    assert article.outlet.name == "Harbour Times" and article.state == Article.State.PENDING
    again = ingest_service.article_submit_text(text=GOOD, title="Bridge story", enqueue=sent.append)
    assert again.status == "unchanged" and again.article_id == article.pk


@pytest.mark.django_db(transaction=True)
def test_broker_down_leaves_the_article_pending_and_says_how_to_requeue(
    write_article: Callable[..., Path],
) -> None:
    from kombu.exceptions import OperationalError as BrokerError

    def down(article_id: int) -> None:
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    path = write_article("a.txt", GOOD)
    outcomes = ingest_service.articles_enqueue(paths=[path], enqueue=down)
    assert outcomes[0].status == "failed" and "ingest_status --requeue" in outcomes[0].message
    assert Article.objects.get().state == Article.State.PENDING
