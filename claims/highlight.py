"""HTML for article text with its quotes and claims highlighted. Every piece of text is escaped."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    claim_id: int
    kind: str
    label: str  # shown on hover: kind, speaker, status


def render_marked(text: str, marks: Sequence[Mark], grey: Iterable[tuple[int, int]] = ()) -> SafeString:
    """Cut the text at every mark and boilerplate boundary; wrap each piece in what covers it."""
    grey = sorted(grey)
    cuts = {0, len(text)}
    for m in marks:
        cuts.update((max(0, m.start), min(len(text), m.end)))
    for start, end in grey:
        cuts.update((max(0, start), min(len(text), end)))
    points = sorted(cuts)
    out: list[str] = []
    for a, b in itertools.pairwise(points):
        if a >= b:
            continue
        piece = escape(text[a:b])
        covering = [m for m in marks if m.start <= a and m.end >= b]
        if any(s <= a and e >= b for s, e in grey):
            piece = format_html(
                '<span class="fc-boilerplate" title="boilerplate: not extracted">{}</span>', piece
            )
        if covering:
            inner = min(covering, key=lambda m: m.end - m.start)
            title = " | ".join(m.label for m in covering)
            url = reverse("admin:claims_claim_change", args=[inner.claim_id])
            piece = format_html(
                '<a class="fc-mark fc-{}" href="{}" title="{}" data-claim="{}">{}</a>',
                inner.kind,
                url,
                title,
                inner.claim_id,
                piece,
            )
        out.append(str(piece))
    return mark_safe("".join(out))  # every piece above was escaped


def render_sentence(
    sentence: str, span_text: str, *, article_text: str = "", start: int = 0, end: int = 0
) -> SafeString:
    """The sentence around a mention with the claimed words highlighted.

    When the words are not in the sentence as one stretch (a quote split around its cue, whose
    words leave the cue out), the article text around the mention's span is shown instead, with
    the whole span marked."""
    at = sentence.find(span_text) if span_text else -1
    length = len(span_text)
    if at < 0 and article_text:
        window_start = max(0, start - 160)
        sentence = article_text[window_start : end + 160]
        at, length = start - window_start, end - start
    if at < 0:
        return format_html("<mark>{}</mark>", span_text or sentence)
    return format_html(
        "{}<mark>{}</mark>{}",
        sentence[:at],
        sentence[at : at + length],
        sentence[at + length :],
    )
