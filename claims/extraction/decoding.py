"""Bytes of an article file to text: byte-order marks, UTF-8, UTF-16/32, legacy code pages.

Refused with a one-line :class:`SourceError`: empty data, binary data (a known signature, or more
than :data:`MAX_CONTROL_SHARE` control bytes or characters), UTF-8 with a few bad bytes (every
legacy code page would garble its multi-byte characters), and legacy encodings guessed with low
confidence. A few stray control characters (NUL after the first bytes, after a BOM, in UTF-16)
are removed, with a note: PostgreSQL cannot store NUL and no text holds them.
"""

from __future__ import annotations

import re


class SourceError(Exception):
    """A file that cannot be taken as an article. The message names the problem and what to do."""


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
# Bytes and characters that never appear in text: the C0 controls but tab, line feed, form feed
# and carriage return; for characters also DEL and the C1 controls. PostgreSQL cannot store NUL,
# XLSX none of them, and none prints.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# More than this share of control bytes or characters: binary data, not text with a few strays.
MAX_CONTROL_SHARE = 0.05
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# cp1252 is what "latin-1" means on the web (the HTML standard maps one to the other) and the most
# common legacy encoding of English-language pages; charset-normalizer often ranks a sibling code
# page (cp1257, cp1250) first on short Western texts, so cp1252 wins when it is nearly as clean
# and reads as Western text.
_PREFERRED_LEGACY = "cp1252"
_PREFERENCE_MARGIN = 0.1
_MAX_CHAOS = 0.2
# Below this coherence (charset-normalizer's fit to a language) a guess that other code pages
# match as cleanly, with another text, is a coin toss.
_MIN_COHERENCE = 0.2
# A Western text in cp1252 is mostly ASCII: Cyrillic or Greek read as cp1252 is mostly not.
_MAX_WESTERN_NON_ASCII = 0.3


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; return ``(text, encoding)`` or raise :class:`SourceError`.

    UTF-8, UTF-16 or UTF-32 with a byte-order mark; UTF-16 of mostly ASCII without one; UTF-8;
    then a legacy encoding detected by charset-normalizer when the detection is confident.
    Binary data, undecodable bytes and weak guesses are refused; stray control characters removed.
    """
    return decode_file_bytes(data, [])


def decode_file_bytes(data: bytes, notes: list[str]) -> tuple[str, str]:
    """:func:`decode_bytes`, adding to ``notes`` what was changed (control characters removed)."""
    if not data.strip():
        raise SourceError("file is empty; give a file with the article's text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}; "
                    "it is damaged or binary: re-save the file as UTF-8"
                ) from exc
            return checked_text(text, notes), encoding
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SourceError(f"is a binary file ({what}), not text; convert it to .txt or .html first")
    if (utf16 := _utf16_without_bom(data)) is not None:
        return checked_text(utf16[0], notes), utf16[1]
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > len(data) * MAX_CONTROL_SHARE:
        raise SourceError(_binary(controls, "bytes"))
    try:
        return checked_text(data.decode("utf-8"), notes), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    _refuse_broken_utf8(data, first_bad)
    text, legacy = _decode_legacy(data)
    return checked_text(text, notes), legacy


def _binary(count: int, what: str) -> str:
    return (
        f"is a binary file ({count:,} control {what} such as NUL), not text; "
        "convert it to .txt or .html first"
    )


def checked_text(text: str, notes: list[str]) -> str:
    """``text`` without stray control characters (noted); refused when it is mostly those."""
    cleaned, removed = CONTROL_CHARS.subn("", text)
    if removed > len(text) * MAX_CONTROL_SHARE:
        raise SourceError(_binary(removed, "characters"))
    if removed:
        notes.append(f"{removed:,} control character(s) such as NUL removed (no text holds them)")
    if not cleaned.strip():
        raise SourceError("file is empty (only whitespace); give a file with the article's text")
    return cleaned


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text of UTF-16 without a byte-order mark, told by its zero high bytes: mostly ASCII text."""
    if len(data) < 8 or len(data) % 2:
        return None
    head = data[:65536]
    even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if odd_zeros > pairs * 0.5 and not even_zeros:
        encoding = "utf-16-le"
    elif even_zeros > pairs * 0.5 and not odd_zeros:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _refuse_broken_utf8(data: bytes, first_bad: int) -> None:
    """UTF-8 with a few bad bytes (a truncated copy, one pasted character): no legacy code page
    reads it, every multi-byte character would come out garbled (“ as â€œ or вЂњ)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = _non_ascii(text) - text.count("\ufffd")
    if good >= bad:
        raise SourceError(
            f"is not valid UTF-8: {bad:,} byte(s) are not UTF-8 (the first at byte {first_bad:,}) in text "
            "that otherwise is; fix or remove them, or re-save the file as UTF-8"
        )


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Text and encoding of a legacy-encoded file, or :class:`SourceError` when the guess is weak."""
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    matches = list(from_bytes(data))
    if not matches:
        raise SourceError("is not valid UTF-8 and its encoding cannot be detected; re-save the file as UTF-8")
    best = matches[0]
    near = [m for m in matches if m.chaos <= best.chaos + _PREFERENCE_MARGIN]
    if any(_PREFERRED_LEGACY in m.could_be_from_charset for m in near):
        western = _as_western(data)
        if western is not None:
            return western, _PREFERRED_LEGACY
    text = str(best)
    # A confident-looking guess that yields mostly symbols is still garbage.
    letters = sum(1 for ch in text if ch.isalpha() or ch.isspace())
    rivals = {_decoded(data, m.encoding) for m in near[1:10]} - {text}
    if best.chaos > _MAX_CHAOS or letters < len(text) * 0.7 or (best.coherence < _MIN_COHERENCE and rivals):
        raise SourceError(
            f"is not UTF-8; guessed {best.encoding} with low confidence: convert it to UTF-8 "
            f"(iconv -f ENCODING -t UTF-8), or re-save it as UTF-8 in an editor"
        )
    return text, best.encoding


def _as_western(data: bytes) -> str | None:
    """``data`` as cp1252 when it reads as Western text: mostly ASCII, a few accents and quotes."""
    text = _decoded(data, _PREFERRED_LEGACY)
    if text is None or _non_ascii(text) > len(text) * _MAX_WESTERN_NON_ASCII:
        return None
    return text


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
