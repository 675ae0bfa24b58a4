"""Reading article files (.txt, .html) into text, with one-line errors for bad input.

The text a :class:`Source` holds is exactly what every offset refers to. A plain-text file is kept
as decoded: only a byte-order mark is dropped; line endings (``\\r\\n`` included), tabs and spacing
are not normalised, so ``text[start:end]`` matches what an editor sees in the file. For an HTML
page the text is the main text trafilatura extracts (one paragraph per line), and offsets refer to
that extracted text.

Folders of articles may carry a ``manifest.csv`` or ``manifest.json`` giving each file's outlet,
url, publication date, title and byline; an entry there overrides what detection finds.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .types import ArticleMeta

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MANIFEST_NAMES = ("manifest.csv", "manifest.json")
MANIFEST_FIELDS = ("file", "outlet", "url", "published_at", "title", "byline")

# Signatures of common binary formats, so a renamed PDF or image gets a precise message.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a media file"),
)
# Bytes that never appear in text; tab, newlines, form feed and ESC-free text is expected.
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# cp1252 is what "latin-1" means on the web (the HTML standard maps one to the other) and the most
# common legacy encoding of English-language pages; charset-normalizer often ranks a sibling code
# page (cp1257, cp1250) first on short Western texts, so cp1252 wins when it is nearly as clean.
_PREFERRED_LEGACY = "cp1252"
_PREFERENCE_MARGIN = 0.1
_MAX_CHAOS = 0.2
_MIN_PROSE_WORDS = 6


class SourceError(Exception):
    """A file that cannot be taken as an article. The message names the problem and what to do."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str  # the text every offset refers to
    is_html: bool = False
    html_meta: ArticleMeta | None = None  # metadata the HTML page itself states
    encoding: str = "utf-8"  # the encoding the bytes were decoded with


