"""Occupied answers "does this range overlap a taken one?" as a scan of every range would."""

from __future__ import annotations

import random

from claims.extraction.types import Occupied


def scanned(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


def test_occupied_agrees_with_a_scan_of_every_range() -> None:
    rng = random.Random(7)
    taken: list[tuple[int, int]] = []
    occupied = Occupied()
    for _ in range(400):
        start = rng.randrange(0, 60_000)
        # Short quotes and figures, ranges across several blocks, and empty ones.
        end = start + rng.choice([0, 1, 5, 40, 300, 1023, 1024, 1025, 5000])
        taken.append((start, end))
        occupied.add(start, end)
    for _ in range(3000):
        start = rng.randrange(0, 62_000)
        end = start + rng.choice([0, 1, 10, 200, 1024, 3000])
        assert occupied.overlaps(start, end) == scanned(taken, start, end), (start, end)


def test_a_range_touching_another_does_not_overlap_it() -> None:
    occupied = Occupied([(1000, 1024), (2048, 4096)])
    assert not occupied.overlaps(1024, 2048)
    assert occupied.overlaps(1023, 1025)
    assert occupied.overlaps(3000, 3000 + 1)
    assert not occupied.overlaps(4096, 5000)
