"""Detecting page boilerplate (navigation, related items, notices, repeated captions)."""

from __future__ import annotations

from .types import BoilerplateRange


def detect_boilerplate(text: str) -> list[BoilerplateRange]:
    # TEMPORARY: nothing detected; replaced by the boilerplate helper's implementation.
    return []
