"""Extraction throughput: ours vs bare spaCy, and 2 worker processes vs 1, measured in one run.

    python bench/extract_speed.py [--articles 400] [--seeds] [--batch-size 8]

Texts come from the generated corpus (bench/make_corpus.py), plus the seed articles with --seeds.
Prints articles per second and two ratios:
  ours / bare nlp.pipe   (goal >= 0.8: our rules cost little beside the model)
  2 processes / 1        (goal >= 1.7 on 2 cores; each process loads the model once, untimed)
BLAS threads are pinned to 1 so that processes, not threads, use the cores (as Celery workers do).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from make_corpus import generate  # noqa: E402

from claims.extraction.nlp import load_nlp  # noqa: E402
from claims.extraction.pipeline import extract_texts  # noqa: E402
from claims.extraction.types import Extraction  # noqa: E402

BATCH = 8


def _warm() -> None:
    """Pool initializer: load the model and run it once, outside the timed part."""
    list(extract_texts(["Warm-up. The mayor said 3 bridges cost $4 million."]))


def _extract_count(texts: list[str]) -> int:
    found = extract_texts(texts, batch_size=BATCH)
    return sum(len(e.quotes) + len(e.claims) for e in found if isinstance(e, Extraction))


def _pool_rate(texts: list[str], processes: int, chunk: int) -> float:
    ctx = mp.get_context("spawn")
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    with ctx.Pool(processes, initializer=_warm) as pool:
        # Make sure every process has loaded its model before the clock starts.
        pool.map(time.sleep, [0.5] * processes, chunksize=1)
        start = time.perf_counter()
        pool.map(_extract_count, chunks, chunksize=1)
        elapsed = time.perf_counter() - start
    return len(texts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seeds", action="store_true", help="Add the seed articles to the texts.")
    parser.add_argument("--batch-size", type=int, default=BATCH)
    args = parser.parse_args()
    texts = [text for _name, _outlet, text in generate(args.articles, seed=3)]
    if args.seeds:
        texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} texts, {chars / len(texts):.0f} characters on average; {os.cpu_count()} CPUs")

    nlp = load_nlp()
    _warm()
    # Alternate the two measurements and keep the best of three, so neither gets a cold cache.
    bare, ours = [], []
    for _ in range(3):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=args.batch_size):
            pass
        bare.append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        for _e in extract_texts(texts, batch_size=args.batch_size):
            pass
        ours.append(len(texts) / (time.perf_counter() - start))
    print(f"bare nlp.pipe        {max(bare):8.1f} articles/s")
    print(f"extract_texts        {max(ours):8.1f} articles/s")
    print(f"ratio ours/bare      {max(ours) / max(bare):8.2f}   (goal >= 0.8)")

    chunk = max(1, len(texts) // 16)
    one = _pool_rate(texts, 1, chunk)
    two = _pool_rate(texts, 2, chunk)
    print(f"1 process            {one:8.1f} articles/s")
    print(f"2 processes          {two:8.1f} articles/s")
    print(f"ratio 2/1            {two / one:8.2f}   (goal >= 1.7 on 2 cores)")


if __name__ == "__main__":
    main()
