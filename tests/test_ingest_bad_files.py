"""A bad file never stops the batch (issue 14): whatever goes wrong reading one file fails that
file alone, in one line naming it and what to do, and the other files are stored; what cannot
be stored (NUL) never reaches the database. Run on SQLite and on PostgreSQL (``DATABASE_URL``),
where a NUL in a text used to raise ``ValueError`` and store none of the batch."""

from __future__ import annotations

import io
import logging
import os
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.extraction import reading
from claims.models import Article
from claims.services import ingest as ingest_service
from claims.services.ingest import IngestOutcome

from .factories import logged_in

pytestmark = pytest.mark.django_db

GOOD_COUNT = 12


def good_text(n: int) -> str:
    return (
        f"Council Approves Budget for District {n}\n"
        "Published: 5 March 2024\n\n"
        f"The council of district {n} approved a budget of {n + 10} million euros on Tuesday.\n"
        f'"We kept every school open," said councillor Ana Lopez, who chairs the finance committee {n}.\n'
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder of twelve good articles, 01.txt to 12.txt."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(1, GOOD_COUNT + 1):
        (folder / f"{n:02}.txt").write_text(good_text(n), encoding="utf-8")
    return folder


def by_name(outcomes: list[IngestOutcome]) -> dict[str, IngestOutcome]:
    return {Path(o.path).name: o for o in outcomes}


def assert_good_stored(outcomes: list[IngestOutcome], count: int = GOOD_COUNT) -> None:
    good = [o for name, o in by_name(outcomes).items() if name[:2].isdigit()]
    assert [o.status for o in good].count("new") == count
    assert Article.objects.filter(source_path__regex=r"\d\d\.txt$").count() == count


def assert_no_control_characters_stored() -> None:
    for article in Article.objects.all():
        for value in (article.text, article.title, article.byline, article.source_path):
            assert reading.CONTROL_CHARS.search(value) is None, (article.source_path, value[:80])


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


ARTICLE = good_text(99).encode()
LONG = b"The harbour office said the ferry would leave later on Friday. " * 1100  # 69 KB, > 64 KiB

# name: (bytes, the text stored, or None when the file is refused, and a word of its message)
BAD_FILES: dict[str, tuple[bytes, str | None]] = {
    "nul_after_utf8_bom.txt": (b"\xef\xbb\xbf" + ARTICLE.replace(b"budget", b"bud\x00get", 1), "budget"),
    "nul_after_64k.txt": (LONG + b"\x00\x00" + ARTICLE, "Council Approves Budget for District 99"),
    "utf16_with_nul.txt": (
        "\ufeff".encode("utf-16-le") + good_text(99).replace("budget", "bud\x00get", 1).encode("utf-16-le"),
        "approved a budget",
    ),
    "utf16_without_bom.txt": (good_text(99).encode("utf-16-le"), "approved a budget"),
    "bom_then_controls.txt": (b"\xef\xbb\xbf" + bytes(range(1, 9)) * 40 + ARTICLE, None),
    "nuls_after_64k.txt": (LONG + b"\x00" * 20000, None),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_nul_and_control_bytes_never_reach_the_database_and_the_batch_goes_on(
    batch: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    data, expected = BAD_FILES[name]
    (batch / name).write_bytes(data)
    outcomes = ingest_service.articles_ingest(paths=[batch])
    assert_good_stored(outcomes)
    outcome = by_name(outcomes)[name]
    if expected is None:
        assert outcome.status == "failed" and "binary" in outcome.message and "\n" not in outcome.message
        assert not Article.objects.filter(source_path__endswith=name).exists()
    else:
        assert outcome.status == "new", outcome.message
        article = Article.objects.get(source_path__endswith=name)
        assert expected in article.text
    assert_no_control_characters_stored()
    if expected is not None and name != "utf16_without_bom.txt":  # the others held a NUL character
        assert any(name in w and "NUL removed" in w for w in warnings_of(caplog))


def test_queued_ingest_of_a_nul_file_stores_the_batch(batch: Path) -> None:
    (batch / "nul.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace(b"budget", b"bud\x00get"))
    outcomes = ingest_service.articles_enqueue(paths=[batch], enqueue=lambda article_id: None)
    assert [o.status for o in outcomes] == ["queued"] * (GOOD_COUNT + 1)
    assert_no_control_characters_stored()


# --- manifests --------------------------------------------------------------------------------


def write_manifest(folder: Path, rows: list[dict[str, str]]) -> None:
    lines = ["file,outlet,url,published_at,title"]
    lines += [
        ",".join(row.get(k, "") for k in ("file", "outlet", "url", "published_at", "title")) for row in rows
    ]
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "published_at",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-23:59", "0001-01-01", "2024-13-45"],
)
def test_manifest_date_out_of_range_fails_its_file_alone(batch: Path, published_at: str) -> None:
    write_manifest(
        batch, [{"file": "01.txt", "outlet": "Gazette"}, {"file": "03.txt", "published_at": published_at}]
    )
    outcomes = by_name(ingest_service.articles_ingest(paths=[batch]))
    failed = outcomes.pop("03.txt")
    assert failed.status == "failed"
    assert failed.message.startswith(f"manifest.csv line 3: published_at {published_at!r} is not ")
    assert [o.status for o in outcomes.values()] == ["new"] * (GOOD_COUNT - 1)
    assert Article.objects.get(source_path__endswith="01.txt").outlet.name == "Gazette"  # type: ignore[union-attr]


def test_manifest_null_in_a_title_is_removed_with_a_warning(
    batch: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_manifest(batch, [{"file": "02.txt", "title": "Budget\x00 Approved"}])
    assert_good_stored(ingest_service.articles_ingest(paths=[batch]))
    assert Article.objects.get(source_path__endswith="02.txt").title == "Budget Approved"
    assert any("manifest.csv line 2: control characters removed from title" in w for w in warnings_of(caplog))


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example/a", "https://exa mple.org/a", "https://"]
)
def test_manifest_url_that_is_no_web_address_is_dropped_and_the_article_kept(
    batch: Path, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    write_manifest(batch, [{"file": "04.txt", "url": url, "outlet": "Gazette"}])
    assert_good_stored(ingest_service.articles_ingest(paths=[batch]))
    article = Article.objects.get(source_path__endswith="04.txt")
    assert article.url == "" and article.outlet is not None and article.outlet.name == "Gazette"
    assert any("04.txt: the manifest's url" in w and "dropped" in w for w in warnings_of(caplog))


MANIFESTS: dict[str, tuple[str, bytes, str]] = {
    "deep_json": ("manifest.json", b"[" * 100_000, "JSON nested too deeply"),
    "unclosed_quote": (
        "manifest.csv",
        b'file,title\n01.txt,"Budget Approved\n02.txt,Second\n03.txt,Third\n',
        "manifest.csv line 2: cannot be read as CSV",
    ),
    "quote_closed_later": (
        "manifest.csv",
        b'file,title\n01.txt,"Budget Approved\n02.txt,Second"\n03.txt,Third\n',
        "manifest.csv line 2: a quoted value runs over several lines",
    ),
    "not_utf8": ("manifest.csv", b"file,title\n01.txt,Caf\xe9\n", "is not valid UTF-8"),
    "unknown_column": ("manifest.csv", b"file,publisher\n01.txt,X\n", "unknown column 'publisher'"),
}


@pytest.mark.parametrize("case", list(MANIFESTS))
def test_unreadable_manifest_is_reported_once_and_the_files_go_in_without_it(
    batch: Path, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    name, content, expected = MANIFESTS[case]
    (batch / name).write_bytes(content)
    assert_good_stored(ingest_service.articles_ingest(paths=[batch]))
    [warning] = [w for w in warnings_of(caplog) if name in w]
    assert expected in warning and "read without it" in warning and "\n" not in warning
    assert not Article.objects.exclude(title__startswith="Council Approves Budget").exists()


def test_huge_manifest_is_refused_before_it_is_read(batch: Path, caplog: pytest.LogCaptureFixture) -> None:
    with (batch / "manifest.csv").open("wb") as f:
        f.write(b"file,title\n")
        f.truncate(79 * 1024 * 1024)  # sparse: 79 MB on paper, nothing on disk
    assert_good_stored(ingest_service.articles_ingest(paths=[batch]))
    [warning] = [w for w in warnings_of(caplog) if "manifest.csv" in w]
    assert "82,837,504 bytes, over the 10,485,760-byte limit for a manifest" in warning


# --- names, libraries, links ------------------------------------------------------------------


def test_file_name_that_is_not_utf8_is_stored_with_replacement_characters(
    batch: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = os.path.join(os.fsencode(batch), b"latin1_\xe9\xff.txt")
    with open(raw, "wb") as f:
        f.write(ARTICLE)
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(batch), stdout=out, stderr=err, no_progress=True)
    assert f"{GOOD_COUNT + 1} new, 0 unchanged, 0 failed" in out.getvalue()
    article = Article.objects.get(source_path__contains="latin1_")
    assert article.source_path.endswith("latin1_\ufffd\ufffd.txt")
    assert any("not UTF-8" in w and "latin1_\ufffd\ufffd.txt" in w for w in warnings_of(caplog))
    # Everything said can be written to a UTF-8 terminal.
    (out.getvalue() + err.getvalue() + "".join(warnings_of(caplog))).encode("utf-8")


HTML_PAGE = """<html><head><title>Ferry Timetable</title></head><body><article>
<p>The port authority said on Friday that the morning ferry would leave twenty minutes later.</p>
<p>"Passengers asked for it," said harbour master Ruth Ibe, who runs the port office.</p>
</article></body></html>"""


def test_missing_html_library_fails_the_html_files_alone(
    batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (batch / "page.html").write_text(HTML_PAGE, encoding="utf-8")

    def missing(html: str) -> Any:
        raise ImportError("lxml.html.clean module is now a separate project", name="lxml_html_clean")

    monkeypatch.setattr(reading, "_extract_html", missing)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of the files"):
        call_command("ingest", str(batch), stdout=out, stderr=err, no_progress=True)
    assert f"{GOOD_COUNT} new, 0 unchanged, 1 failed" in out.getvalue()
    assert err.getvalue().strip() == (
        f"{batch / 'page.html'}: cannot read HTML: the library lxml_html_clean is missing; install the "
        "project's dependencies (pip install -e .) or give the article as .txt"
    )


def test_html_parser_bug_fails_its_file_alone(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (batch / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    monkeypatch.setattr(reading, "_extract_html", lambda html: [][1])
    outcomes = ingest_service.articles_ingest(paths=[batch])
    assert_good_stored(outcomes)
    message = by_name(outcomes)["page.html"].message
    assert message == "HTML page could not be read (IndexError: list index out of range); save it as .txt"


def test_html_ingest_works_with_the_declared_dependencies(batch: Path) -> None:
    (batch / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    outcomes = ingest_service.articles_ingest(paths=[batch])
    assert by_name(outcomes)["page.html"].status == "new"


def test_links_leaving_the_folder_and_special_files_are_skipped_with_a_message_each(
    batch: Path, tmp_path: Path
) -> None:
    (tmp_path / "outside.txt").write_bytes(ARTICLE)
    (batch / "passwd.txt").symlink_to("/etc/passwd")
    (batch / "outside.txt").symlink_to(tmp_path / "outside.txt")
    (batch / "dangling.txt").symlink_to(batch / "nowhere.txt")
    (batch / "loop.txt").symlink_to(batch / "loop.txt")
    (batch / "inside.txt").symlink_to(batch / "01.txt")  # stays in the folder: read
    os.mkfifo(batch / "fifo.txt")
    outcomes = by_name(ingest_service.articles_ingest(paths=[batch]))
    messages = {
        name: outcomes[name].message
        for name in ("passwd.txt", "outside.txt", "dangling.txt", "loop.txt", "fifo.txt")
    }
    assert messages == {
        "passwd.txt": "skipped: a symbolic link to a file outside the folder; copy the file in to ingest it",
        "outside.txt": "skipped: a symbolic link to a file outside the folder; copy the file in to ingest it",
        "dangling.txt": "skipped: a broken symbolic link (its target does not exist)",
        "loop.txt": messages["loop.txt"],
        "fifo.txt": "skipped: not a regular file (a FIFO, socket or device)",
    }
    assert messages["loop.txt"].startswith("skipped: cannot follow the symbolic link")
    assert all(outcomes[name].status == "failed" for name in messages)
    assert outcomes["inside.txt"].status in {"new", "unchanged"}
    assert_good_stored(list(outcomes.values()))
    assert not Article.objects.filter(text__contains="root:").exists()


def test_a_file_named_on_the_command_line_is_read_even_through_a_link(tmp_path: Path) -> None:
    # Only what a folder holds is kept inside it; a file named explicitly is the user's choice.
    (tmp_path / "real.txt").write_bytes(ARTICLE)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    [outcome] = ingest_service.articles_ingest(paths=[tmp_path / "link.txt"])
    assert outcome.status == "new"


# --- the admin upload -------------------------------------------------------------------------

UPLOAD = "admin:claims_article_upload"


def test_upload_of_a_nul_file_is_stored_without_the_nuls(django_capture_on_commit_callbacks: Any) -> None:
    files = [
        SimpleUploadedFile("nul.txt", b"\xef\xbb\xbf" + ARTICLE.replace(b"budget", b"bud\x00get")),
        SimpleUploadedFile("bom_controls.txt", b"\xef\xbb\xbf" + bytes(range(1, 9)) * 40),
        SimpleUploadedFile("nul\x00name.txt", good_text(1).encode()),
    ]
    with django_capture_on_commit_callbacks(execute=False):
        response = logged_in("editor", "Editors").post(reverse(UPLOAD), {"article_files": files}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 article(s) queued for extraction" in page and "bom_controls.txt: is a binary file" in page
    assert Article.objects.count() == 2
    assert_no_control_characters_stored()


def test_upload_over_the_limit_is_refused_without_being_read(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.INGEST_MAX_BYTES = 4000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # larger uploads go to a temporary file
    read_whole: list[str] = []
    real_read = TemporaryUploadedFile.read

    def read(self: TemporaryUploadedFile, *args: Any) -> bytes:
        read_whole.append(self.name or "")
        return real_read.fget(self)(*args)  # type: ignore[attr-defined, no-any-return]

    # Both uploads go to temporary files: the request is over FILE_UPLOAD_MAX_MEMORY_SIZE.
    monkeypatch.setattr(TemporaryUploadedFile, "read", property(lambda self: partial(read, self)))
    big = SimpleUploadedFile("big.txt", b"word " * 2000)
    small = SimpleUploadedFile("small.txt", ARTICLE)
    response = logged_in("editor", "Editors").post(
        reverse(UPLOAD), {"article_files": [big, small]}, follow=True
    )
    page = response.content.decode()
    assert "pload/big.txt: file is 10,000 bytes, over the 4,000-byte limit (INGEST_MAX_BYTES)" in page
    assert "1 article(s) queued" in page and read_whole == ["small.txt"]
    assert list(Article.objects.values_list("source_path", flat=True)) == ["upload/small.txt"]
