"""Polling followed sources at scale: does a round with nothing new cost next to nothing?

    python bench/poll_scale.py [--feeds 200] [--items 50] [--new 0.1] [--rounds 2] \
        [--database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_poll]

Serves FEEDS local RSS feeds of ITEMS items each (10,000 items by default) and their article
pages from a threaded HTTP server on 127.0.0.1, follows each feed as a Source, and times poll
rounds (`sources_poll_due`, everything in this process as without a broker):

* warm-up: every feed is read in full once, its items already seen (as after earlier polls:
  the item rows are set up directly); this is the seen-item check alone, with nothing fetched;
* nothing new: every feed answers 304 to the ETag the last poll stored;
* NEW new: each feed lists NEW x ITEMS new items (the oldest drop off), whose pages are fetched,
  stored and extracted (extraction runs in-process, as it does without a broker: the realistic
  cost of new items).

Prints the time of every round and the ratio nothing-new / NEW-new of the medians; goal < 0.05.
The per-host rate limit is turned off (FETCH_HOST_DELAY_SECONDS=0): every feed is on one host,
127.0.0.1, which the default of one request a second would make a 200-second round. Loopback is
allowed for the run (FETCH_ALLOW_PRIVATE_HOSTS=127.0.0.1/32). Without --database-url the
database is a fresh SQLite file in a temporary folder; a PostgreSQL database is recreated (its
name must contain "bench").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from benchdb import setup_django  # noqa: E402

TOWNS = ["Harbor City", "Millbrook", "Eastvale", "Port Solane", "Redwater", "Kestrel Bay", "Ashford"]
PEOPLE = ["Lena Ortiz", "Tomas Brandt", "Amara Okafor", "Jonah Whitlock", "Priya Raman", "Elsa Moreau"]
THINGS = ["flood barrier", "bus depot", "library wing", "water plant", "bike network", "school annex"]


def page(feed: int, item: int) -> bytes:
    """An invented local news article, different for every (feed, item)."""
    n = feed * 7919 + item
    town, person, thing = TOWNS[n % 7], PEOPLE[n % 6], THINGS[(n // 7) % 6]
    paragraphs = [
        f"The {town} council approved a ${10 + n % 90} million {thing} on Tuesday after a debate of "
        f"{2 + n % 5} hours, the {item}th such vote in district {feed}.",
        f'"This {thing} will serve {1000 + n % 9000:,} residents for decades," said Mayor {person}, '
        "who promised the project during the campaign.",
        f"Construction is to start in {['March', 'April', 'May', 'June'][n % 4]} and take {6 + n % 30} months, "
        f"according to the city's planning office, which will hire {20 + n % 80} workers.",
        "Opponents said the money should go to road repairs, and asked for a public hearing first.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{town} {thing} ({feed}-{item})'
        f'</title><meta property="og:site_name" content="District {feed} News"></head><body><article>'
        f"<h1>{town} approves {thing}</h1>{body}</article></body></html>"
    ).encode()


class Feeds:
    """What the server serves: feed ``i`` lists items ``first[i] .. first[i] + items - 1``."""

    def __init__(self, feeds: int, items: int) -> None:
        self.items = items
        self.first = [0] * feeds
        self.base = ""

    def advance(self, new: int) -> None:
        self.first = [f + new for f in self.first]

    def etag(self, feed: int) -> str:
        return f'"{feed}-{self.first[feed]}"'

    def rss(self, feed: int) -> bytes:
        start = self.first[feed]
        entries = "".join(
            f"<item><title>Story {feed}-{j}</title><link>{self.base}/item/{feed}/{j}</link>"
            f"<pubDate>Wed, 04 Mar 2026 09:30:00 GMT</pubDate></item>"
            for j in range(start + self.items - 1, start - 1, -1)
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>District {feed}</title>'
            f"<link>{self.base}/</link><description>Local news</description>{entries}</channel></rss>"
        ).encode()


def serve(feeds: Feeds) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            if parts[0] == "feed" and len(parts) == 2:
                feed = int(parts[1].removesuffix(".xml"))
                tag = feeds.etag(feed)
                if self.headers.get("If-None-Match") == tag:
                    self._send(304, b"", "", tag)
                else:
                    self._send(200, feeds.rss(feed), "application/rss+xml", tag)
            elif parts[0] == "item" and len(parts) == 3:
                self._send(200, page(int(parts[1]), int(parts[2])), "text/html; charset=utf-8", "")
            else:
                self._send(404, b"not here", "text/plain", "")

        def _send(self, status: int, body: bytes, kind: str, tag: str) -> None:
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            if tag:
                self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feeds.base = f"http://127.0.0.1:{server.server_address[1]}"
    return server


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument(
        "--new", type=float, default=0.1, help="Share of each feed's items new in a new round."
    )
    parser.add_argument("--rounds", type=int, default=2, help="Rounds of each kind (the median is compared).")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--force", action="store_true", help="Recreate a database whose name lacks 'bench'.")
    args = parser.parse_args()

    os.environ["FETCH_HOST_DELAY_SECONDS"] = "0"
    os.environ["FETCH_ALLOW_PRIVATE_HOSTS"] = "127.0.0.1/32"
    os.environ.pop("CELERY_BROKER_URL", None)  # extraction in-process, as without a broker
    tmp = tempfile.TemporaryDirectory(prefix="factcheck-bench-poll-")
    url = args.database_url or f"sqlite:///{Path(tmp.name) / 'poll.sqlite3'}"
    setup_django(url, fresh=url.startswith("postgres"), force=args.force)

    from django.db.models import Q

    from claims.extraction.lexicon import wordnet
    from claims.extraction.pipeline import extract_texts
    from claims.models import Article, Outlet, Source, SourceItem
    from claims.services.following import sources_poll_due

    feeds = Feeds(args.feeds, args.items)
    server = serve(feeds)
    # What a process loads once (the model, WordNet's data), outside the clock, as in a running worker.
    list(
        extract_texts(["Warm-up. The mayor said 3 bridges cost $4 million. “We will build them,” she said."])
    )
    wordnet.senses("buy", "verb")
    outlet = Outlet.objects.create(name="District News")
    sources = Source.objects.bulk_create(
        Source(url=f"{feeds.base}/feed/{i}.xml", outlet=outlet, poll_minutes=60) for i in range(args.feeds)
    )
    # The items the feeds list now were seen by earlier polls.
    SourceItem.objects.bulk_create(
        SourceItem(source=s, url=f"{feeds.base}/item/{i}/{j}", state=SourceItem.State.STORED)
        for i, s in enumerate(sources)
        for j in range(args.items)
    )
    new_per_feed = max(1, round(args.items * args.new))
    print(
        f"{args.feeds} feeds x {args.items} items ({args.feeds * args.items:,} items) on {feeds.base}; "
        f"{new_per_feed} new per feed in a new round; database {url.split('://')[0]}"
    )

    def poll_round(label: str) -> float:
        Source.objects.update(next_poll_at=None)  # every source due, as after its interval
        articles = Article.objects.count()
        start = time.perf_counter()
        polled = sources_poll_due()
        elapsed = time.perf_counter() - start
        failed = Source.objects.exclude(Q(last_error="")).count()
        new = Article.objects.count() - articles
        print(
            f"{label:<28} {elapsed:8.2f} s  {len(polled)} feeds polled, {new} new articles"
            f"{f', {failed} feeds with errors' if failed else ''}",
            flush=True,
        )
        if failed:
            print(
                "  first error:",
                Source.objects.exclude(last_error="").values_list("last_error", flat=True)[0],
            )
        return elapsed

    poll_round("warm-up (all seen)")
    quiet: list[float] = []
    busy: list[float] = []
    for _ in range(args.rounds):
        quiet.append(poll_round("nothing new"))
        feeds.advance(new_per_feed)
        busy.append(poll_round(f"{args.new:.0%} new"))
    extracted = Article.objects.filter(state=Article.State.EXTRACTED).count()
    print(f"articles: {Article.objects.count()} stored, {extracted} extracted")
    ratio = statistics.median(quiet) / statistics.median(busy)
    print(
        f"ratio nothing-new / {args.new:.0%}-new round (medians {statistics.median(quiet):.2f} s / "
        f"{statistics.median(busy):.2f} s): {ratio:.3f}   (goal < 0.05)"
    )
    server.shutdown()
    tmp.cleanup()


if __name__ == "__main__":
    main()
