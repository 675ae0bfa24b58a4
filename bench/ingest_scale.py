"""Ingest at scale on PostgreSQL: does the time per article stay flat as the database grows?

    python bench/ingest_scale.py --database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_ingest \
        [--articles 10000] [--step 1000]

Creates the database afresh (its name must contain "bench"), migrates it, generates the corpus
(bench/make_corpus.py) and ingests it step by step with the synchronous ingest (extraction,
matching and storage, one transaction per article). Prints the time per article of every step
and the ratio last step / first step (goal <= 1.5). DATABASE_URL is used when --database-url is
not given. Use a smaller --articles for a quick run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from benchdb import require_postgres, setup_django  # noqa: E402
from make_corpus import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--step", type=int, default=1000)
    parser.add_argument("--force", action="store_true", help="Recreate a database whose name lacks 'bench'.")
    args = parser.parse_args()
    require_postgres(args.database_url)
    setup_django(args.database_url, fresh=True, force=args.force)

    from claims.models import Article, Claim, Mention
    from claims.services.ingest import articles_ingest

    rows = generate(args.articles, seed=23)
    per_article: list[float] = []
    print(f"ingesting {args.articles} generated articles in steps of {args.step} into a fresh database")
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        for first in range(0, args.articles, args.step):
            folder = Path(tmp) / f"step{first // args.step:03d}"
            folder.mkdir()
            manifest = ["file,outlet"]
            for name, outlet, text in rows[first : first + args.step]:
                (folder / name).write_text(text, encoding="utf-8")
                manifest.append(f"{name},{outlet}")
            (folder / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
            start = time.perf_counter()
            outcomes = articles_ingest(paths=[folder])
            elapsed = time.perf_counter() - start
            failed = [o for o in outcomes if o.status == "failed"]
            n = len(outcomes)
            per_article.append(elapsed / n)
            print(
                f"articles {first + 1:>6}-{first + n:<6} {1000 * elapsed / n:7.1f} ms/article  "
                f"({Claim.objects.count()} claims, {Mention.objects.count()} mentions"
                f"{f', {len(failed)} failed' if failed else ''})",
                flush=True,
            )
    print(f"total: {Article.objects.count()} articles, {Claim.objects.count()} claims")
    print(f"ratio last step / first step: {per_article[-1] / per_article[0]:.2f}   (goal <= 1.5)")


if __name__ == "__main__":
    main()
