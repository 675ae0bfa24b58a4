"""Ingest: idempotence, bad input, one transaction per article, metadata and boilerplate stored."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection

from claims.models import Article, Claim, HistoryEntry, Mention, Outlet, Speaker
from claims.services import extracted

from .conftest import ROOT

pytestmark = pytest.mark.django_db

GOOD = """Harbour Bridge Reopens After Repairs
Published: 3 March 2024

The city council said on Monday that repairs to the harbour bridge cost $12 million.
"We finished ahead of schedule," said Mayor Ana Lopez.
"""

OTHER = """Rail Line Extended to the Airport
Published: 4 March 2024

The transport ministry said 14 new stations would open next year.
"This is the biggest expansion in decades," said Transport Minister Kenji Sato.
"""


def ingest(*paths: Any, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *[str(p) for p in paths], stdout=out, stderr=err, no_progress=True, **options)
    return out.getvalue(), err.getvalue()


def ingest_failing(*paths: Any, **options: Any) -> tuple[str, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ingest", *[str(p) for p in paths], stdout=out, stderr=err, no_progress=True, **options)
    return out.getvalue(), err.getvalue(), str(exc.value)


def test_second_ingest_of_the_same_files_reports_zero_new(write_article: Callable[..., Path]) -> None:
    a = write_article("a.txt", GOOD)
    b = write_article("b.txt", OTHER)
    out, _ = ingest(a.parent)
    assert "2 new, 0 unchanged, 0 failed" in out
    counts = (Article.objects.count(), Claim.objects.count(), Mention.objects.count())
    assert counts[1] > 0
    out, _ = ingest(a, b)
    assert "0 new, 2 unchanged, 0 failed" in out
    assert (Article.objects.count(), Claim.objects.count(), Mention.objects.count()) == counts


def test_quote_split_around_its_cue_is_one_claim_without_the_cue(write_article: Callable[..., Path]) -> None:
    text = (
        "Port chief Lena Okafor opened the terminal on Monday.\n\n"
        "“The cranes came three weeks late,” said Okafor, who has run the port since 2019. "
        "“We still open in June.”\n"
    )
    path = write_article("port.txt", text)
    ingest(path)
    quote = Claim.objects.get(kind=Claim.Kind.QUOTE)
    assert quote.text == "The cranes came three weeks late. We still open in June."
    assert quote.speaker is not None and quote.speaker.name == "Lena Okafor"
    mention = quote.mentions.get()
    # The mention's span runs over both parts, so the article page highlights the whole passage.
    assert text[mention.start : mention.end].startswith("The cranes came")
    assert text[mention.start : mention.end].endswith("open in June.")
    assert mention.text == quote.text


def test_same_text_under_two_names_is_stored_once(write_article: Callable[..., Path]) -> None:
    a = write_article("a.txt", GOOD)
    write_article("copy.txt", GOOD)
    out, _ = ingest(a.parent)
    assert "1 new, 1 unchanged, 0 failed" in out
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 8, "utf-8"),
    ],
)
def test_bad_file_gets_one_line_error_and_others_go_on(
    write_article: Callable[..., Path], name: str, content: bytes, reason: str
) -> None:
    good = write_article("good.txt", GOOD)
    bad = write_article(name, content)
    out, err, message = ingest_failing(good.parent)
    assert "1 new, 0 unchanged, 1 failed" in out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(str(bad)), err
    assert reason in lines[0].lower()
    assert "Traceback" not in err
    assert "1 of the files and addresses failed" in message
    assert Article.objects.count() == 1


def test_file_over_the_size_limit_is_refused(write_article: Callable[..., Path]) -> None:
    big = write_article("big.txt", GOOD + "More text. " * 2000)
    _, err, _ = ingest_failing(big, max_bytes=10_000)
    assert str(big) in err and "limit" in err.lower()
    assert Article.objects.count() == 0


def test_missing_path_is_reported_by_name(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    out, err, _ = ingest_failing(missing)
    assert f"{missing}: no such file or folder" in err
    assert "0 new, 0 unchanged, 1 failed" in out


def test_legacy_encoded_file_is_decoded(write_article: Callable[..., Path]) -> None:
    text = GOOD.replace("Lopez", "López") + "\nThe café owners said it was “about time”.\n"
    path = write_article("legacy.txt", text.encode("cp1252"))
    ingest(path)
    article = Article.objects.get()
    assert "López" in article.text and "“about time”" in article.text


def test_failure_in_the_middle_of_an_article_leaves_nothing(
    write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write_article("a.txt", GOOD)
    real = extracted.mention_create
    calls = {"n": 0}

    def flaky(**kwargs: Any) -> Mention:
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntegrityError("simulated constraint failure")
        return real(**kwargs)

    monkeypatch.setattr(extracted, "mention_create", flaky)
    out, err, _ = ingest_failing(a)
    assert calls["n"] == 2
    assert "nothing was stored" in err
    assert (Article.objects.count(), Claim.objects.count(), Mention.objects.count()) == (0, 0, 0)
    assert HistoryEntry.objects.count() == 0 and Speaker.objects.count() == 0
    monkeypatch.setattr(extracted, "mention_create", real)
    out, _ = ingest(a)
    assert "1 new" in out


def test_database_gone_mid_ingest_stops_with_clear_error(
    write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write_article("a.txt", GOOD)
    write_article("b.txt", OTHER)

    def gone(**kwargs: Any) -> Mention:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(extracted, "mention_create", gone)
    _out, _, message = ingest_failing(a.parent)
    assert "database is unavailable" in message and "run the same command again" in message
    assert Article.objects.count() == 0 and Claim.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_postgres_connection_killed_mid_article_rolls_back(
    on_postgres: None, write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real thing: the server drops our connection while an article is half stored."""
    import psycopg2

    a = write_article("a.txt", GOOD)
    real = extracted.mention_create
    settings_dict = connection.settings_dict

    def kill_then_write(**kwargs: Any) -> Mention:
        pid = connection.connection.info.backend_pid  # type: ignore[union-attr]
        killer = psycopg2.connect(
            dbname=settings_dict["NAME"],
            user=settings_dict["USER"],
            host=settings_dict["HOST"],
            port=settings_dict["PORT"] or 5432,
        )
        killer.autocommit = True
        with killer.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", [pid])
        killer.close()
        return real(**kwargs)

    monkeypatch.setattr(extracted, "mention_create", kill_then_write)
    _, _, message = ingest_failing(a)
    assert "database is unavailable" in message
    connection.close()
    assert Article.objects.count() == 0 and Mention.objects.count() == 0


