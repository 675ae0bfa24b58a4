"""Runs the whole extraction over many texts, batching them through spaCy's ``nlp.pipe``."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from traceback import format_exception

from spacy.language import Language
from spacy.tokens import Doc

from .boilerplate import detect_boilerplate
from .claimset import find_claims
from .metadata import detect_metadata
from .nlp import load_nlp
from .paraphrases import find_paraphrases
from .people import SpeakerBook
from .quotes import find_quotes
from .types import ArticleMeta, BoilerplateRange, Extraction, ExtractionError

# Longer texts are parsed in pieces of about this many characters, cut between paragraphs, and
# joined back into one Doc: spaCy's memory grows with the text it holds, and its max_length stops
# being a limit. A blank line already ends a sentence (nlp.paragraph_breaks), so a cut there
# changes no sentence; news articles are far shorter and are parsed whole.
PIECE_CHARS = 100_000

log = logging.getLogger(__name__)


def split_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it exactly:
    after a blank line, else a line break, else a sentence end, else a space."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        for separator in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(separator)
            if cut > size // 2:
                end = start + cut + len(separator)
                break
        else:
            end = start + size  # no space in half a piece: not prose, cut anywhere
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def parse_processes() -> int:
    """How many processes may parse the pieces of one long text: PARSE_PROCESSES, or when it is
    unset or 0 the CPUs this process may use (at most 4). 1 parses every text in this process."""
    raw = os.environ.get("PARSE_PROCESSES", "").strip() or "0"
    try:
        wanted = int(raw)
    except ValueError:
        raise ValueError(f"PARSE_PROCESSES must be a whole number (got {raw!r})") from None
    if wanted > 0:
        return wanted
    return max(
        1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


def _can_fork() -> bool:
    """Forking is safe here: the main thread (a fork copies no other thread), of a process that is
    not a daemon (a Celery prefork worker is, and may not have children)."""
    return (
        threading.current_thread() is threading.main_thread()
        and not multiprocessing.current_process().daemon
        and multiprocessing.get_start_method(allow_none=True) in (None, "fork")
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _parse_pieces(nlp: Language, pieces: list[str], processes: int) -> list[Doc]:
    """The pieces of one long text, parsed by several processes at once (each piece alone, as in
    one process, so the Docs are the same); in this process if that cannot be done."""
    if processes > 1 and _can_fork():
        try:
            return list(nlp.pipe(pieces, batch_size=1, n_process=min(processes, len(pieces))))
        except Exception as exc:
            # A process that could not start, or a piece that broke spaCy: parse here instead (a
            # piece that breaks it again raises as it would have in one process).
            log.warning("parsing a long text in %d processes failed (%s); parsing it in one", processes, exc)
    return list(nlp.pipe(pieces, batch_size=1))


def parse(nlp: Language, texts: Sequence[str], batch_size: int) -> Iterator[Doc]:
    """One Doc per text, in order; long texts parsed piece by piece and joined. The pieces of a
    long text are parsed by several processes when the machine has the CPUs (parse_processes);
    runs of shorter texts are batched through one ``nlp.pipe`` in this process."""
    split = [split_pieces(t, PIECE_CHARS) for t in texts]
    processes = parse_processes()

    def joined(parts: list[Doc]) -> Doc:
        return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)

    for parallel, run in groupby(split, key=lambda pieces: processes > 1 and len(pieces) > 1):
        if parallel:
            for pieces in run:
                yield joined(_parse_pieces(nlp, pieces, processes))
            continue
        texts_run = list(run)
        docs = nlp.pipe((piece for pieces in texts_run for piece in pieces), batch_size=batch_size)
        for pieces in texts_run:
            yield joined([next(docs) for _ in pieces])


def merge_meta(detected: ArticleMeta, override: ArticleMeta | None) -> ArticleMeta:
    """Fields given in ``override`` (a manifest, the HTML page) win over those detected in the text."""
    if override is None:
        return detected
    changes = {
        name: getattr(override, name)
        for name in ("title", "published_at", "outlet", "byline", "url")
        if getattr(override, name)
    }
    return replace(detected, **changes)


def extraction_error(exc: Exception) -> ExtractionError:
    """What a text that made extraction raise reports: one line for the user, the traceback for the log."""
    lines = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return ExtractionError(
        message=f"extraction failed: {reason}", traceback="".join(format_exception(exc)).rstrip()
    )


def extract_texts(
    texts: Sequence[str],
    *,
    metas: Sequence[ArticleMeta | None] | None = None,
    batch_size: int = 8,
) -> Iterator[Extraction | ExtractionError]:
    """Yield one :class:`Extraction` per text, in order. The model is loaded once per process.

    A text that makes extraction raise yields an :class:`ExtractionError` (a one-line message and
    the traceback) in its place, and the texts after it are extracted as usual: one bad text, or
    a bug in one rule, never stops a run over many.
    """
    if not texts:
        return

    def parsed(nlp: Language) -> Iterator[Doc | ExtractionError]:
        # Batched; should spaCy itself raise (it cannot say on which text of its batch), the texts
        # not yet yielded are parsed one by one, so only the text that breaks it fails.
        done = 0
        try:
            for doc in parse(nlp, texts, batch_size):
                done += 1
                yield doc
        except Exception:
            for text in texts[done:]:
                try:
                    one = next(parse(nlp, [text], 1))
                except Exception as exc:
                    yield extraction_error(exc)
                else:
                    yield one

    def found(
        doc: Doc, meta: ArticleMeta, boilerplate: tuple[BoilerplateRange, ...]
    ) -> Extraction | ExtractionError:
        try:
            # One index of the people in the document, for quotes and claims alike.
            people = SpeakerBook(doc, [(b.start, b.end) for b in boilerplate])
            quotes, speakers = find_quotes(doc, skip=boilerplate, people=people)
            paraphrases = find_paraphrases(doc, skip=boilerplate, quotes=quotes, speakers=speakers)
            claims = find_claims(
                doc, skip=boilerplate, published_at=meta.published_at, people=people, byline=meta.byline
            )
        except Exception as exc:
            return extraction_error(exc)
        return Extraction(
            meta=meta,
            boilerplate=boilerplate,
            quotes=tuple(quotes),
            claims=tuple(claims),
            speakers=tuple(speakers),
            paraphrases=tuple(paraphrases),
        )

    given: Iterable[ArticleMeta | None] = metas if metas is not None else [None] * len(texts)
    prepared: list[tuple[ArticleMeta, tuple[BoilerplateRange, ...]] | ExtractionError] = []
    for text, meta in zip(texts, given, strict=True):
        try:
            prepared.append((merge_meta(detect_metadata(text), meta), tuple(detect_boilerplate(text))))
        except Exception as exc:
            prepared.append(extraction_error(exc))
    for doc, ready in zip(parsed(load_nlp()), prepared, strict=True):
        if isinstance(doc, ExtractionError):
            yield doc
        elif isinstance(ready, ExtractionError):
            yield ready
        else:
            yield found(doc, *ready)


class ExtractionFailed(RuntimeError):
    """:func:`extract_text` on a text that makes extraction raise; ``error`` says what happened."""

    def __init__(self, error: ExtractionError) -> None:
        super().__init__(error.message)
        self.error = error
        self.add_note(error.traceback)


def extract_text(text: str, *, meta: ArticleMeta | None = None) -> Extraction:
    """Extract one text; raises :class:`ExtractionFailed` (with the traceback as a note) if that fails."""
    result = next(extract_texts([text], metas=[meta]))
    if isinstance(result, ExtractionError):
        raise ExtractionFailed(result)
    return result
