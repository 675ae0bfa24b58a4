"""Article metadata stated by the page text: title, publication date, outlet, byline."""

from __future__ import annotations

from .types import ArticleMeta


def detect_metadata(text: str) -> ArticleMeta:
    # TEMPORARY: title only; replaced by the metadata helper's implementation.
    first = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return ArticleMeta(title=first)
