"""Matching at scale: time to store (match) an ingested article with 1k, 10k and 100k stored claims.

    python bench/match_scale.py [--database-url URL] [--scales 1000,10000,100000] [--articles 20]

Stored claims are made by varying real extraction output of a generated corpus (other names,
speakers, values), written with bulk inserts together with their mentions and blocking keys. Then
the same generated articles are stored against each database size, inside a transaction that is
rolled back, so every measurement sees exactly N stored claims. Extraction is done once, before
timing: the figure is the cost of matching and storing, which is what grows with the database.
Prints time per article at each size and the ratio largest/smallest (goal: 100k/1k <= 2).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchdb import setup_django  # noqa: E402


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    out = ROOT / "bench" / "out"
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--scales", default="1000,10000,100000")
    parser.add_argument("--articles", type=int, default=20, help="articles timed at each scale")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database_url = args.database_url
    if not database_url:
        out.mkdir(parents=True, exist_ok=True)
        db = out / "match_scale.sqlite3"
        db.unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    setup_django(database_url)

    import make_corpus
    from django.db import connection, transaction

    from claims.extraction.pipeline import extract_text
    from claims.extraction.types import ArticleMeta
    from claims.models import Article, Claim, ClaimKey, Mention, Speaker
    from claims.services.extracted import drafts_for
    from claims.services.ingest import article_store, content_hash
    from claims.services.matching import Item, keys_for

    print(f"database: {connection.vendor}")
    rng = random.Random(11)
    # The articles we time, and a pool of other articles whose claims we vary to fill the database.
    timed = make_corpus.generate(args.articles, seed=101)
    pool = make_corpus.generate(200, seed=202)
    t0 = time.perf_counter()
    # One at a time (this part is not timed), so a text that makes extraction raise stops here.
    timed_ex = [extract_text(t, meta=ArticleMeta(outlet=o)) for _, o, t in timed]
    pool_ex = [extract_text(t) for _, _, t in pool]
    print(
        f"extracted {len(timed) + len(pool)} generated articles in {time.perf_counter() - t0:.1f}s (not timed below)"
    )

    with transaction.atomic():
        drafts = [d for ex in pool_ex for d in drafts_for(ex)]
    speakers = list(Speaker.objects.all())
    names = [
        f"{a}{b}" for a in ("Al", "Be", "Co", "Da", "El", "Fi", "Ga", "Ho", "Iv", "Ju") for b in range(300)
    ]

    def fill(target: int) -> None:
        have = Claim.objects.count()
        batch = 5000
        while have < target:
            n = min(batch, target - have)
            articles = Article.objects.bulk_create(
                [
                    Article(
                        title=f"filler {have + i}",
                        text="filler",
                        content_hash=f"filler-{have + i}",
                        state="extracted",
                    )
                    for i in range(0, n, 10)
                ]
            )
            claims, items = [], []
            for _ in range(n):
                d = rng.choice(drafts)
                # Other names and figures: the same shapes of claims, about other things.
                swap = rng.choice(names)
                text = " ".join(swap if w[:1].isupper() and rng.random() < 0.5 else w for w in d.text.split())
                sentence = " ".join(
                    rng.choice(names) if w[:1].isupper() and rng.random() < 0.5 else w
                    for w in d.sentence.split()
                )
                speaker = rng.choice(speakers) if d.kind == "quote" and speakers else None
                value = d.value * rng.choice([0.5, 1, 2, 3, 10]) if d.value is not None else None
                claims.append(
                    Claim(
                        kind=d.kind,
                        text=text or "x",
                        speaker=speaker,
                        value=value,
                        unit=d.unit,
                        date=d.date,
                        subject=swap if d.subject else "",
                        action=d.action,
                        entities=[swap],
                    )
                )
                items.append(
                    Item(
                        kind=d.kind,
                        text=text,
                        sentence=sentence,
                        speaker_id=speaker.pk if speaker else None,
                        value=value,
                        unit=d.unit,
                        date=d.date,
                        subject=swap if d.subject else "",
                        action=d.action,
                        entities=(swap,),
                        article_id=None,
                        when=None,
                    )
                )
            claims = Claim.objects.bulk_create(claims)
            Mention.objects.bulk_create(
                [
                    Mention(
                        claim=c,
                        article=articles[i // 10],
                        kind=c.kind,
                        start=0,
                        end=6,
                        text=c.text[:50],
                        sentence=it.sentence,
                        value=c.value,
                        unit=c.unit,
                        date=c.date,
                        subject=c.subject,
                        action=c.action,
                        entities=c.entities,
                        extractor="bench",
                        extractor_version="0",
                    )
                    for i, (c, it) in enumerate(zip(claims, items, strict=True))
                ]
            )
            ClaimKey.objects.bulk_create(
                [
                    ClaimKey(claim=c, key=k[:200])
                    for c, it in zip(claims, items, strict=True)
                    for k in dict.fromkeys(keys_for(it))
                ],
                batch_size=20000,
            )
            have += n

    class Source:
        def __init__(self, path: str, text: str) -> None:
            self.path, self.text = path, text

    results: dict[int, float] = {}
    for scale in [int(s) for s in args.scales.split(",")]:
        t0 = time.perf_counter()
        fill(scale)
        fill_time = time.perf_counter() - t0
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            try:
                with transaction.atomic():
                    for (name, _outlet, text), ex in zip(timed, timed_ex, strict=True):
                        article_store(source=Source(name, text), digest=content_hash(text), extraction=ex)  # type: ignore[arg-type]
                    raise Rollback
            except Rollback:
                pass
            runs.append((time.perf_counter() - start) / len(timed))
        results[scale] = statistics.median(runs)
        keys = ClaimKey.objects.count()
        print(
            f"{scale:>7} stored claims ({keys} keys, filled in {fill_time:.0f}s): "
            f"{results[scale] * 1000:.1f} ms per article (median of {args.repeat})"
        )
    smallest, largest = min(results), max(results)
    print(
        f"ratio {largest // 1000}k/{smallest // 1000}k: {results[largest] / results[smallest]:.2f} (goal <= 2)"
    )


if __name__ == "__main__":
    main()
