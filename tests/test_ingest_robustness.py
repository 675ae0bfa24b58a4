"""A text that makes extraction raise never stops an ingest run, synchronous or queued: that file
is reported failed in one line, its traceback is logged, nothing of it is stored, the others go on,
and running again retries it."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from claims import tasks
from claims.extraction import pipeline
from claims.models import Article, Mention
from claims.services import ingest as ingest_service

from .test_services_ingest import GOOD, OTHER

pytestmark = pytest.mark.django_db

# The middle file of the folder; the rule made to raise below raises on it alone.
BROKEN = """Ferry Timetable Changes on Friday
Published: 5 March 2024

The port authority said the 7:40 ferry would leave 20 minutes later from Friday.
"Passengers asked for it," said harbour master Ruth Ibe.
"""

MESSAGE = "extraction failed: IndexError: list index out of range"


def _break_quotes_on_ferry_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in one rule: the quote finder raises on the ferry text and works on the others."""
    real = pipeline.find_quotes

    def find_quotes(doc: Any, **kwargs: Any) -> Any:
        if "ferry" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, **kwargs)

    monkeypatch.setattr(pipeline, "find_quotes", find_quotes)


@pytest.fixture
def folder(write_article: Callable[..., Path]) -> Path:
    write_article("a.txt", GOOD)
    write_article("b.txt", BROKEN)
    return write_article("c.txt", OTHER).parent


def _logged_traceback(caplog: pytest.LogCaptureFixture, name: str) -> str:
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR and name in r.getMessage()]
    return record.getMessage()


def test_text_that_makes_extraction_raise_fails_alone_and_is_retried(
    folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _break_quotes_on_ferry_text(monkeypatch)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of the files"):
        call_command("ingest", str(folder), stdout=out, stderr=err, no_progress=True)
    assert f"2 new, 0 unchanged, 1 failed (1 × {MESSAGE})" in out.getvalue()
    assert err.getvalue().strip() == f"{folder / 'b.txt'}: {MESSAGE}"
    logged = _logged_traceback(caplog, "b.txt")
    assert MESSAGE in logged and "Traceback (most recent call last):" in logged and "find_quotes" in logged
    # Nothing of the failed file is stored; the others are, with their mentions.
    stored = Article.objects.order_by("source_path")
    assert [Path(a.source_path).name for a in stored] == ["a.txt", "c.txt"]
    assert all(Mention.objects.filter(article=a).exists() for a in stored)

    monkeypatch.undo()
    call_command("ingest", str(folder), stdout=out, stderr=io.StringIO(), no_progress=True)
    assert "1 new, 2 unchanged, 0 failed" in out.getvalue()
    broken = Article.objects.get(source_path__endswith="b.txt")
    assert broken.state == Article.State.EXTRACTED and Mention.objects.filter(article=broken).exists()


def test_service_reports_the_failed_file_with_a_one_line_reason(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_quotes_on_ferry_text(monkeypatch)
    outcomes = ingest_service.articles_ingest(paths=[folder], batch_size=2)
    assert [(Path(o.path).name, o.status, o.message) for o in outcomes] == [
        ("a.txt", "new", ""),
        ("b.txt", "failed", MESSAGE),
        ("c.txt", "new", ""),
    ]
    assert outcomes[1].article_id is None


def test_queued_text_that_makes_extraction_raise_fails_alone_and_is_requeued(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _break_quotes_on_ferry_text(monkeypatch)
    # No broker: the tasks run in-process when each article's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = ingest_service.articles_enqueue(paths=[folder])
    assert [o.status for o in outcomes] == ["queued"] * 3
    states = {Path(a.source_path).name: (a.state, a.error) for a in Article.objects.all()}
    assert states == {
        "a.txt": (Article.State.EXTRACTED, ""),
        "b.txt": (Article.State.FAILED, MESSAGE),
        "c.txt": (Article.State.EXTRACTED, ""),
    }
    broken = Article.objects.get(source_path__endswith="b.txt")
    assert not Mention.objects.filter(article=broken).exists()
    logged = _logged_traceback(caplog, "b.txt")
    assert MESSAGE in logged and "Traceback (most recent call last):" in logged

    out = io.StringIO()
    call_command("ingest_status", stdout=out)
    assert "0 pending, 2 extracted, 1 failed" in out.getvalue() and MESSAGE in out.getvalue()

    # Queued again once the rule is fixed, it is extracted.
    monkeypatch.undo()
    sent: list[int] = []
    assert ingest_service.articles_requeue(enqueue=sent.append) == 1 and sent == [broken.pk]
    assert tasks.article_extract.apply(args=(broken.pk,)).get() == "extracted"
    assert Mention.objects.filter(article=broken).exists()


def test_metadata_rule_that_raises_on_queueing_fails_the_file_alone(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Metadata and boilerplate are detected when the file is queued, before any task runs.
    real = ingest_service.detect_metadata

    def detect_metadata(text: str) -> Any:
        if "ferry" in text:
            raise IndexError("list index out of range")
        return real(text)

    monkeypatch.setattr(ingest_service, "detect_metadata", detect_metadata)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = ingest_service.articles_enqueue(paths=[folder])
    assert [(Path(o.path).name, o.status, o.message) for o in outcomes] == [
        ("a.txt", "queued", ""),
        ("b.txt", "failed", MESSAGE),
        ("c.txt", "queued", ""),
    ]
    assert "Traceback (most recent call last):" in _logged_traceback(caplog, "b.txt")
    assert not Article.objects.filter(source_path__endswith="b.txt").exists()
    assert Article.objects.filter(state=Article.State.EXTRACTED).count() == 2

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = ingest_service.articles_enqueue(paths=[folder])
    assert [o.status for o in again] == ["unchanged", "unchanged", "queued"]
    assert Article.objects.get(source_path__endswith="b.txt").state == Article.State.EXTRACTED


# A sentence naming someone, then a quote whose speaker is "Juror No. 12": this raised IndexError in
# the speaker rules. Whether it extracts or fails, the run completes and the other file is stored.
JUROR = """Jury Asks to Hear Clerk Again
Published: 6 March 2024

Jurors in the trial of Paul Nichols asked on Tuesday to hear the night clerk's testimony again.
Nichols, 41, has denied the charges.
“We were searching,” Juror No. 12 said.
"""


@pytest.mark.parametrize("queued", [False, True], ids=["synchronous", "queued"])
def test_juror_text_never_stops_the_run(
    write_article: Callable[..., Path], django_capture_on_commit_callbacks: Any, queued: bool
) -> None:
    write_article("juror.txt", JUROR)
    good = write_article("other.txt", GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        run = ingest_service.articles_enqueue if queued else ingest_service.articles_ingest
        juror, other = run(paths=[good.parent])
    assert other.status == ("queued" if queued else "new")
    other_article = Article.objects.get(source_path__endswith="other.txt")
    assert other_article.state == Article.State.EXTRACTED
    assert Mention.objects.filter(article=other_article).exists()

    stored = Article.objects.filter(source_path__endswith="juror.txt").first()
    if queued:
        assert juror.status == "queued" and stored is not None
        assert stored.state in {Article.State.EXTRACTED, Article.State.FAILED}
        error = stored.error if stored.state == Article.State.FAILED else None
    else:
        assert juror.status in {"new", "failed"}
        assert (stored is not None) == (juror.status == "new")
        error = juror.message if juror.status == "failed" else None
    if error is not None:
        assert error.startswith("extraction failed: ") and "\n" not in error