def read_source(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one article file; raise :class:`SourceError` with a one-line message on bad input."""
    p = Path(path)
    suffix = p.suffix.lower()
    _check_path(p, max_bytes=max_bytes)
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported file type {suffix or '(no suffix)'!r}; "
            f"give a {', '.join(SUPPORTED_SUFFIXES)} file (save the article as text or HTML first)"
        )
    try:
        data = p.read_bytes()
    except PermissionError as exc:
        raise SourceError("permission denied; make the file readable") from exc
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror or exc}); check the path") from exc
    # The size may have changed since stat(); read at most what was allowed.
    if len(data) > max_bytes:
        raise SourceError(_too_big(len(data), max_bytes))
    text, encoding = decode_bytes(data)
    if suffix in HTML_SUFFIXES:
        body, meta = _extract_html(text)
        return Source(path=str(path), text=body, is_html=True, html_meta=meta, encoding=encoding)
    return Source(path=str(path), text=text, encoding=encoding)


def _check_path(p: Path, *, max_bytes: int) -> None:
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise SourceError("file not found; check the path") from exc
    except PermissionError as exc:
        raise SourceError("permission denied; make the file and its folder readable") from exc
    except OSError as exc:
        raise SourceError(f"cannot access file ({exc.strerror or exc}); check the path") from exc
    if p.is_dir():
        raise SourceError(
            "is a folder, not a file; give the article files, or the folder to read all of them"
        )
    if not p.is_file():
        raise SourceError("is not a regular file; give a .txt or .html article file")
    if st.st_size > max_bytes:
        raise SourceError(_too_big(st.st_size, max_bytes))
    if not os.access(p, os.R_OK):
        raise SourceError("permission denied; make the file readable")


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
        "check it is one article, or raise the limit (max_bytes)"
    )


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; return ``(text, encoding)`` or raise :class:`SourceError`.

    UTF-8 (with or without BOM) first; then a legacy encoding detected by charset-normalizer when
    the detection is confident. Binary data and undecodable garbage are refused.
    """
    if not data.strip():
        raise SourceError("file is empty; give a file with the article's text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}; "
                    "re-save the file as UTF-8"
                ) from exc
            return _checked_text(text), encoding
    _refuse_binary(data)
    try:
        return _checked_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = _detect_legacy_encoding(data)
    if legacy is None:
        raise SourceError(
            "is not valid UTF-8 and its encoding cannot be detected with confidence; re-save the file as UTF-8"
        )
    return _checked_text(data.decode(legacy)), legacy


def _checked_text(text: str) -> str:
    if not text.strip():
        raise SourceError("file is empty (only whitespace); give a file with the article's text")
    return text


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SourceError(f"is a binary file ({what}), not text; convert it to .txt or .html first")
    head = data[:65536]
    if b"\x00" in head:
        raise SourceError(
            "is a binary file (contains NUL bytes), not text; convert it to .txt or .html first"
        )
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if controls > len(head) * 0.05:
        raise SourceError("is a binary file (mostly non-text bytes); convert it to .txt or .html first")


def _detect_legacy_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    if best.chaos > _MAX_CHAOS:
        return None
    for match in matches:
        if match.chaos > best.chaos + _PREFERENCE_MARGIN:
            break
        if _PREFERRED_LEGACY in match.could_be_from_charset and _decodes(data, _PREFERRED_LEGACY):
            return _PREFERRED_LEGACY
    text = str(best)
    # A confident-looking guess that yields mostly symbols is still garbage.
    letters = sum(1 for ch in text if ch.isalpha() or ch.isspace())
    if letters < len(text) * 0.7:
        return None
    return best.encoding


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# --- HTML -------------------------------------------------------------------------------------


def _extract_html(html: str) -> tuple[str, ArticleMeta]:
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    # trafilatura falls back to whatever text a page has (menu links, a footer); a page whose
    # "main text" holds no line of prose has no article.
    if not text or not any(len(line.split()) >= _MIN_PROSE_WORDS for line in text.splitlines()):
        raise SourceError(
            "HTML page has no main article text; save the article's own page, or give it as .txt"
        )
    meta = ArticleMeta(
        title=_clean(getattr(doc, "title", None)),
        published_at=_parse_html_date(getattr(doc, "date", None)),
        outlet=_clean(getattr(doc, "sitename", None)),
        byline=_clean(getattr(doc, "author", None)),
        url=_clean(getattr(doc, "url", None)),
        language=_clean(getattr(doc, "language", None)) or "en",
    )
    return text, meta


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _parse_html_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso_datetime(value.strip())
    except ValueError:
        return None


def parse_iso_datetime(value: str) -> datetime:
    """Parse an ISO date or datetime; a bare date is midnight UTC, a naive time is taken as UTC."""
    if len(value) == 10:
        day = date.fromisoformat(value)
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# --- many files -------------------------------------------------------------------------------


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files given and the article files inside folders given (recursively), sorted and unique.

    In folders only supported suffixes are taken, and hidden files/folders and manifests are skipped.
    A file named explicitly is kept whatever its suffix, so :func:`read_source` can say what is wrong.
    """
    found: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            found.add(p)
            continue
        for child in p.rglob("*"):
            rel = child.relative_to(p)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if child.name in MANIFEST_NAMES or child.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if child.is_file():
                found.add(child)
    return sorted(found)


def read_manifest(folder: str | Path) -> dict[str, ArticleMeta]:
    """Read ``manifest.csv`` or ``manifest.json`` in ``folder``: file name -> metadata.

    Keys are file paths relative to the folder, with ``/`` separators. No manifest gives ``{}``.
    Rows (csv) or objects (json, a list of them) have the fields ``file`` (required), ``outlet``,
    ``url``, ``published_at`` (ISO date or datetime), ``title`` and ``byline``; empty values are
    "unknown". A bad manifest raises :class:`SourceError` naming the row.
    """
    base = Path(folder)
    present = [base / name for name in MANIFEST_NAMES if (base / name).is_file()]
    if not present:
        return {}
    if len(present) > 1:
        raise SourceError(f"{base}: both manifest.csv and manifest.json exist; keep one")
    manifest = present[0]
    try:
        raw = manifest.read_bytes()
    except OSError as exc:
        raise SourceError(f"{manifest}: cannot read ({exc.strerror or exc}); check permissions") from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{manifest}: is not valid UTF-8; re-save it as UTF-8") from exc
    rows = (
        _manifest_rows_csv(manifest, content)
        if manifest.suffix == ".csv"
        else _manifest_rows_json(manifest, content)
    )
    entries: dict[str, ArticleMeta] = {}
    for label, row in rows:
        where = f"{manifest.name} {label}"
        key, meta = _manifest_entry(where, row)
        if key in entries:
            raise SourceError(f"{where}: file {key!r} is listed twice; keep one row per file")
        entries[key] = meta
    return entries


def manifest_meta(path: str | Path) -> ArticleMeta | None:
    """The manifest entry for one article file, from the manifest in the file's own folder."""
    p = Path(path)
    return read_manifest(p.parent).get(p.name)


def _manifest_rows_csv(manifest: Path, content: str) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if "file" not in header:
        raise SourceError(
            f"{manifest.name}: no 'file' column; the first line must name the columns ({', '.join(MANIFEST_FIELDS)})"
        )
    unknown = [name for name in header if name not in MANIFEST_FIELDS]
    if unknown:
        raise SourceError(f"{manifest.name}: unknown column {unknown[0]!r}; use {', '.join(MANIFEST_FIELDS)}")
    rows: list[tuple[str, dict[str, Any]]] = []
    for row in reader:
        label = f"line {reader.line_num}"
        if None in row:
            raise SourceError(
                f"{manifest.name} {label}: more values than columns; quote values that hold commas"
            )
        cleaned = {(key or "").strip(): value for key, value in row.items()}
        if not any((value or "").strip() for value in cleaned.values()):
            continue  # blank line
        rows.append((label, cleaned))
    return rows


def _manifest_rows_json(manifest: Path, content: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{manifest.name}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, list):
        raise SourceError(f"{manifest.name}: must be a JSON list of objects, one per file")
    rows: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(data, start=1):
        label = f"entry {index}"
        if not isinstance(item, dict):
            raise SourceError(f"{manifest.name} {label}: must be an object with a 'file' key")
        unknown = [key for key in item if key not in MANIFEST_FIELDS]
        if unknown:
            raise SourceError(
                f"{manifest.name} {label}: unknown key {unknown[0]!r}; use {', '.join(MANIFEST_FIELDS)}"
            )
        rows.append((label, item))
    return rows


def _manifest_entry(where: str, row: dict[str, Any]) -> tuple[str, ArticleMeta]:
    values: dict[str, str | None] = {}
    for name in MANIFEST_FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise SourceError(f"{where}: {name} must be text, not {type(value).__name__}")
        values[name] = (value or "").strip() or None
    file_name = values["file"]
    if not file_name:
        raise SourceError(f"{where}: 'file' is empty; name the article file the row describes")
    key = file_name.replace("\\", "/").removeprefix("./")
    url = values["url"]
    if url and not url.lower().startswith(("http://", "https://")):
        raise SourceError(f"{where}: url {url!r} must start with http:// or https://")
    published = values["published_at"]
    published_at = None
    if published:
        try:
            published_at = parse_iso_datetime(published)
        except ValueError as exc:
            raise SourceError(
                f"{where}: published_at {published!r} is not an ISO date; write 2023-04-05 or 2023-04-05T20:00+09:00"
            ) from exc
    meta = ArticleMeta(
        title=values["title"],
        published_at=published_at,
        outlet=values["outlet"],
        byline=values["byline"],
        url=url,
    )
    return key, meta
