"""Peak memory of streamed exports at 10k and 100k claims: the exports must stay flat.

    python bench/export_memory.py [--database-url URL] [--scales 10000,100000] [--formats json,csv]

Fills a scratch database (SQLite in bench/out/ unless a URL is given) with generated public
claims, two mentions each, then consumes each export as a view would stream it, discarding the
bytes, and reports the peak of Python allocations during the export (tracemalloc). Claims are added
between scales, so one run measures every size. Prints peak MiB per format and size, and the ratio
largest/smallest (goal: 100k/10k <= 1.5). PDF (`--formats pdf`) is built in memory by fpdf2, so it
is refused past claims.exports.documents.PDF_MAX_CLAIMS: the run prints the refusal instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import benchdb  # noqa: E402

ARTICLES = 500
SPEAKERS = 50
BATCH = 5000


def setup_django(database_url: str) -> None:
    # DEBUG=1 keeps a log of every query, which would grow with the export.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    benchdb.setup_django(database_url)


def fill(start: int, stop: int) -> None:
    """Public claims numbered start..stop-1, each with two mentions, in bulk."""
    from django.db import transaction

    from claims.models import Article, Claim, Mention, Outlet, Speaker

    if not Article.objects.exists():
        outlets = Outlet.objects.bulk_create(Outlet(name=f"Outlet {n}") for n in range(20))
        base = datetime(2023, 1, 1, tzinfo=UTC)
        text = "The ministry said the programme will cost $7.6 billion over five years. " * 4
        Article.objects.bulk_create(
            Article(
                outlet=outlets[n % len(outlets)],
                title=f"Generated article {n}",
                url=f"https://news.example/{n}",
                text=f"{n}: {text}",
                content_hash=f"{n:064d}",
                published_at=base + timedelta(hours=n),
                state=Article.State.EXTRACTED,
            )
            for n in range(ARTICLES)
        )
        Speaker.objects.bulk_create(Speaker(name=f"Speaker {n}") for n in range(SPEAKERS))
    article_ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    speaker_ids = list(Speaker.objects.order_by("id").values_list("id", flat=True))
    statuses = list(Claim.PUBLIC_STATUSES)
    for low in range(start, stop, BATCH):
        high = min(low + BATCH, stop)
        with transaction.atomic():
            claims = Claim.objects.bulk_create(
                Claim(
                    kind=Claim.Kind.QUOTE if n % 3 == 0 else Claim.Kind.QUANTITY,
                    text=f"generated claim {n}: the programme will cost $7.6 billion over five years",
                    speaker_id=speaker_ids[n % len(speaker_ids)] if n % 3 == 0 else None,
                    value=7.6e9 + n,
                    unit="USD",
                    status=statuses[n % len(statuses)],
                    verdict_note="Checked against the ministry's published budget.",
                )
                for n in range(low, high)
            )
            Mention.objects.bulk_create(
                Mention(
                    claim_id=claim.pk,
                    article_id=article_ids[(claim.pk * 7 + k) % len(article_ids)],
                    start=40,
                    end=52,
                    text="$7.6 billion",
                    sentence="The ministry said the programme will cost $7.6 billion over five years.",
                    extractor="bench",
                    extractor_version="0",
                )
                for claim in claims
                for k in range(2)
            )


def measure(fmt: str) -> tuple[float, int, float]:
    """(peak MiB, bytes written, seconds) for one full export of all public claims."""
    from claims import selectors
    from claims.exports import export_claims

    tracemalloc.start()
    tracemalloc.reset_peak()
    t0 = time.perf_counter()
    size = 0
    for chunk in export_claims(fmt, selectors.claims_for_export()):
        size += len(chunk)
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, size, seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--scales", default="10000,100000")
    parser.add_argument("--formats", default="json,csv")
    args = parser.parse_args()
    scales = sorted(int(s) for s in args.scales.split(","))
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    database_url = args.database_url
    if not database_url:
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        db = out / "export_memory.sqlite3"
        db.unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    setup_django(database_url)

    from django.db import connection

    from claims.models import Claim

    if Claim.objects.exists():
        sys.exit("the benchmark needs an empty database")
    print(f"database: {connection.vendor}; formats: {', '.join(formats)}")
    peaks: dict[str, dict[int, float]] = {f: {} for f in formats}
    filled = 0
    for scale in scales:
        t0 = time.perf_counter()
        fill(filled, scale)
        filled = scale
        print(f"\n{scale} claims ({2 * scale} mentions) generated in {time.perf_counter() - t0:.1f}s")
        for fmt in formats:
            from claims import selectors
            from claims.exports.documents import export_refusal

            if refusal := export_refusal(fmt, selectors.claims_for_export()):
                print(f"  {fmt:12} refused: {refusal}")
                continue
            peak, size, seconds = measure(fmt)
            peaks[fmt][scale] = peak
            print(f"  {fmt:12} peak {peak:8.2f} MiB   output {size / 2**20:8.1f} MiB   {seconds:6.1f}s")
    low, high = scales[0], scales[-1]
    print(f"\npeak memory ratio {high}/{low} (goal <= 1.5):")
    for fmt in formats:
        if high not in peaks[fmt] or low not in peaks[fmt]:
            print(f"  {fmt:12} refused past the PDF limit (flat by construction)")
            continue
        ratio = peaks[fmt][high] / peaks[fmt][low]
        print(f"  {fmt:12} {ratio:.2f} {'ok' if ratio <= 1.5 else 'OVER GOAL'}")


if __name__ == "__main__":
    main()
