"""A folder's ``manifest.csv`` or ``manifest.json``: each file's outlet, url, date, title and byline.

What is wrong in a manifest affects as little as it can:

* a manifest that cannot be read at all (not UTF-8, over :data:`MAX_MANIFEST_BYTES`, invalid
  JSON or nested too deeply, a CSV quote left open, an unknown column, both manifests present,
  a link to a file outside the folder) raises :class:`SourceError` from :func:`read_manifest`;
  :class:`FolderManifests` reports it in one line and the folder's files are read without it;
* an entry whose values cannot be used (a date that is no ISO date or out of range, a value that
  is not text, an unknown key, a file listed twice) makes that file fail with a message naming
  the manifest line, so the file is not stored with metadata its editor did not mean: ingest is
  idempotent by text, and a file stored without its manifest date could not be corrected by
  running again;
* a row naming no file is skipped, and control characters (NUL) are removed from values, with a
  warning each. URLs are kept as written here; ingest drops an address that is not a web address
  with a warning naming the file (``claims/web_urls.py``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .decoding import CONTROL_CHARS, SourceError
from .reading import parse_iso_datetime, shown_path
from .types import ArticleMeta

MANIFEST_NAMES = ("manifest.csv", "manifest.json")
MANIFEST_FIELDS = ("file", "outlet", "url", "published_at", "title", "byline")
# A manifest lists files, a few hundred bytes each: 10 MiB is tens of thousands of rows. A larger
# one is a mistake, and json/csv would hold all of it in memory several times over.
MAX_MANIFEST_BYTES = 10 * 1024 * 1024
_EXTRA = "\0extra"  # where csv puts the values of a row longer than its header


@dataclass(frozen=True)
class Manifest:
    """A manifest's usable entries, the files whose entry is refused (why), and warnings."""

    path: Path | None = None
    entries: dict[str, ArticleMeta] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def meta_for(self, name: str) -> ArticleMeta | None:
        """The entry for file ``name``; :class:`SourceError` when its entry cannot be used."""
        if name in self.refused:
            raise SourceError(self.refused[name])
        return self.entries.get(name)


def read_manifest(folder: str | Path) -> Manifest:
    """Read ``manifest.csv`` or ``manifest.json`` in ``folder``; no manifest gives an empty one.

    Keys are file paths relative to the folder, with ``/`` separators. Rows (csv) or objects
    (json, a list of them) have the fields ``file`` (required), ``outlet``, ``url``,
    ``published_at`` (ISO date or datetime), ``title`` and ``byline``; empty values are "unknown".
    Raises :class:`SourceError` (naming the manifest) when it cannot be read at all.
    """
    base = Path(folder)
    present = [base / name for name in MANIFEST_NAMES if (base / name).exists()]
    if not present:
        return Manifest()
    if len(present) > 1:
        raise SourceError(f"{shown_path(base)}: both manifest.csv and manifest.json exist; keep one")
    manifest = present[0]
    content = _manifest_text(manifest)
    if manifest.suffix == ".csv":
        rows = _manifest_rows_csv(manifest, content)
    else:
        rows = _manifest_rows_json(manifest, content)
    return _manifest_entries(manifest, rows)


def manifest_meta(path: str | Path) -> ArticleMeta | None:
    """The manifest entry for one article file, from the manifest in the file's own folder."""
    p = Path(path)
    return read_manifest(p.parent).meta_for(p.name)


