"""The product's fetcher, configured from settings, and a web page fetched as an article source.

Every web request of the product goes through :func:`fetcher` (the politeness and safety rules
are in :mod:`claims.fetch.http`). Reads only: the writes are ingest's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from importlib import metadata

from django.conf import settings

from claims.extraction.reading import Source
from claims.fetch.http import PAGE, Fetcher, Policy, Response, parse_networks
from claims.fetch.pages import page_source
from claims.web_urls import web_url_problem

# A command-line argument that is a web address (any scheme, so ftp:// gets a clear refusal).
_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
FALLBACK_SITE = "http://127.0.0.1:8000"


def is_web_address(arg: object) -> bool:
    return isinstance(arg, str) and bool(_ADDRESS.match(arg))


@cache
def _version() -> str:
    try:
        return metadata.version("factcheck")
    except metadata.PackageNotFoundError:
        return "dev"


def user_agent() -> str:
    """The product, its version and where to find who runs it (SITE_URL)."""
    return f"factcheck/{_version()} (+{settings.SITE_URL or FALLBACK_SITE})"


def fetcher(*, max_bytes: int | None = None) -> Fetcher:
    """A fetcher with the settings' policy; robots.txt and host turns are shared per process."""
    return Fetcher(
        Policy(
            user_agent=user_agent(),
            timeout=settings.FETCH_TIMEOUT_SECONDS,
            max_bytes=max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES,
            host_delay=settings.FETCH_HOST_DELAY_SECONDS,
            allow_private=parse_networks(settings.FETCH_ALLOW_PRIVATE_HOSTS),
            robots_seconds=settings.FETCH_ROBOTS_CACHE_SECONDS,
        )
    )


def page_fetch(
    url: str, *, max_bytes: int | None = None, etag: str = "", last_modified: str = ""
) -> tuple[Response, Source | None]:
    """Fetch an article page: the response, and its text and metadata (None when not modified).

    The canonical address the page states is its address; without one (or with one that is no
    web address), where the fetch ended.
    Raises :class:`claims.fetch.http.FetchError` with one line.
    """
    response = fetcher(max_bytes=max_bytes).get(url, accept=PAGE, etag=etag, last_modified=last_modified)
    if response.not_modified:
        return response, None
    source = page_source(url, response)
    meta = source.html_meta
    if meta is not None and (not meta.url or web_url_problem(meta.url)):
        source = replace(source, html_meta=replace(meta, url=response.url))
    return response, source
