"""Reading article files (.txt, .html) into text, with one-line errors for bad input.

The text a :class:`Source` holds is exactly what every offset refers to. A plain-text file is kept
as decoded: only a byte-order mark is dropped, and control characters no text holds (NUL, the
C0/C1 controls other than tab, line feed, form feed and carriage return) are removed, with a note;
line endings (``\\r\\n`` included), tabs and spacing are not normalised, so ``text[start:end]``
matches what an editor sees in the file. For an HTML page the text is the main text trafilatura
extracts (one paragraph per line), and offsets refer to that extracted text.

Refused, each with a one-line message saying what to do: what is not a regular file, files over
the size limit, bytes that are binary or not text in an encoding recognised with confidence
(:mod:`.decoding`), and HTML that cannot be read (a library missing, no main text).

Folders of articles may carry a ``manifest.csv`` or ``manifest.json`` (:mod:`.manifest`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .decoding import CONTROL_CHARS, SourceError, checked_text, decode_file_bytes
from .metadata import MAX_YEAR, MIN_YEAR
from .types import ArticleMeta

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MANIFEST_NAMES = ("manifest.csv", "manifest.json")

_MIN_PROSE_WORDS = 6


class NoArticleText(SourceError):
    """An HTML page in which no main article text is found."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str  # the text every offset refers to
    is_html: bool = False
    html_meta: ArticleMeta | None = None  # metadata the HTML page itself states
    encoding: str = "utf-8"  # the encoding the bytes were decoded with
    notes: tuple[str, ...] = field(default=(), compare=False)  # what reading changed, one line each


def shown_path(path: str | Path) -> str:
    """``path`` as it can be printed and stored: bytes of a name that are not UTF-8 become U+FFFD.

    Python keeps such bytes as lone surrogates, which no UTF-8 output (a terminal, a log, the
    database) can encode.
    """
    return os.fsencode(path).decode("utf-8", "replace")


def read_source(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one article file; raise :class:`SourceError` with a one-line message on bad input.

    ``Source.path`` is :func:`shown_path` of ``path``; ``Source.notes`` says what was changed on
    the way (control characters removed, a file name that is not UTF-8).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    _check_path(p, max_bytes=max_bytes)
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported file type {suffix or '(no suffix)'!r}; "
            f"give a {', '.join(SUPPORTED_SUFFIXES)} file (save the article as text or HTML first)"
        )
    try:
        with p.open("rb") as f:
            # The size may have changed since stat(); read at most what is allowed.
            data = f.read(max_bytes + 1)
    except PermissionError as exc:
        raise SourceError("permission denied; make the file readable") from exc
    except OSError as exc:
        raise SourceError(f"cannot read file ({exc.strerror or exc}); check the path") from exc
    if len(data) > max_bytes:
        raise SourceError(_too_big(len(data), max_bytes))
    notes: list[str] = []
    label = shown_path(path)
    if label != str(path):
        notes.append(
            f"the file name is not UTF-8: stored as {Path(label).name!r}; rename the file to keep its name"
        )
    text, encoding = decode_file_bytes(data, notes)
    if suffix in HTML_SUFFIXES:
        body, meta = _read_html(text, notes)
        return Source(label, body, is_html=True, html_meta=meta, encoding=encoding, notes=tuple(notes))
    return Source(label, text, encoding=encoding, notes=tuple(notes))


def html_source(label: str, html: str, *, encoding: str, notes: list[str]) -> Source:
    """An HTML page already decoded (a page fetched from the web) as a :class:`Source`."""
    body, meta = _read_html(html, notes)
    return Source(label, body, is_html=True, html_meta=meta, encoding=encoding, notes=tuple(notes))


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


# --- HTML -------------------------------------------------------------------------------------


def _read_html(html: str, notes: list[str]) -> tuple[str, ArticleMeta]:
    """The page's main text (without control characters) and metadata; one-line errors."""
    try:
        text, meta = _extract_html(html)
    except SourceError:
        raise
    except ImportError as exc:  # an HTML library not installed: this file fails, the others go on
        raise SourceError(
            f"cannot read HTML: the library {exc.name or exc} is missing; install the project's "
            "dependencies (pip install -e .) or give the article as .txt"
        ) from exc
    except Exception as exc:  # a parser bug on this page: logged with its traceback, reported in one line
        logger.exception("trafilatura failed on a page")
        reason = (str(exc).strip().splitlines() or [""])[0]
        raise SourceError(
            f"HTML page could not be read ({type(exc).__name__}: {reason}); save it as .txt"
        ) from exc
    return checked_text(text, notes), meta


def _extract_html(html: str) -> tuple[str, ArticleMeta]:
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    # trafilatura logs "discarding data: None" (and "empty HTML tree: None") for a page it finds
    # no text in; read_source already says so in one line naming the file.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
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
        raise NoArticleText(
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
    value = CONTROL_CHARS.sub("", value).strip()
    return value or None


def _parse_html_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso_datetime(value.strip())
    except ValueError:
        return None


def parse_iso_datetime(value: str) -> datetime:
    """Parse an ISO date or datetime; a bare date is midnight UTC, a naive time is taken as UTC.

    Raises ValueError, its message saying what to write, for what is no ISO date and for dates
    outside the years :data:`MIN_YEAR`-:data:`MAX_YEAR` (in UTC).
    """
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            parsed = datetime(day.year, day.month, day.day, tzinfo=UTC)
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("is not an ISO date; write 2023-04-05 or 2023-04-05T20:00+09:00") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        year = parsed.astimezone(UTC).year
    except OverflowError:  # 0001-01-01T00:00+14:00 is in year 0 in UTC
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"is not a publication date (the year must be between {MIN_YEAR} and {MAX_YEAR})")
    return parsed


# --- many files -------------------------------------------------------------------------------


def expand_paths(
    paths: Iterable[str | Path], *, on_skip: Callable[[Path, str], None] | None = None
) -> list[Path]:
    """Files given and the article files inside folders given (recursively), sorted and unique.

    In folders only supported suffixes are taken, and hidden files/folders and manifests are skipped.
    A file named explicitly is kept whatever its suffix, so :func:`read_source` can say what is wrong.
    In a folder no symbolic link is followed out of it (``passwd.txt -> /etc/passwd``); such
    links, broken links and link loops, FIFOs, sockets and devices are skipped, each reported to
    ``on_skip`` with the reason.
    """
    found: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            found.add(p)
            continue
        root = p.resolve()
        for child in p.rglob("*"):
            rel = child.relative_to(p)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if child.name in MANIFEST_NAMES or child.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if (why := _not_an_article_file(child, root)) is None:
                found.add(child)
            elif why and on_skip is not None:
                on_skip(child, why)
    return sorted(found)


def _not_an_article_file(child: Path, root: Path) -> str | None:
    """Why a folder entry is skipped ("" for a folder, said nothing of), or None to read it."""
    try:
        if child.is_symlink():
            target = child.resolve(strict=True)
            if not target.is_relative_to(root):
                return "skipped: a symbolic link to a file outside the folder; copy the file in to ingest it"
        if child.is_dir():
            return ""
        if not child.is_file():
            return "skipped: not a regular file (a FIFO, socket or device)"
    except FileNotFoundError:
        return "skipped: a broken symbolic link (its target does not exist)"
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop on Python 3.11
        return f"skipped: cannot follow the symbolic link ({getattr(exc, 'strerror', None) or exc})"
    return None
