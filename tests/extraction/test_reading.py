"""Reading article files: bad input refused with one-line messages, HTML, folders and manifests."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from claims.extraction.reading import (
    SourceError,
    expand_paths,
    manifest_meta,
    read_manifest,
    read_source,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ARTICLE = "Council Delays Vote\nThe city council delayed its budget vote on Tuesday, officials said.\n"


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _error(path: Path, **kwargs: int) -> str:
    with pytest.raises(SourceError) as info:
        read_source(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_plain_utf8_text_is_kept_exactly_as_decoded(tmp_path: Path) -> None:
    raw = "Title\r\n\r\n  Body line with “quotes” and\ttabs.  \r\nLast line"
    source = read_source(_write(tmp_path / "a.txt", raw.encode("utf-8")))
    assert source.text == raw  # no newline or space normalisation: offsets refer to this text
    assert not source.is_html
    assert source.html_meta is None


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    source = read_source(_write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")))
    assert source.text == ARTICLE


def test_seed_files_read_as_utf8() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        source = read_source(path)
        assert source.text == path.read_text(encoding="utf-8")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert "empty" in _error(_write(tmp_path / "empty.txt", b""))


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    assert "empty" in _error(_write(tmp_path / "blank.txt", b" \n\t\r\n  "))


def test_png_renamed_txt_is_refused_as_binary(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    message = _error(_write(tmp_path / "photo.txt", data))
    assert "binary" in message and "PNG" in message


def test_pdf_renamed_txt_is_refused_as_binary(tmp_path: Path) -> None:
    message = _error(_write(tmp_path / "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n"))
    assert "binary" in message and "PDF" in message


def test_file_with_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    assert "binary" in _error(_write(tmp_path / "nul.txt", b"some text\x00\x00\x01more"))


def test_cp1252_legacy_file_is_decoded(tmp_path: Path) -> None:
    text = "Café owners said the “naïve” plan would cost €2 million – a record, the mayor’s office said.\n"
    source = read_source(_write(tmp_path / "legacy.txt", text.encode("cp1252")))
    assert source.text == text
    assert source.encoding == "cp1252"


def test_undetectable_non_utf8_bytes_are_refused(tmp_path: Path) -> None:
    garbage = bytes(range(0x80, 0x100)) * 8
    message = _error(_write(tmp_path / "garbage.txt", garbage))
    assert "UTF-8" in message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "word " * 300)
    message = _error(path, max_bytes=1000)
    assert "1,000-byte limit" in message


def test_missing_path_is_refused(tmp_path: Path) -> None:
    assert "not found" in _error(tmp_path / "nope.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "folder" in _error(folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "secret.txt", ARTICLE)
    path.chmod(0)
    try:
        assert "permission denied" in _error(path)
    finally:
        path.chmod(0o644)


def test_permission_denied_is_refused_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Runs as root too, where chmod cannot take read access away.
    path = _write(tmp_path / "secret.txt", ARTICLE)
    monkeypatch.setattr("claims.extraction.reading.os.access", lambda *args, **kwargs: False)
    assert "permission denied" in _error(path)


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    message = _error(_write(tmp_path / "article.docx", ARTICLE))
    assert "unsupported file type '.docx'" in message


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Bridge Reopens | Coastline Gazette</title>
<meta property="og:site_name" content="Coastline Gazette">
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2024-03-08T09:30:00+01:00">
<link rel="canonical" href="https://gazette.example/news/harbour-bridge-reopens">
</head><body>
<nav><a href="/">Home</a> » <a href="/local">Local</a></nav>
<article>
<h1>Harbour Bridge Reopens</h1>
<p>The harbour bridge reopened to traffic on Friday after eleven months of repairs that cost the region
about 48 million euros, the transport office said.</p>
<p>"Commuters have waited long enough," said the regional transport director, Ana Ruiz, who cut the
ribbon at the northern end of the bridge before the first buses crossed.</p>
<p>Engineers will keep one lane closed at night until the end of April to finish painting the steel.</p>
</article>
<footer><p>Cookie settings</p><p>Copyright 2024 Coastline Gazette</p></footer>
</body></html>
"""


