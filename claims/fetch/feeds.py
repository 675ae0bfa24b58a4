"""RSS and Atom feeds, and news sitemaps, as the items they list: (address, title, published).

A feed that cannot be read at all raises :class:`FeedError` with one line; a feed that is not
well-formed but still yields items, and items without a link, are reported in
:attr:`Feed.problems` while the other items go on.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin
from xml.etree import ElementTree

_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex|rss|feed|RDF)\b")
_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class FeedError(Exception):
    """A feed or sitemap that yields nothing: the message is one line, without the address."""


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str = ""
    published_at: datetime | None = None
    updated: str = ""  # the update time as the source states it: a change means the item changed


@dataclass(frozen=True)
class Feed:
    kind: str  # rss | atom | sitemap
    items: list[FeedItem]
    problems: list[str] = field(default_factory=list)
    skipped: int = 0  # items without a link


def parse_feed(body: bytes, url: str) -> Feed:
    """The items of an RSS or Atom feed or a news sitemap; relative links are taken from ``url``."""
    match = _ROOT.search(body[:4096])
    root = match.group(1).decode() if match else ""
    if root in ("urlset", "sitemapindex"):
        return _sitemap(body, url)
    return _feed(body, url)


def _feed(body: bytes, url: str) -> Feed:
    import feedparser  # imported lazily: only polling needs it

    parsed = feedparser.parse(body)
    version = str(parsed.get("version") or "")
    problems: list[str] = []
    if parsed.get("bozo"):
        reason = _first_line(parsed.get("bozo_exception"))
        if not parsed.entries:
            raise FeedError(f"malformed feed: not well-formed XML ({reason})")
        problems.append(
            f"the feed is not well-formed XML ({reason}); {len(parsed.entries)} item(s) read anyway"
        )
    if not version and not parsed.entries:
        raise FeedError("not an RSS or Atom feed, nor a news sitemap")
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        title = _text(entry.get("title"))
        link = _text(entry.get("link"))
        if not link:
            problems.append(f"item {number} ({title or 'untitled'!r}) has no link; skipped")
            continue
        # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
        moment = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        updated = dict.get(entry, "updated") or dict.get(entry, "published")
        items.append(
            FeedItem(
                url=urljoin(url, link),
                title=title,
                published_at=_moment(moment),
                updated=_text(updated)[:100],
            )
        )
    kind = "atom" if version.startswith("atom") else "rss"
    return Feed(kind, items, problems, skipped=len(parsed.entries) - len(items))


def _sitemap(body: bytes, url: str) -> Feed:
    # No DTD is ever needed in a sitemap: refusing one rules out entity expansion.
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise FeedError("malformed sitemap: it declares a DOCTYPE or entities, which a sitemap never needs")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise FeedError(f"malformed sitemap: not well-formed XML ({exc})") from None
    if root.tag == f"{_SITEMAP}sitemapindex":
        raise FeedError("a sitemap index, not a news sitemap: follow the news sitemap it lists instead")
    items: list[FeedItem] = []
    problems: list[str] = []
    for number, node in enumerate(root.iter(f"{_SITEMAP}url"), start=1):
        loc = _text(node.findtext(f"{_SITEMAP}loc"))
        title = _text(node.findtext(f"{_NEWS}news/{_NEWS}title"))
        if not loc:
            problems.append(f"entry {number} ({title or 'untitled'!r}) has no <loc>; skipped")
            continue
        stated = _text(node.findtext(f"{_NEWS}news/{_NEWS}publication_date"))
        lastmod = _text(node.findtext(f"{_SITEMAP}lastmod"))
        items.append(
            FeedItem(
                url=urljoin(url, loc),
                title=title,
                published_at=_iso(stated),
                updated=(lastmod or stated)[:100],
            )
        )
    return Feed("sitemap", items, problems, skipped=len(problems))


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _moment(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _iso(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _first_line(exc: object) -> str:
    text = str(exc or "").strip()
    return text.splitlines()[0] if text else type(exc).__name__