def test_seeds_are_stored_with_metadata_and_boilerplate(seeds_dir: Path) -> None:
    out, _ = ingest(seeds_dir)
    assert "5 new, 0 unchanged, 0 failed" in out
    with (seeds_dir / "manifest.csv").open(encoding="utf-8") as f:
        manifest = {row["file"]: row for row in csv.DictReader(f)}
    assert len(manifest) == 5
    for article in Article.objects.select_related("outlet"):
        row = manifest[Path(article.source_path).name]
        assert article.title == row["title"]
        assert (article.outlet.name if article.outlet else "") == row["outlet"]
        assert (article.published_at is not None) == bool(row["published_at"])
        assert article.state == Article.State.EXTRACTED
    japan_times = Article.objects.get(source_path__endswith="004_a6337982f12f2fe2.txt")
    assert japan_times.outlet == Outlet.objects.get(name="The Japan Times")
    assert japan_times.boilerplate, "the page's captions and footer are detected"
    # Nothing is extracted from boilerplate.
    for article in Article.objects.prefetch_related("mentions"):
        for mention in article.mentions.all():
            for start, end, _kind in article.boilerplate_ranges():
                assert mention.end <= start or mention.start >= end, (mention.text, article.source_path)
            span = article.text[mention.start : mention.end]
            if mention.kind == "quote" and span != mention.text:
                # A quote split around its cue: its words are the quoted parts, in order, without
                # the cue that the span runs over.
                assert in_order(mention.text, span), (mention.text, span)
                assert len(mention.text) < len(span)
            else:
                assert span == mention.text


def in_order(words: str, text: str) -> bool:
    rest = iter(re.findall(r"\w+", text))
    return all(any(w == t for t in rest) for w in re.findall(r"\w+", words))


def test_ingest_command_exits_non_zero_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{tmp_path / 'empty.txt'}:" in done.stderr
    assert "0 new, 0 unchanged, 1 failed" in done.stdout
