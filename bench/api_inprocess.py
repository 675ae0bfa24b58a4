"""The public API's cost per request in one process, without HTTP, threads or other workers.

    python bench/api_inprocess.py --database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_api_h \
        [--repeat 60]

`bench/api_load.py` measures the API behind gunicorn under concurrent load, which on a shared
2-core machine moves with everything else that runs. This times the same endpoints one request
after another through Django's test client, against a database `api_load.py` filled (run it
once first), uncached (API_CACHE_SECONDS=0), and prints milliseconds per request and each
endpoint's cost relative to the bench-only minimal DRF endpoint measured in the same run.
Each endpoint's requests are warmed once, then timed; the median of three rounds counts. Last,
it checks the lookup (which scores only candidates from the search index) against scoring every
public claim: on how many of --lookups pasted texts it finds the same best score.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from benchdb import require_postgres, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=60, help="Requests per endpoint per round.")
    parser.add_argument(
        "--lookups", type=int, default=120, help="Lookups checked against scoring every claim."
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="Which public claims the checked lookups come from."
    )
    args = parser.parse_args()
    require_postgres(args.database_url)
    os.environ.update(
        API_CACHE_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1",
        API_ANON_RATE="100000000/min",
        DEBUG="0",
        SECRET_KEY="bench-only-" + "x" * 50,
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
    )
    setup_django(args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from claims import selectors
    from claims.models import Claim

    settings.ROOT_URLCONF = "urls_baseline"
    public = Claim.objects.public()
    if public.count() < 1000:
        raise SystemExit("fill the database first: python bench/api_load.py --database-url ... (once)")
    ids = list(public.order_by("id").values_list("id", flat=True)[:: max(1, public.count() // args.repeat)])
    texts = list(public.order_by("id").values_list("text", flat=True)[: args.repeat // 6 or 1])
    words = ["bridges", "funding", "wind power", "hospital", "trade", "subsidies", "Norland", "commitment"]
    plans = [
        ("baseline (minimal DRF)", ["/bench/baseline/"]),
        ("claim list", [f"/api/v1/claims/?page={n}" for n in range(1, 41)]),
        ("claim detail", [f"/api/v1/claims/{i}/" for i in ids]),
        ("claim search", [f"/api/v1/claims/?search={w.replace(' ', '+')}" for w in words]),
        (
            "claim lookup",
            [f"/api/v1/claims/lookup/?{urlencode({'q': f'Officials said that {t}'})}" for t in texts],
        ),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    results: list[tuple[str, float]] = []
    for name, paths in plans:
        repeat = len(paths) if name == "claim lookup" else args.repeat
        for path in paths[:repeat]:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        rounds = []
        for _ in range(3):
            started = time.perf_counter()
            for n in range(repeat):
                client.get(paths[n % len(paths)])
            rounds.append((time.perf_counter() - started) / repeat * 1000)
        results.append((name, statistics.median(rounds)))
    # The indexed lookup against scoring every public claim (what it did before): does it still
    # find the best match? Lookups as api_load.py builds them.
    public_ids = list(public.values_list("id", flat=True))
    picked = random.Random(args.seed).sample(public_ids, min(args.lookups, len(public_ids)))
    sample = list(public.filter(id__in=picked).order_by("id").values_list("text", flat=True))
    queries = [
        (f"Officials said on Monday that {t}" if i % 2 else " ".join(t.split()[: max(4, len(t.split()) - 2)]))
        for i, t in enumerate(sample)
    ]
    exhaustive = (
        "SELECT max(greatest(similarity(text, %s), word_similarity(text, %s))) FROM claims_claim "
        "WHERE status = ANY(%s) AND merged_into_id IS NULL"
    )
    kept = 0
    with connection.cursor() as cursor:
        for q in queries:
            cursor.execute(exhaustive, [q, q, list(Claim.PUBLIC_STATUSES)])
            (top,) = cursor.fetchone()
            found = selectors.claims_lookup(q, limit=1)
            kept += bool(found) and abs(found[0].score - round(float(top), 4)) < 1e-4
    base = results[0][1]
    print(f"{public.count()} public claims; ms per request in one process, uncached (median of 3 rounds)")
    for name, ms in results:
        print(f"{name:24} {ms:8.2f} ms   {base / ms:6.3f} of the baseline's requests/s")
    print(f"lookup finds the best score that scoring every public claim finds: {kept} of {len(queries)}")


if __name__ == "__main__":
    main()
