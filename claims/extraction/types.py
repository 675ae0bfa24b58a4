"""Plain data returned by the extraction package: frozen dataclasses with character offsets.

Every offset is a Python string index into the article text as read, so
``text[item.start:item.end] == item.text`` holds for quotes, claims and spans.
Nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class Occupied:
    """Character ranges already taken (by a quote, a figure, boilerplate), for "does [start, end)
    overlap any of them?" in time that does not grow with the text: ranges are filed under the
    blocks of 1,024 characters they cover, and a question reads only its own blocks. Scanning a
    list of every range so far made each question cost as much as the article had ranges."""

    BLOCK = 1024

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._blocks: dict[int, list[tuple[int, int]]] = {}
        for start, end in ranges:
            self.add(start, end)

    def _span(self, start: int, end: int) -> range:
        return range(start // self.BLOCK, max(start, end - 1) // self.BLOCK + 1)

    def add(self, start: int, end: int) -> None:
        for block in self._span(start, end):
            self._blocks.setdefault(block, []).append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(
            s < end and start < e for block in self._span(start, end) for s, e in self._blocks.get(block, ())
        )


@dataclass(frozen=True)
class BoilerplateRange:
    """A stretch of the page that is not the article's own text (navigation, related items...)."""

    start: int
    end: int
    kind: str  # navigation | related | ranking | comments | cookie | privacy | caption | share | other


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None = None
    published_at: datetime | None = None  # timezone-aware; midnight UTC when only a date is stated
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class SpeakerRef:
    """A speaker as one article names it: canonical name, kind and the name variants seen."""

    name: str
    kind: str = "person"  # person | organisation | document | anonymous
    role: str | None = None
    # Other spellings of the full name seen in the article ("Susumu Takai" / "Takai Susumu"), never
    # a bare surname, given name, title or pronoun: across articles only full names join speakers.
    aliases: tuple[str, ...] = ()


_ENDS = ".?!,;:—–-…"
_GAP_STRIP = " \t\n\"'“”‘’«»„"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    # The resolved full name ("Yoshimasa Hayashi"), an organisation's or document's name, or the
    # description of an anonymous source. None when the text does not say who it is (an
    # unresolved pronoun or description): see speaker_status.
    speaker: str | None
    speaker_kind: str | None = None  # person | organisation | document | anonymous; None when unresolved
    speaker_span: Span | None = None  # where the attribution names the speaker (may be a pronoun)
    cue: str | None = None  # "said", "told VOA", "pointed out"
    cue_span: Span | None = None
    sentence: str = ""
    confidence: float = 0.8
    # The quoted words themselves: two parts for a quote split around its cue; for a partial quote
    # inside reported speech, the quoted words while start/end cover the whole reported content.
    parts: tuple[Span, ...] = ()
    # True when the parts are one direct quote split around its cue ("...," he said. "..."):
    # start/end then run from the first part to the last, over the cue between them.
    split: bool = False
    # resolved: the text says who it is. ambiguous: several people fit; ``speaker`` is the likeliest
    # and ``speaker_candidates`` lists them all, likeliest first. unresolved: nobody fits;
    # ``speaker`` is None and ``speaker_text`` says how the article refers to them ("he").
    speaker_status: str = "resolved"
    speaker_text: str | None = None  # the words at speaker_span as written ("he", "Mrs. Clinton")
    speaker_candidates: tuple[str, ...] = ()
    speaker_confidence: float = 0.9

    @property
    def speaker_display(self) -> str:
        """What an editor reads: the name, or "unknown speaker (he)"."""
        if self.speaker is not None:
            return self.speaker
        return f"unknown speaker ({self.speaker_text})" if self.speaker_text else "unknown speaker"

    def text_of(self, span: Span) -> str:
        """The article's text over ``span``, which lies within this quote's span."""
        return self.text[span.start - self.start : span.end - self.start]

    @property
    def passages(self) -> tuple[Span, ...]:
        """The stretches of text that are the quote: the parts of a split quote, else the span."""
        return self.parts if self.split else (Span(self.start, self.end),)

    @property
    def words(self) -> str:
        """What the speaker is on record as saying: a split quote's parts without the cue.

        The parts are joined the way the cue between them ends: ``"...late," said Okafor. "We..."``
        gives ``...late. We...``; ``"...that," Tester said, "you..."`` gives ``...that, you...``.
        """
        pieces = []
        passages = self.passages
        for i, p in enumerate(passages):
            piece = self.text_of(p).strip()
            if i + 1 < len(passages) and piece and piece[-1] not in _ENDS:
                gap = self.text_of(Span(p.end, passages[i + 1].start)).strip(_GAP_STRIP)
                piece += "." if gap.endswith(".") else ","
            pieces.append(piece)
        return " ".join(pieces)


@dataclass(frozen=True)
class ClaimItem:
    """One checkable claim: kind is quantity | date | event | first."""

    kind: str
    start: int
    end: int
    text: str
    sentence: str
    value: float | None = None  # quantities: normalised number (7.6e9); ranges: the low end
    value_max: float | None = None  # ranges: the high end
    unit: str | None = None  # "USD", "JPY", "%", "collaboration area"
    approximate: bool = False
    # The time the claim is about: a date claim's value, an event's time, a figure's period. ISO
    # ("2023", "2022-12", "2023-06-29", ranges "start/end") or, for what ISO dates cannot say, the
    # year with its granularity ("2023-Q3", "2023-H1", "2022-autumn").
    date: str | None = None
    # The parts of the proposition. Quantities: ``measure`` is what is measured ("assistance",
    # "killed", "approval rating"), ``subject`` of whom or what ("Japan", "Bill Clinton").
    # Events: ``subject`` is the actor, ``action`` the verb's lemma, ``target`` what it was done to.
    # Firsts: ``target`` is what was first. ``qualifiers`` narrow it ("of Democrats in
    # Hillsborough County"); ``place`` is where.
    subject: str | None = None
    action: str | None = None  # events: lemma of the verb ("visit", "announce")
    measure: str | None = None
    target: str | None = None
    qualifiers: tuple[str, ...] = ()
    place: str | None = None
    entities: tuple[str, ...] = ()
    confidence: float = 0.7
    # A short statement an editor and a reader understand alone, built from the parts
    # ("Japan's assistance to Ukraine: about $7.6 billion"); the canonical text of a new claim.
    statement: str | None = None
    # Check-worthiness in [0, 1] and why ("specific figure", "attributed to a named person").
    worthiness: float = 0.0
    worthiness_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractionError:
    """Extraction raised on one text: what the user sees, and the traceback for the log."""

    message: str  # one line: "extraction failed: IndexError: list index out of range"
    traceback: str = ""


@dataclass(frozen=True)
class Extraction:
    meta: ArticleMeta
    boilerplate: tuple[BoilerplateRange, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[ClaimItem, ...]
    speakers: tuple[SpeakerRef, ...] = field(default_factory=tuple)
    # Reported statements without quotation marks: used only to link paraphrases to direct quotes.
    paraphrases: tuple[Quote, ...] = field(default_factory=tuple)


EXTRACTOR_NAME = "factcheck-rules"
EXTRACTOR_VERSION = "0.1"
