"""Reading article files: bad input refused with one-line messages, HTML, folders and manifests."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from claims.extraction.manifest import manifest_meta, read_manifest
from claims.extraction.reading import SourceError, expand_paths, parse_iso_datetime, read_source

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
    manifest = read_manifest(tmp_path).entries
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
    manifest = read_manifest(tmp_path).entries
    assert manifest["a.txt"].outlet == "Coastline Gazette"


def test_folder_without_manifest_gives_nothing(tmp_path: Path) -> None:
    assert read_manifest(tmp_path).entries == {}


@pytest.mark.parametrize(
    ("content", "file", "expected"),
    [
        ("file,outlet,published_at\na.txt,X,2024-03-08\nb.txt,Y,next Tuesday\n", "b.txt", "line 3"),
        ("file,outlet\na.txt,X\na.txt,Y\n", "a.txt", "listed twice (line 2 and line 3)"),
        ("file,outlet\na.txt,X,extra\n", "a.txt", "line 2: more values than columns"),
    ],
)
def test_bad_manifest_entry_fails_its_file_alone(
    tmp_path: Path, content: str, file: str, expected: str
) -> None:
    _write(tmp_path / "manifest.csv", content)
    manifest = read_manifest(tmp_path)
    assert expected in manifest.refused[file] and file not in manifest.entries
    with pytest.raises(SourceError) as info:
        manifest.meta_for(file)
    assert str(info.value) == manifest.refused[file]
    assert manifest.meta_for("other.txt") is None


def test_manifest_row_without_a_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    _write(tmp_path / "manifest.csv", "file,outlet\n,Gazette\nb.txt,Post\n")
    manifest = read_manifest(tmp_path)
    assert set(manifest.entries) == {"b.txt"}
    [warning] = manifest.warnings
    assert "manifest.csv line 2: 'file' is empty; skipped" in warning


def test_manifest_url_is_kept_for_ingest_to_check(tmp_path: Path) -> None:
    # Ingest drops an address that is no web address with a warning naming the file.
    _write(tmp_path / "manifest.csv", "file,outlet,url\na.txt,X,gazette.example/a\n")
    assert read_manifest(tmp_path).entries["a.txt"].url == "gazette.example/a"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,outlet\na.txt,X\n", "no 'file' column"),
        ("file,publisher\na.txt,X\n", "unknown column 'publisher'"),
    ],
)
def test_unreadable_manifest_is_refused_whole(tmp_path: Path, content: str, expected: str) -> None:
    _write(tmp_path / "manifest.csv", content)
    with pytest.raises(SourceError, match=expected):
        read_manifest(tmp_path)


def test_bad_json_manifest_names_the_entry(tmp_path: Path) -> None:
    _write(
        tmp_path / "manifest.json", json.dumps([{"file": "a.txt"}, {"file": "b.txt", "published_at": "soon"}])
    )
    manifest = read_manifest(tmp_path)
    assert set(manifest.entries) == {"a.txt"}
    assert manifest.refused["b.txt"].startswith(
        "manifest.json entry 2: published_at 'soon' is not an ISO date"
    )


def test_seed_manifest_covers_every_seed() -> None:
    manifest = read_manifest(SEEDS).entries
    assert set(manifest) == {path.name for path in SEEDS.glob("*.txt")}
    for meta in manifest.values():
        assert meta.title
        assert meta.published_at is None or meta.published_at.tzinfo is not None


# --- issue 14: encodings, control characters, dates, links ------------------------------------


def test_utf8_with_one_bad_byte_is_refused_not_garbled(tmp_path: Path) -> None:
    # Read as a legacy code page this came out as “this is fine” -> вЂњthis is fineвЂќ.
    data = "The mayor said “this is fine”, and the café agreed.\n".encode() * 3 + b"Caf\xe9 owners.\n"
    message = _error(_write(tmp_path / "mixed.txt", data))
    assert message == (
        "is not valid UTF-8: 1 byte(s) are not UTF-8 (the first at byte 174) in text that otherwise is; "
        "fix or remove them, or re-save the file as UTF-8"
    )


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Министр финансов заявил во вторник, что бюджет города вырастет на 12 процентов.", "cp1251"),
        ("Министр финансов заявил во вторник, что бюджет города вырастет на 12 процентов.", "koi8_r"),
        (
            "Ο υπουργός οικονομικών δήλωσε την Τρίτη ότι ο προϋπολογισμός θα αυξηθεί κατά 12 τοις εκατό.",
            "cp1253",
        ),
        ("東京都は火曜日、新しい予算案を発表した。知事は「これは必要だ」と述べた。", "cp932"),
        ("Le maire a déclaré mardi que la réforme coûterait très cher à la ville.", "cp1252"),
        ("Café déjà vu.", "cp1252"),
    ],
)
def test_clear_legacy_encodings_are_decoded(tmp_path: Path, text: str, encoding: str) -> None:
    source = read_source(_write(tmp_path / "legacy.txt", text.encode(encoding)))
    assert (source.text, source.encoding) == (text, encoding)


@pytest.mark.parametrize("text", ["Привет мир", "Да, сказал он.", "שלום עולם"])
def test_weak_legacy_guess_is_refused(tmp_path: Path, text: str) -> None:
    # Short texts that a dozen code pages decode as cleanly: any guess would be a coin toss.
    encoding = "cp1255" if "ש" in text else "cp1251"
    message = _error(_write(tmp_path / "short.txt", text.encode(encoding)))
    assert (
        message.startswith("is not UTF-8; guessed ") and "with low confidence: convert it to UTF-8" in message
    )


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("\ufeffCouncil said it.\n".encode("utf-16-le"), "Council said it.\n"),
        ("\ufeffCouncil said it.\n".encode("utf-16-be"), "Council said it.\n"),
        ("Council said it.\n".encode("utf-16-le"), "Council said it.\n"),
        ("Council said it.\n".encode("utf-16-be"), "Council said it.\n"),
        ("Council said it.\n".encode("utf-32"), "Council said it.\n"),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32"],
)
def test_utf16_and_utf32_text_is_decoded(tmp_path: Path, data: bytes, text: str) -> None:
    assert read_source(_write(tmp_path / "wide.txt", data)).text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + ARTICLE.encode().replace(b"budget", b"bud\x00get"),
        ARTICLE.encode() * 800 + b"\x00\x1b",
        "\ufeff".encode("utf-16-le") + ARTICLE.replace("budget", "bud\x00get").encode("utf-16-le"),
    ],
    ids=["after-utf8-bom", "after-64k", "in-utf16"],
)
def test_stray_nul_and_control_characters_are_removed_with_a_note(tmp_path: Path, data: bytes) -> None:
    source = read_source(_write(tmp_path / "nul.txt", data))
    assert "\x00" not in source.text and "\x1b" not in source.text and "budget" in source.text
    [note] = source.notes
    assert "control character(s) such as NUL removed" in note


@pytest.mark.parametrize(
    "data",
    [b"\xef\xbb\xbf" + bytes(range(1, 9)) * 40 + b"text", ARTICLE.encode() * 800 + b"\x00" * 20000],
    ids=["bom-then-controls", "nuls-after-64k"],
)
def test_mostly_control_bytes_are_refused_as_binary(tmp_path: Path, data: bytes) -> None:
    assert "is a binary file" in _error(_write(tmp_path / "bin.txt", data))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0001-01-01T00:00:00+14:00", "between 1600 and 2200"),
        ("9999-12-31T23:59:59-23:59", "between 1600 and 2200"),
        ("0001-01-01", "between 1600 and 2200"),
        ("next Tuesday", "is not an ISO date"),
    ],
)
def test_publication_dates_out_of_range_are_refused(value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_iso_datetime(value)
    assert parse_iso_datetime("2023-04-05T20:00+09:00").year == 2023


def test_page_without_text_logs_nothing_of_trafilatura(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # trafilatura said "discarding data: None" for each such page; the one-line error says it all.
    caplog.set_level(logging.DEBUG)
    _error(_write(tmp_path / "menu.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    assert not [r for r in caplog.records if r.name.startswith("trafilatura")]


def test_html_control_characters_are_removed(tmp_path: Path) -> None:
    page = HTML_PAGE.replace("Harbour Bridge Reopens |", "Harbour&#1; Bridge\x1b Reopens |")
    source = read_source(_write(tmp_path / "page.html", page))
    assert source.html_meta is not None and source.html_meta.title is not None
    assert "\x01" not in source.html_meta.title and "\x1b" not in source.text


def test_file_name_that_is_not_utf8_is_shown_with_replacement_characters(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"latin1_\xe9\xff.txt")
    with open(raw, "wb") as f:
        f.write(ARTICLE.encode())
    source = read_source(os.fsdecode(raw))
    assert source.path.endswith("latin1_\ufffd\ufffd.txt") and source.path.encode("utf-8")
    assert any("not UTF-8" in note for note in source.notes)


def test_expand_paths_follows_no_link_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    keep = _write(folder / "a.txt", ARTICLE)
    (folder / "inside.txt").symlink_to(keep)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "linked").symlink_to(tmp_path)  # a folder link is not walked
    os.mkfifo(folder / "pipe.txt")
    skipped: dict[str, str] = {}
    found = expand_paths([folder], on_skip=lambda path, why: skipped.update({path.name: why}))
    assert found == [keep, folder / "inside.txt"]
    assert set(skipped) == {"passwd.txt", "dangling.txt", "loop.txt", "pipe.txt"}
    assert "outside the folder" in skipped["passwd.txt"] and "broken" in skipped["dangling.txt"]
    assert "FIFO" in skipped["pipe.txt"]
    assert expand_paths([folder]) == found  # without on_skip, skipped silently as before


def test_manifest_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = _write(tmp_path / "elsewhere.csv", "file,title\na.txt,Secret\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "manifest.csv").symlink_to(outside)
    with pytest.raises(SourceError, match="symbolic link to a file outside the folder"):
        read_manifest(folder)


def test_manifest_values_lose_control_characters_with_a_warning(tmp_path: Path) -> None:
    _write(tmp_path / "manifest.json", json.dumps([{"file": "a.txt", "title": "Bridge\u0000 Reopens"}]))
    manifest = read_manifest(tmp_path)
    assert manifest.entries["a.txt"].title == "Bridge Reopens"
    assert manifest.warnings == (
        f"{tmp_path / 'manifest.json'} entry 1: control characters removed from title",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[" * 100_000, "JSON nested too deeply"),
        ("1" * 5000, "invalid JSON"),
        ('{"file": "a.txt"}', "must be a JSON list of objects"),
    ],
)
def test_json_manifest_that_cannot_be_read_is_refused_in_one_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    _write(tmp_path / "manifest.json", content)
    with pytest.raises(SourceError, match=expected) as info:
        read_manifest(tmp_path)
    assert "\n" not in str(info.value)


def test_json_manifest_entry_problems_stay_with_their_entry(tmp_path: Path) -> None:
    entries = [
        ["a.txt"],
        {"file": "b.txt", "published": "2024-03-08"},
        {"file": "c.txt", "title": 3},
        {"file": "d.txt"},
    ]
    _write(tmp_path / "manifest.json", json.dumps(entries))
    manifest = read_manifest(tmp_path)
    assert set(manifest.entries) == {"d.txt"}
    assert manifest.refused == {
        "b.txt": "manifest.json entry 2: unknown key 'published'; use file, outlet, url, published_at, title, byline",
        "c.txt": "manifest.json entry 3: title must be text, not int",
    }
    assert manifest.warnings == (
        f"{tmp_path / 'manifest.json'} entry 1: not an object with a 'file' key; skipped",
    )


def test_manifest_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claims.extraction.manifest.MAX_MANIFEST_BYTES", 100)
    _write(tmp_path / "manifest.csv", "file,title\n" + "a.txt,Title\n" * 20)
    with pytest.raises(SourceError, match="over the 100-byte limit for a manifest"):
        read_manifest(tmp_path)
