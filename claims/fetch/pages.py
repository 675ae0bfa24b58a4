"""A fetched web page as the text and metadata ingest stores.

The bytes are decoded robustly, because servers and pages misstate their encoding: bytes that
are valid UTF-8 are read as UTF-8 whatever the page says (the most common lie is a Latin-1
header over UTF-8 bytes, which read as Latin-1 gives "cafÃ©"); otherwise the charset the
server or the page declares, when the bytes decode in it; otherwise the encoding detected with
confidence (:mod:`claims.extraction.decoding`), or a refusal. Each time the declaration was
wrong, a note says so, so mojibake is never stored silently. The main text and the metadata
(title, byline, date, outlet, canonical address, language) come from trafilatura, as for an
``.html`` file.
"""

from __future__ import annotations

import codecs
import re

from claims.extraction.decoding import SourceError, checked_text, decode_file_bytes
from claims.extraction.reading import NoArticleText, Source, html_source

from .http import FetchError, Response

# What the web means by these labels (the HTML standard): Windows-1252.
_WESTERN = {"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "latin1"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _codec(label: str | None) -> str | None:
    """The Python codec of a charset label, or None when there is none or it is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _WESTERN else name


def decode_page(body: bytes, declared: str | None, notes: list[str]) -> tuple[str, str]:
    """``(text, encoding)`` of a page's bytes; :class:`SourceError` when they cannot be read."""
    stated = declared or _meta_charset(body)
    codec = _codec(stated)
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
        codec = "utf-8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if codec not in (None, "utf-8") and not body.isascii():
            notes.append(f"the page says its charset is {stated}, but its bytes are UTF-8: read as UTF-8")
        return checked_text(text, notes), "utf-8"
    if codec is not None and codec != "utf-8":
        try:
            return checked_text(body.decode(codec), notes), codec
        except UnicodeDecodeError:
            pass
    text, encoding = decode_file_bytes(body, notes)
    if stated:
        notes.append(
            f"the page says its charset is {stated}, but its bytes are not: read as {encoding} (detected)"
        )
    return text, encoding


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def page_source(url: str, response: Response) -> Source:
    """The article a fetched page holds, labelled with the address asked for.

    Raises :class:`FetchError` with a one-line message for a page that cannot be read.
    """
    notes: list[str] = []
    try:
        html, encoding = decode_page(response.body, response.charset, notes)
        return html_source(url, html, encoding=encoding, notes=notes)
    except NoArticleText:
        raise FetchError(
            "the page has no article text (is it the article's own page, not a section front or a paywall?)"
        ) from None
    except SourceError as exc:
        raise FetchError(f"the page cannot be read: {exc}") from None
