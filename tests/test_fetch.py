"""The fetcher against a real HTTP server on 127.0.0.1: errors in words, limits, SSRF, politeness.

Nothing here reaches outside 127.0.0.1: addresses that would (10.0.0.1, 169.254.169.254) are
refused before any connection is made, which is what the tests check.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claims.fetch.http import FEED, PAGE, FetchError
from claims.fetch.pages import decode_page
from claims.services.web import fetcher, page_fetch

from .webpages import article_html, web

__all__ = ["web"]


def _get(url: str, **kwargs: Any) -> Any:
    return fetcher().get(url, accept=kwargs.pop("accept", PAGE), **kwargs)


def _error(url: str, **kwargs: Any) -> str:
    with pytest.raises(FetchError) as caught:
        _get(url, **kwargs)
    return str(caught.value)


def test_page_is_fetched_with_a_user_agent_naming_the_product_and_site(
    web: HTTPServer, settings: Any
) -> None:
    settings.SITE_URL = "https://desk.example.org"
    url = web.url_for("/story")
    web.expect_request("/story").respond_with_data(article_html(1, url=url), content_type="text/html")
    response, source = page_fetch(url)
    assert response.status == 200
    assert source is not None and "flood barrier" in source.text
    assert source.html_meta is not None and source.html_meta.url == url
    agent = web.log[-1][0].headers["User-Agent"]
    assert agent.startswith("factcheck/") and "https://desk.example.org" in agent


def test_http_errors_are_said_in_words(web: HTTPServer) -> None:
    web.expect_request("/gone").respond_with_data("no", status=404)
    web.expect_request("/broken").respond_with_data("oops", status=500)
    assert _error(web.url_for("/gone")) == "HTTP 404 NOT FOUND"
    assert _error(web.url_for("/broken")).startswith("HTTP 500")


def test_a_slow_server_times_out_in_seconds(web: HTTPServer, settings: Any) -> None:
    settings.FETCH_TIMEOUT_SECONDS = 0.5

    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response("late", content_type="text/html")

    web.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    assert _error(web.url_for("/slow")) == "timed out after 0.5 s"
    assert time.monotonic() - started < 1.4


def test_redirects_are_followed_and_a_loop_is_named(web: HTTPServer) -> None:
    url = web.url_for("/final")
    web.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/final"})
    web.expect_request("/final").respond_with_data(article_html(1, url=url), content_type="text/html")
    response = _get(web.url_for("/old"))
    assert response.url == url and response.redirects == (web.url_for("/old"),)

    web.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    web.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    message = _error(web.url_for("/a"))
    assert message.startswith("redirect loop: ") and "/a → " in message and "/b → " in message


def test_more_than_five_redirects_are_refused(web: HTTPServer) -> None:
    for hop in range(6):
        web.expect_request(f"/hop{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/hop{hop + 1}"}
        )
    web.expect_request("/hop6").respond_with_data("<p>x</p>", content_type="text/html")
    assert _get(web.url_for("/hop1")).status == 200  # five redirects: fine
    assert _error(web.url_for("/hop0")).startswith("more than 5 redirects")


def test_content_that_is_not_a_page_or_a_feed_is_refused(web: HTTPServer) -> None:
    web.expect_request("/report.pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    web.expect_request("/page").respond_with_data("<p>hello</p>", content_type="text/html")
    assert _error(web.url_for("/report.pdf")) == "content type application/pdf is not a web page (text/html)"
    assert _error(web.url_for("/page"), accept=FEED).startswith("content type text/html is not a feed")


def test_an_oversized_body_is_refused_and_reading_stops(web: HTTPServer, settings: Any) -> None:
    settings.INGEST_MAX_BYTES = 10_000
    web.expect_request("/big").respond_with_data("x" * 20_000, content_type="text/html")
    assert "20,000 bytes, over the 10,000-byte limit (INGEST_MAX_BYTES)" in _error(web.url_for("/big"))

    sent = []

    def endless(request: Request) -> Response:
        def chunks() -> Any:
            for _ in range(1000):
                sent.append(1)
                yield b"y" * 4096

        return Response(chunks(), content_type="text/html")  # no Content-Length

    web.expect_request("/stream").respond_with_handler(endless)
    assert _error(web.url_for("/stream")).endswith(
        "over the 10,000-byte limit (INGEST_MAX_BYTES); stopped reading"
    )


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.0.0.1/story", "refused: 10.0.0.1 is a private address; set FETCH_ALLOW_PRIVATE_HOSTS"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        ("http://127.0.0.2/story", "refused: 127.0.0.2 is a loopback address"),
        ("http://[::ffff:192.168.1.1]/", "refused: 192.168.1.1 is a private address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        (
            "ftp://127.0.0.1/story.txt",
            "refused: only http and https addresses are fetched, this is a ftp: address",
        ),
        ("file:///etc/passwd", "refused: only http and https addresses are fetched, this is a file: address"),
    ],
)
def test_unsafe_addresses_are_refused_before_connecting(web: HTTPServer, url: str, words: str) -> None:
    assert _error(url).startswith(words)


def test_a_name_resolving_to_loopback_is_refused_unless_allowed(web: HTTPServer, settings: Any) -> None:
    settings.FETCH_ALLOW_PRIVATE_HOSTS = []
    assert "localhost resolves to " in _error("http://localhost:1/")
    assert _error(web.url_for("/x")).startswith("refused: 127.0.0.1 is a loopback address")


def test_a_redirect_to_a_private_address_is_refused(web: HTTPServer) -> None:
    web.expect_request("/jump").respond_with_data(
        "", status=302, headers={"Location": "http://10.1.2.3/admin"}
    )
    assert _error(web.url_for("/jump")).startswith("refused: 10.1.2.3 is a private address")
    web.expect_request("/jump2").respond_with_data(
        "", status=302, headers={"Location": "gopher://127.0.0.1/"}
    )
    assert _error(web.url_for("/jump2")).startswith("refused: only http and https")


def test_robots_txt_is_obeyed_and_read_once_per_host(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n\nUser-agent: factcheck\nDisallow: /members/\n",
        content_type="text/plain",
    )
    web.expect_request("/members/story").respond_with_data("<p>x</p>", content_type="text/html")
    web.expect_request("/news/story").respond_with_data("<p>x</p>", content_type="text/html")
    assert _error(web.url_for("/members/story")).startswith("refused by robots.txt")
    assert _get(web.url_for("/news/story")).status == 200
    assert _get(web.url_for("/news/story")).status == 200
    asked = [request.path for request, _ in web.log]
    assert asked.count("/robots.txt") == 1
    assert "/members/story" not in asked


def test_a_robots_txt_that_fails_keeps_the_crawler_away(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data("down", status=503)
    assert _error(web.url_for("/story")).startswith("refused by robots.txt")


def test_requests_to_one_host_are_spaced_by_the_delay(web: HTTPServer, settings: Any) -> None:
    settings.FETCH_HOST_DELAY_SECONDS = 0.25
    times: list[float] = []

    def stamp(request: Request) -> Response:
        times.append(time.monotonic())
        return Response("<p>x</p>", content_type="text/html")

    web.expect_request("/tick").respond_with_handler(stamp)
    for _ in range(4):
        _get(web.url_for("/tick"))
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 4 and min(gaps) >= 0.24, gaps


def test_conditional_get_sends_the_validators_and_gets_not_modified(web: HTTPServer) -> None:
    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            "<rss version='2.0'><channel/></rss>",
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Wed, 04 Mar 2026 09:30:00 GMT"},
        )

    web.expect_request("/feed.xml").respond_with_handler(feed)
    first = _get(web.url_for("/feed.xml"), accept=FEED)
    assert first.status == 200 and first.etag == '"v1"'
    second = _get(web.url_for("/feed.xml"), accept=FEED, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    assert web.log[-1][0].headers["If-Modified-Since"] == "Wed, 04 Mar 2026 09:30:00 GMT"


def test_a_latin1_header_over_utf8_bytes_is_read_as_utf8_with_a_note() -> None:
    notes: list[str] = []
    text, encoding = decode_page("<p>Café “Olé” — naïve</p>".encode(), "ISO-8859-1", notes)
    assert text == "<p>Café “Olé” — naïve</p>" and encoding == "utf-8"
    assert notes == ["the page says its charset is ISO-8859-1, but its bytes are UTF-8: read as UTF-8"]


def test_a_utf8_header_over_windows_1252_bytes_is_detected_not_garbled() -> None:
    notes: list[str] = []
    body = ("<p>The mayor’s “café” plan was approved on Tuesday by the council of the town.</p>" * 3).encode(
        "cp1252"
    )
    text, encoding = decode_page(body, "utf-8", notes)
    assert "mayor’s “café”" in text and encoding == "cp1252"
    assert "but its bytes are not: read as cp1252 (detected)" in notes[-1]


def test_a_lying_charset_page_is_stored_without_mojibake(web: HTTPServer) -> None:
    url = web.url_for("/accents")
    html = article_html(2, url=url, charset=None, extra=" The café owner, José Núñez, welcomed it.")
    web.expect_request("/accents").respond_with_data(
        html.encode(), content_type="text/html; charset=iso-8859-1"
    )
    _, source = page_fetch(url)
    assert source is not None
    assert "José Núñez" in source.text and "Ã" not in source.text
    assert any("bytes are UTF-8" in note for note in source.notes)


def test_a_robots_txt_crawl_delay_longer_than_ours_is_obeyed(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"
    )
    times: list[float] = []

    def stamp(request: Request) -> Response:
        times.append(time.monotonic())
        return Response("<p>x</p>", content_type="text/html")

    web.expect_request("/slowly").respond_with_handler(stamp)
    _get(web.url_for("/slowly"))
    _get(web.url_for("/slowly"))
    assert times[1] - times[0] >= 0.99