class FolderManifests:
    """The manifests of the folders one run reads: each read once, its problems reported once."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self._warn = warn
        self._by_folder: dict[Path, Manifest] = {}

    def meta_for(self, path: Path) -> ArticleMeta | None:
        """The manifest entry for ``path``; :class:`SourceError` when that entry is refused."""
        manifest = self._by_folder.get(path.parent)
        if manifest is None:
            try:
                manifest = read_manifest(path.parent)
            except SourceError as exc:
                self._warn(f"{exc}; the files in its folder are read without it (no manifest metadata)")
                manifest = Manifest()
            for warning in manifest.warnings:
                self._warn(warning)
            self._by_folder[path.parent] = manifest
        return manifest.meta_for(path.name)


# --- reading ----------------------------------------------------------------------------------


def _manifest_text(manifest: Path) -> str:
    where = shown_path(manifest)
    try:
        if manifest.is_symlink() and not manifest.resolve().is_relative_to(manifest.parent.resolve()):
            raise SourceError(
                f"{where}: is a symbolic link to a file outside the folder; copy the manifest into it"
            )
        if not manifest.is_file():
            raise SourceError(f"{where}: is not a regular file; give a manifest file")
        size = manifest.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise SourceError(_too_big(where, size))
        with manifest.open("rb") as f:
            raw = f.read(MAX_MANIFEST_BYTES + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop (Python 3.11)
        reason = getattr(exc, "strerror", None) or exc
        raise SourceError(f"{where}: cannot read ({reason}); check the file and its permissions") from exc
    if len(raw) > MAX_MANIFEST_BYTES:
        raise SourceError(_too_big(where, len(raw)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where}: is not valid UTF-8; re-save it as UTF-8") from exc


def _too_big(where: str, size: int) -> str:
    return (
        f"{where}: is {size:,} bytes, over the {MAX_MANIFEST_BYTES:,}-byte limit for a manifest; "
        "split the folder, or check that it is a manifest"
    )


def _manifest_rows_csv(manifest: Path, content: str) -> list[tuple[str, dict[str, Any]]]:
    where = shown_path(manifest)
    # strict: a quote left open at the end is an error, not a value swallowing the rest of the file.
    reader = csv.DictReader(io.StringIO(content, newline=""), restkey=_EXTRA, strict=True)
    rows: list[tuple[str, dict[str, Any]]] = []
    row_start = 1
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        if "file" not in header:
            raise SourceError(
                f"{where}: no 'file' column; the first line must name the columns ({', '.join(MANIFEST_FIELDS)})"
            )
        unknown = [name for name in header if name not in MANIFEST_FIELDS]
        if unknown:
            raise SourceError(f"{where}: unknown column {unknown[0]!r}; use {', '.join(MANIFEST_FIELDS)}")
        row_start = reader.line_num + 1
        for row in reader:
            values = [v for value in row.values() for v in (value if isinstance(value, list) else [value])]
            # No manifest value holds a line break: one that does is a quote opened and never closed,
            # and the rows after it were read as part of that value.
            if any(v and ("\n" in v or "\r" in v) for v in values):
                raise SourceError(
                    f"{where} line {row_start}: a quoted value runs over several lines (a quote is not "
                    "closed?); close the quote or remove it"
                )
            row_start = reader.line_num + 1
            if not any((v or "").strip() for v in values):
                continue  # blank line
            rows.append((f"line {reader.line_num}", {key.strip(): value for key, value in row.items()}))
    except csv.Error as exc:
        raise SourceError(
            f"{where} line {row_start}: cannot be read as CSV ({exc}: a quote is not closed?); close the quote"
        ) from exc
    return rows


def _manifest_rows_json(manifest: Path, content: str) -> list[tuple[str, dict[str, Any]]]:
    where = shown_path(manifest)
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise SourceError(f"{where}: JSON nested too deeply; give a list of objects, one per file") from exc
    except ValueError as exc:  # a number with too many digits
        raise SourceError(f"{where}: invalid JSON ({exc})") from exc
    if not isinstance(data, list):
        raise SourceError(f"{where}: must be a JSON list of objects, one per file")
    return [(f"entry {index}", item) for index, item in enumerate(data, start=1)]


# --- entries ----------------------------------------------------------------------------------


def _manifest_entries(manifest: Path, rows: list[tuple[str, Any]]) -> Manifest:
    name = manifest.name
    entries: dict[str, ArticleMeta] = {}
    refused: dict[str, str] = {}
    labels: dict[str, str] = {}
    warnings: list[str] = []
    for label, row in rows:
        where = f"{name} {label}"
        if not isinstance(row, dict):
            warnings.append(f"{shown_path(manifest)} {label}: not an object with a 'file' key; skipped")
            continue
        file_name = row.get("file")
        key = file_name.strip().replace("\\", "/").removeprefix("./") if isinstance(file_name, str) else ""
        key = CONTROL_CHARS.sub("", key)
        if not key:
            warnings.append(
                f"{shown_path(manifest)} {label}: 'file' is empty; skipped (name the file the row describes)"
            )
            continue
        if key in labels:
            refused[key] = (
                f"{name}: the file is listed twice ({labels[key]} and {label}); keep one row per file"
            )
            entries.pop(key, None)
            continue
        labels[key] = label
        try:
            meta, cleaned = _manifest_entry(where, row)
        except SourceError as exc:
            refused[key] = str(exc)
            continue
        if cleaned:
            warnings.append(
                f"{shown_path(manifest)} {label}: control characters removed from {', '.join(cleaned)}"
            )
        entries[key] = meta
    return Manifest(manifest, entries, refused, tuple(warnings))


def _manifest_entry(where: str, row: dict[str, Any]) -> tuple[ArticleMeta, list[str]]:
    """One entry's metadata and the fields control characters were removed from."""
    if _EXTRA in row:
        raise SourceError(f"{where}: more values than columns; quote values that hold commas")
    unknown = [key for key in row if key not in MANIFEST_FIELDS]
    if unknown:
        raise SourceError(f"{where}: unknown key {unknown[0]!r}; use {', '.join(MANIFEST_FIELDS)}")
    values: dict[str, str | None] = {}
    cleaned: list[str] = []
    for name in MANIFEST_FIELDS[1:]:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise SourceError(f"{where}: {name} must be text, not {type(value).__name__}")
        value, removed = CONTROL_CHARS.subn("", value or "")
        if removed:
            cleaned.append(name)
        values[name] = value.strip() or None
    published = values["published_at"]
    published_at = None
    if published:
        try:
            published_at = parse_iso_datetime(published)
        except ValueError as exc:
            raise SourceError(f"{where}: published_at {published!r} {exc}") from exc
    meta = ArticleMeta(
        title=values["title"],
        published_at=published_at,
        outlet=values["outlet"],
        byline=values["byline"],
        url=values["url"],
    )
    return meta, cleaned