def test_html_main_text_and_metadata_are_extracted(tmp_path: Path) -> None:
    source = read_source(_write(tmp_path / "page.html", HTML_PAGE))
    assert source.is_html
    lines = source.text.splitlines()
    assert any(line.startswith("The harbour bridge reopened to traffic on Friday") for line in lines)
    assert any(line.startswith("Engineers will keep one lane closed") for line in lines)
    assert "Cookie settings" not in source.text
    assert "<p>" not in source.text
    meta = source.html_meta
    assert meta is not None
    assert meta.title == "Harbour Bridge Reopens"
    assert meta.outlet == "Coastline Gazette"
    assert meta.byline == "Ana Ruiz"
    assert meta.url == "https://gazette.example/news/harbour-bridge-reopens"
    assert meta.published_at == datetime(2024, 3, 8, 9, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.mark.parametrize(
    "body",
    [
        "<nav><a href='/'>Home</a></nav>",
        "<div><a href='/'>Home</a> <a href='/w'>World</a> <a href='/s'>Sport</a></div><footer>Copyright 2024</footer>",
        "",
    ],
)
def test_html_page_without_main_text_is_refused(tmp_path: Path, body: str) -> None:
    page = f"<html><head><title>Menu</title></head><body>{body}</body></html>"
    assert "no main article text" in _error(_write(tmp_path / "empty.htm", page))


def test_expand_paths_walks_folders_recursively_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub" / ".hidden").mkdir(parents=True)
    keep = [
        _write(tmp_path / "b.txt", ARTICLE),
        _write(tmp_path / "a.html", HTML_PAGE),
        _write(tmp_path / "sub" / "c.htm", HTML_PAGE),
    ]
    _write(tmp_path / ".draft.txt", ARTICLE)
    _write(tmp_path / "sub" / ".hidden" / "d.txt", ARTICLE)
    _write(tmp_path / "manifest.csv", "file\nb.txt\n")
    _write(tmp_path / "notes.md", "notes")
    explicit = _write(tmp_path.parent / f"{tmp_path.name}-extra.txt", ARTICLE)
    assert expand_paths([tmp_path, explicit, tmp_path / "b.txt"]) == sorted([*keep, explicit])


def test_read_manifest_csv(tmp_path: Path) -> None:
    _write(
        tmp_path / "manifest.csv",
        "file,outlet,url,published_at,title,byline\n"
        'a.txt,Coastline Gazette,https://gazette.example/a,2024-03-08,"Bridge, Reopened",Ana Ruiz\n'
        "b.txt,Harbour Post,,2024-03-09T18:00:00+09:00,,\n",
    )
    manifest = read_manifest(tmp_path)
    assert set(manifest) == {"a.txt", "b.txt"}
    a = manifest["a.txt"]
    assert (a.outlet, a.url, a.title, a.byline) == (
        "Coastline Gazette",
        "https://gazette.example/a",
        "Bridge, Reopened",
        "Ana Ruiz",
    )
    assert a.published_at == datetime(2024, 3, 8, tzinfo=UTC)
    b = manifest["b.txt"]
    assert b.url is None and b.title is None
    assert b.published_at == datetime(2024, 3, 9, 18, tzinfo=timezone(timedelta(hours=9)))
    assert manifest_meta(tmp_path / "a.txt") == a


def test_read_manifest_json(tmp_path: Path) -> None:
    entries = [{"file": "a.txt", "outlet": "Coastline Gazette", "published_at": "2024-03-08"}]
    _write(tmp_path / "manifest.json", json.dumps(entries))
    manifest = read_manifest(tmp_path)
    assert manifest["a.txt"].outlet == "Coastline Gazette"


def test_folder_without_manifest_gives_nothing(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("file,outlet,published_at\na.txt,X,2024-03-08\nb.txt,Y,next Tuesday\n", "line 3"),
        ("file,outlet\n,Gazette\n", "line 2"),
        ("file,outlet,url\na.txt,X,gazette.example/a\n", "must start with http"),
        ("file,outlet\na.txt,X\na.txt,Y\n", "listed twice"),
        ("name,outlet\na.txt,X\n", "no 'file' column"),
        ("file,publisher\na.txt,X\n", "unknown column 'publisher'"),
    ],
)
def test_bad_manifest_names_the_row(tmp_path: Path, content: str, expected: str) -> None:
    _write(tmp_path / "manifest.csv", content)
    with pytest.raises(SourceError, match=expected):
        read_manifest(tmp_path)


def test_bad_json_manifest_names_the_entry(tmp_path: Path) -> None:
    _write(
        tmp_path / "manifest.json", json.dumps([{"file": "a.txt"}, {"file": "b.txt", "published_at": "soon"}])
    )
    with pytest.raises(SourceError, match="entry 2"):
        read_manifest(tmp_path)


def test_seed_manifest_covers_every_seed() -> None:
    manifest = read_manifest(SEEDS)
    assert set(manifest) == {path.name for path in SEEDS.glob("*.txt")}
    for meta in manifest.values():
        assert meta.title
        assert meta.published_at is None or meta.published_at.tzinfo is not None
