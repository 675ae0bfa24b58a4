"""Extraction cost against text length: is it linear?

    python bench/text_scale.py [--sizes 25000,50000,100000,200000,400000] [--profile]

Each text is made of real-looking news paragraphs (bench/make_corpus.py's templates: figures,
events, "first time" claims and direct quotes with named speakers), joined to the given number of
characters: one long article, as a long report or a live blog is. The model is loaded and warmed
up before the clock starts; texts under 100k characters run up to four times and the fastest run
counts (a shared machine disturbs short runs most). Prints seconds and microseconds per character for each size, and the
ratio of the largest size's time per character to the smallest's.

Texts are parsed in one process (PARSE_PROCESSES=1, unless set): the ratio is of the work done,
not of the CPUs that share it; over 100k characters, `extract` and `ingest` parse a text's pieces in
several processes when the machine has the CPUs.

Goal: time per character at 400k <= 1.5x that at 25k. --profile prints the top functions of the
largest size (cProfile, cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("PARSE_PROCESSES", "1")

from make_corpus import make_article  # noqa: E402

from claims.extraction.pipeline import extract_text  # noqa: E402
from claims.extraction.types import Extraction  # noqa: E402

GOAL = 1.5


def long_text(size: int, *, seed: int = 11) -> str:
    """News paragraphs (no titles, no related-items boilerplate) up to `size` characters."""
    rng = random.Random(seed)
    day = date(2024, 3, 1)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        body = make_article(rng, day + timedelta(days=rng.randint(0, 300))).split("\n\n")[1:7]
        for paragraph in body:
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def timed(text: str, repeat: int = 1) -> tuple[float, int]:
    """The fastest of `repeat` runs (the least disturbed by other work on a shared machine)."""
    best, found = float("inf"), -1
    for _ in range(repeat):
        start = time.perf_counter()
        result = extract_text(text)
        best = min(best, time.perf_counter() - start)
        found = len(result.quotes) + len(result.claims) if isinstance(result, Extraction) else -1
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="25000,50000,100000,200000,400000")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    timed(long_text(3000))  # load and warm the model, untimed
    per_char: dict[int, float] = {}
    print(f"{'characters':>10} {'seconds':>9} {'us/char':>8} {'found':>6}")
    for size in sizes:
        text = long_text(size)
        # Short texts run several times: about as many characters in all as the 100k text.
        elapsed, found = timed(text, repeat=max(1, min(4, 100_000 // size)))
        per_char[size] = elapsed / len(text)
        print(f"{len(text):>10} {elapsed:>9.2f} {per_char[size] * 1e6:>8.2f} {found:>6}", flush=True)
    smallest, largest = min(sizes), max(sizes)
    ratio = per_char[largest] / per_char[smallest]
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"time per character, {largest} vs {smallest}: {ratio:.2f}x (goal <= {GOAL}x: {verdict})")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        timed(long_text(largest))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
