"""Invented news pages, feeds and a news sitemap for the fetch and followed-source tests.

Nothing here is copied from a real outlet: the towns, people and numbers are made up.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

TOWNS = ["Harbor City", "Millbrook", "Eastvale", "Port Solane", "Redwater", "Kestrel Bay"]
MAYORS = ["Lena Ortiz", "Tomas Brandt", "Amara Okafor", "Jonah Whitlock", "Priya Raman", "Elsa Moreau"]


def article_text(n: int, *, millions: int | None = None) -> list[str]:
    """Paragraphs of an invented local news story; ``n`` varies the town, people and numbers."""
    town, mayor = TOWNS[n % len(TOWNS)], MAYORS[n % len(MAYORS)]
    amount = millions if millions is not None else 20 + n
    homes = 1000 + 37 * n
    return [
        f"The {town} council on Tuesday approved a ${amount} million flood barrier along the river, "
        f"ending a debate that has lasted for more than three years.",
        f'"This barrier will protect {homes:,} homes from the spring floods," said Mayor {mayor}, '
        "who had promised the project during her campaign.",
        f"Construction is expected to begin in March and to take 18 months, according to the city's "
        f"engineering department, which will hire {40 + n} local workers for the job.",
        f"Opponents argued that the money should go to road repairs instead. Council member Ravi Desai "
        f"said the vote was rushed and that residents had only two weeks to comment on the plan {n}.",
        "The regional water authority has agreed to pay for a third of the cost, officials said.",
    ]


def article_html(
    n: int,
    *,
    url: str,
    title: str | None = None,
    millions: int | None = None,
    outlet: str = "The Valley Ledger",
    published: str = "2026-03-04T09:30:00+00:00",
    charset: str | None = "utf-8",
    extra: str = "",
) -> str:
    paragraphs = "\n".join(
        f"<p>{escape(p)}{escape(extra) if i == 0 else ''}</p>"
        for i, p in enumerate(article_text(n, millions=millions))
    )
    headline = title or f"{TOWNS[n % len(TOWNS)]} approves flood barrier ({n})"
    meta_charset = f'<meta charset="{charset}">' if charset else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head>{meta_charset}
<title>{escape(headline)} | {escape(outlet)}</title>
<link rel="canonical" href="{escape(url)}">
<meta property="og:title" content="{escape(headline)}">
<meta property="og:site_name" content="{escape(outlet)}">
<meta name="author" content="Mara Lindqvist">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>{escape(headline)}</h1>
<p class="byline">By Mara Lindqvist</p>
{paragraphs}
</article>
<footer>Copyright 2026 {escape(outlet)}</footer>
</body></html>"""


def rss(items: list[dict[str, str]], *, title: str = "The Valley Ledger: Local") -> str:
    entries = "\n".join(
        "<item>"
        + (f"<title>{escape(i['title'])}</title>" if "title" in i else "")
        + (f"<link>{escape(i['link'])}</link>" if "link" in i else "")
        + f"<pubDate>{i.get('date', 'Wed, 04 Mar 2026 09:30:00 GMT')}</pubDate>"
        + "</item>"
        for i in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>http://127.0.0.1/</link>
<description>Local news</description>
{entries}
</channel></rss>"""


def atom(items: list[dict[str, str]]) -> str:
    entries = "\n".join(
        f"""<entry><title>{escape(i["title"])}</title><link href="{escape(i["link"])}"/>
<id>{escape(i["link"])}</id><updated>{i.get("updated", "2026-03-04T09:30:00Z")}</updated></entry>"""
        for i in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>The Valley Ledger</title>
<id>urn:valley-ledger</id><updated>2026-03-04T09:30:00Z</updated>
{entries}
</feed>"""


def news_sitemap(items: list[dict[str, str]]) -> str:
    entries = "\n".join(
        f"""<url><loc>{escape(i["link"])}</loc><news:news><news:publication><news:name>The Valley Ledger</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2026-03-04T09:30:00+00:00</news:publication_date>
<news:title>{escape(i["title"])}</news:title></news:news></url>"""
        for i in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{entries}
</urlset>"""


@pytest.fixture
def web(httpserver_ipv4: HTTPServer, settings: Any) -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1; fetching allowed to loopback only, without the rate limit.

    A path nobody registered answers 404 (so robots.txt is absent unless a test serves one).
    """
    from claims.fetch.http import STATE

    settings.FETCH_ALLOW_PRIVATE_HOSTS = ["127.0.0.1/32"]
    settings.FETCH_HOST_DELAY_SECONDS = 0
    settings.FETCH_TIMEOUT_SECONDS = 5
    httpserver_ipv4.no_handler_status_code = 404
    STATE.clear()
    yield httpserver_ipv4
    STATE.clear()
    httpserver_ipv4.clear()
