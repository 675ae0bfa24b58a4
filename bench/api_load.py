"""The public API under concurrent load at 100k claims on PostgreSQL, behind gunicorn.

    python bench/api_load.py --database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_api \
        [--claims 100000] [--requests 1500] [--concurrency 16] [--seconds 60] [--gunicorn-workers 2]

Fills a fresh database (its name must contain "bench"; --reuse keeps one already filled) with
realistic rows by bulk_create (articles, claims, mentions, blocking keys: not by running
extraction), starts gunicorn on 127.0.0.1 serving the product plus a bench-only baseline
endpoint (bench/urls_baseline.py, never in factcheck/urls.py), and sends a bounded number of
requests (--requests per endpoint, stopping early after --seconds) from threads in this process
to 127.0.0.1 only: the claim list, detail, search and lookup (`/claims/lookup/?q=`, with claims'
texts inside a longer sentence or shortened). Prints requests per second and p50/p95/p99 per
endpoint and each one's ratio to the baseline (issue 14: list >= 0.25 uncached, >= 0.6 cached;
search >= 100 req/s uncached; lookup p50 <= 50 ms). With the cache on (API_CACHE_SECONDS > 0), the
list's pages are each asked for twice per worker before the list is timed: the cached figure is
that of pages already asked for, and `--api-cache-seconds 0` gives the uncached one. gunicorn is
stopped by pid at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from benchdb import require_postgres, setup_django  # noqa: E402

HOST = "127.0.0.1"


# --- filling the database ----------------------------------------------------------------------


def fill_claims(n_claims: int, *, seed: int = 5, per_article: int = 10) -> None:
    """Bulk-create ~n_claims claims with 1-3 mentions each, their articles, speakers and keys."""
    from make_corpus import OUTLETS, generate

    from claims.models import Article, Claim, ClaimKey, Mention, Outlet, Speaker
    from claims.services.ingest import content_hash

    rng = random.Random(seed)
    started = time.perf_counter()
    outlets = Outlet.objects.bulk_create([Outlet(name=name) for name in OUTLETS])
    speakers = Speaker.objects.bulk_create(
        [Speaker(name=f"Speaker {i}", kind=Speaker.Kind.PERSON, role="minister") for i in range(500)]
    )
    n_articles = max(1, n_claims // per_article)
    statuses = [Claim.Status.CORROBORATED, Claim.Status.SINGLE_SOURCE, Claim.Status.CONFLICTING]
    statuses += [Claim.Status.UNREVIEWED]
    kinds = [Claim.Kind.QUANTITY, Claim.Kind.QUOTE, Claim.Kind.DATE, Claim.Kind.EVENT, Claim.Kind.FIRST]
    batch = 2000
    made = 0
    for first in range(0, n_articles, batch):
        rows = generate(min(batch, n_articles - first), seed=seed * 1000 + first)
        articles = Article.objects.bulk_create(
            [
                Article(
                    outlet=rng.choice(outlets),
                    title=text.split("\n", 1)[0][:500],
                    text=text,
                    content_hash=content_hash(f"{first + i}:{text}"),
                    source_path=f"bench/{first + i:06d}.txt",
                    state=Article.State.EXTRACTED,
                )
                for i, (_name, _outlet, text) in enumerate(rows)
            ],
            batch_size=1000,
        )
        claims: list[Claim] = []
        spans: list[tuple[int, int, int, int, str]] = []  # claim index, article, start, end, sentence
        for article in articles:
            sentences = [s for s in article.text.split("\n\n") if len(s) > 40][1:7] or [article.text[:200]]
            for _ in range(per_article):
                sentence = rng.choice(sentences)
                start = article.text.index(sentence)
                end = start + rng.randint(20, min(len(sentence), 120))
                kind = rng.choice(kinds)
                words = sentence.split()
                subject = " ".join(words[1:4])
                claims.append(
                    Claim(
                        kind=kind,
                        text=article.text[start:end],
                        speaker=rng.choice(speakers) if kind == Claim.Kind.QUOTE else None,
                        value=rng.choice([1.2, 7.6, 16, 45, 250]) * 10 ** rng.randint(0, 9)
                        if kind == Claim.Kind.QUANTITY
                        else None,
                        unit="USD" if kind == Claim.Kind.QUANTITY else "",
                        subject=subject[:300],
                        match_key=f"{kind}:{subject.casefold()[:80]}",
                        status=rng.choice(statuses),
                        suggested_status=rng.choice(statuses),
                        suggestion_reason="bench data",
                        source_count=rng.randint(1, 3),
                        verdict_note="Checked against the sources." if rng.random() < 0.3 else "",
                    )
                )
                spans.append((len(claims) - 1, article.pk, start, end, sentence))
        Claim.objects.bulk_create(claims, batch_size=2000)
        mentions = []
        for index, article_id, start, end, sentence in spans:
            claim = claims[index]
            others = [article_id] + [rng.choice(articles).pk for _ in range(rng.randint(0, 2))]
            for k, other in enumerate(dict.fromkeys(others)):
                mentions.append(
                    Mention(
                        claim=claim,
                        article_id=other,
                        kind=claim.kind,
                        start=start + k,  # another article, another span (the text is not checked here)
                        end=end + k,
                        text=claim.text,
                        sentence=sentence[:1000],
                        value=claim.value,
                        unit=claim.unit,
                        speaker=claim.speaker,
                        extractor="bench",
                        extractor_version="0",
                        confidence=0.8,
                    )
                )
        Mention.objects.bulk_create(mentions, batch_size=5000)
        ClaimKey.objects.bulk_create(
            [ClaimKey(claim=c, key=c.match_key[:200]) for c in claims], batch_size=5000, ignore_conflicts=True
        )
        made += len(claims)
        print(f"  filled {made} claims ({time.perf_counter() - started:.0f} s)", flush=True)
    from django.db import connection

    with connection.cursor() as cur:
        # What autovacuum does to a live database (it may be off on a development server): without
        # the visibility map, counting the public claims reads every row instead of an index.
        cur.execute("VACUUM ANALYZE")


def ensure_filled(url: str, n_claims: int, *, reuse: bool) -> None:
    setup_django(url, fresh=not reuse)
    from claims.models import Claim

    have = Claim.objects.count()
    if reuse and have >= n_claims * 0.95:
        print(f"reusing {have} claims in the database")
        return
    if have:
        raise SystemExit(f"the database has {have} claims; drop it or run without --reuse")
    print(f"filling {n_claims} claims with bulk_create")
    fill_claims(n_claims)


# --- serving -----------------------------------------------------------------------------------


def make_application() -> Any:
    """gunicorn entry point: the product's settings with the bench-only URLconf."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = "urls_baseline"
    return get_wsgi_application()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_gunicorn(url: str, port: int, workers: int, cache_seconds: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "API_CACHE_SECONDS": str(cache_seconds),
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        # The anonymous rate limit would turn a load test into a test of 429s.
        "API_ANON_RATE": "100000000/min",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }
    cmd = [
        sys.executable, "-m", "gunicorn", "--pythonpath", f"{BENCH},{ROOT}", "api_load:make_application()",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/bench/baseline/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


# --- load --------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    wall: float

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0

    def pct(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100)[q - 1] * 1000


def load(
    name: str, port: int, paths: list[str], *, requests: int, concurrency: int, seconds: float
) -> Result:
    """Send `requests` GETs (round-robin over `paths`) from `concurrency` keep-alive connections."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            start = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)])
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(name, latencies, errors, time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1500, help="Requests per endpoint (at most).")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60, help="Time limit per endpoint.")
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it is already filled.")
    parser.add_argument(
        "--api-cache-seconds",
        type=int,
        default=30,
        help="The product's API_CACHE_SECONDS (its default is 30); 0 measures every request uncached.",
    )
    args = parser.parse_args()
    require_postgres(args.database_url)
    ensure_filled(args.database_url, args.claims, reuse=args.reuse)

    from claims.models import Claim

    public = Claim.objects.public()
    ids = list(public.order_by("?").values_list("id", flat=True)[:500])
    # Lookups as a reader pastes them: a claim's words inside a longer sentence, or a shortened one.
    sample = list(public.order_by("?").values_list("text", flat=True)[:200])
    lookups = [
        (f"Officials said on Monday that {t}" if i % 2 else " ".join(t.split()[: max(4, len(t.split()) - 2)]))
        for i, t in enumerate(sample)
    ]
    words = ["bridges", "funding", "wind power", "hospital", "trade", "subsidies", "Norland", "commitment"]
    print(
        f"{Claim.objects.count()} claims, {public.count()} public; gunicorn with {args.gunicorn_workers} workers; "
        f"API_CACHE_SECONDS={args.api_cache_seconds}"
    )

    port = free_port()
    proc = start_gunicorn(args.database_url, port, args.gunicorn_workers, args.api_cache_seconds)
    try:
        probe = http.client.HTTPConnection(HOST, port, timeout=30)
        probe.request("GET", "/api/v1/claims/")
        body = json.loads(probe.getresponse().read())
        print(f"claim list page: {len(body.get('results', []))} claims of {body.get('count')}")
        plans = [
            ("baseline (minimal DRF)", ["/bench/baseline/"]),
            (
                "claim list",
                [f"/api/v1/claims/?page={n}" for n in range(1, 41)]
                + [f"/api/v1/claims/?kind={k}&page={n}" for k in ("quote", "quantity") for n in range(1, 6)],
            ),
            ("claim detail", [f"/api/v1/claims/{i}/" for i in ids]),
            ("claim search", [f"/api/v1/claims/?search={w.replace(' ', '+')}" for w in words]),
            ("claim lookup", [f"/api/v1/claims/lookup/?{urlencode({'q': q})}" for q in lookups]),
        ]
        for _name, paths in plans:  # warm every worker's connection and caches, untimed
            load("warm-up", port, paths, requests=4 * args.gunicorn_workers, concurrency=4, seconds=30)
        results = []
        for name, paths in plans:
            if name == "claim list" and args.api_cache_seconds > 0:
                # The cached figure is of pages already asked for (the cache's promise): each list
                # page is asked for by every worker first, untimed. Uncached pages are the other run.
                asks = len(paths) * 2 * args.gunicorn_workers
                load("warm-up", port, paths, requests=asks, concurrency=args.gunicorn_workers, seconds=60)
            results.append(
                load(
                    name,
                    port,
                    paths,
                    requests=args.requests,
                    concurrency=args.concurrency,
                    seconds=args.seconds,
                )
            )
    finally:
        stop(proc)
    print(
        f"{'endpoint':24} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    for r in results:
        print(
            f"{r.name:24} {len(r.latencies):8} {r.errors:6} {r.rps:8.1f} "
            f"{r.pct(50):8.1f} {r.pct(95):8.1f} {r.pct(99):8.1f}"
        )
    base = results[0].rps
    for r in results[1:]:
        print(
            f"ratio {r.name} / baseline: {r.rps / base:.2f}"
            + ("   (goal >= 0.25 uncached, >= 0.6 cached)" if r.name == "claim list" else "")
        )


if __name__ == "__main__":
    main()
