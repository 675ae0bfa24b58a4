"""Articles by URL and followed sources, against a real HTTP server on 127.0.0.1.

`ingest https://...`, the admin's "Add by URL", revisions of a changed page, and polling RSS,
Atom and news-sitemap sources: bad items each one line naming the address while the others go
on, retries with backoff, conditional GET that stores nothing new.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from claims.links import claim_path
from claims.models import Article, Claim, Mention, Outlet, Source, SourceItem
from claims.services.following import source_poll, sources_poll_due
from claims.services.review import claim_set_status

from .factories import logged_in
from .webpages import article_html, atom, news_sitemap, rss, web

__all__ = ["web"]

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def serve_page(web: HTTPServer, path: str, n: int, **kwargs: Any) -> str:
    url = web.url_for(path)
    web.expect_request(path).respond_with_data(article_html(n, url=url, **kwargs), content_type="text/html")
    return url


# --- articles by URL ----------------------------------------------------------------------------


def test_ingest_takes_urls_with_files_and_reads_the_page_metadata(web: HTTPServer, tmp_path: Any) -> None:
    url = serve_page(web, "/local/flood-barrier", 1)
    text_file = tmp_path / "notes.txt"
    text_file.write_text(
        "Rail link opens\n\nThe new rail link between Northgate and Southport opened on Monday, "
        "carrying 4,200 passengers on its first day, the operator said.\n",
        encoding="utf-8",
    )
    out, err = ingest(url, str(text_file))
    assert out.startswith("2 new, 0 unchanged, 0 failed"), (out, err)
    article = Article.objects.get(url=url)
    assert article.title == "Harbor City approves flood barrier (1)" or "flood barrier" in article.title
    assert article.outlet is not None and article.outlet.name == "The Valley Ledger"
    assert article.byline == "Mara Lindqvist"
    assert article.published_at is not None and article.published_at.date().isoformat() == "2026-03-04"
    assert article.language == "en"
    assert article.source_path == url
    assert article.state == Article.State.EXTRACTED
    quote = Mention.objects.filter(article=article, kind=Claim.Kind.QUOTE).first()
    assert quote is not None and article.text[quote.start : quote.end] == quote.text


def test_the_same_page_again_is_unchanged_and_its_canonical_address_deduplicates(web: HTTPServer) -> None:
    url = serve_page(web, "/story", 2)
    # Another address serving the same article, naming the first as canonical.
    web.expect_request("/story-amp").respond_with_data(article_html(2, url=url), content_type="text/html")
    ingest(url)
    out, _ = ingest(url, web.url_for("/story-amp"))
    assert out.startswith("0 new, 2 unchanged, 0 failed")
    assert Article.objects.count() == 1


def test_bad_pages_each_get_one_line_naming_the_url_and_the_others_go_on(
    web: HTTPServer, settings: Any
) -> None:
    settings.INGEST_MAX_BYTES = 50_000
    good = serve_page(web, "/good", 3)
    web.expect_request("/missing").respond_with_data("not here", status=404)
    web.expect_request("/error").respond_with_data("boom", status=500)
    web.expect_request("/index").respond_with_data(
        "<html><body><nav><a href='/a'>Home</a> <a href='/b'>Sport</a></nav></body></html>",
        content_type="text/html",
    )
    web.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff\xe0", content_type="image/jpeg")
    web.expect_request("/huge").respond_with_data("<p>" + "word " * 20_000 + "</p>", content_type="text/html")
    web.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    bad = [web.url_for(p) for p in ["/missing", "/error", "/index", "/photo.jpg", "/huge", "/loop"]]
    bad.append("ftp://127.0.0.1/x")
    err = StringIO()
    with pytest.raises(CommandError, match="7 of the files and addresses"):
        call_command("ingest", *bad, good, "--no-progress", stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [u.replace("ftp://", "ftp://") for u in bad]
    assert Article.objects.filter(url=good).exists() and Article.objects.count() == 1


def test_bad_pages_messages_are_in_words(web: HTTPServer, settings: Any) -> None:
    from claims.services.ingest import articles_ingest

    settings.INGEST_MAX_BYTES = 50_000
    web.expect_request("/missing").respond_with_data("not here", status=404)
    web.expect_request("/index").respond_with_data(
        "<html><body><nav><a href='/a'>Home</a></nav></body></html>", content_type="text/html"
    )
    web.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff\xe0", content_type="image/jpeg")
    web.expect_request("/huge").respond_with_data("<p>" + "word " * 20_000 + "</p>", content_type="text/html")
    web.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    paths = ["/missing", "/index", "/photo.jpg", "/huge", "/loop"]
    outcomes = articles_ingest(paths=[web.url_for(p) for p in paths] + ["ftp://127.0.0.1/x"])
    said = {o.path: o.message for o in outcomes}
    assert all(o.status == "failed" for o in outcomes)
    assert said[web.url_for("/missing")] == "HTTP 404 NOT FOUND"
    assert said[web.url_for("/index")].startswith("the page has no article text")
    assert said[web.url_for("/photo.jpg")] == "content type image/jpeg is not a web page (text/html)"
    assert "over the 50,000-byte limit (INGEST_MAX_BYTES)" in said[web.url_for("/huge")]
    assert said[web.url_for("/loop")].startswith("redirect loop: ")
    assert said["ftp://127.0.0.1/x"].startswith("refused: only http and https")


def _public(claim: Claim) -> None:
    user = User.objects.create_user("reviewer-x", is_staff=True)
    claim.refresh_from_db()
    claim_set_status(
        claim=claim,
        status=Claim.Status.SINGLE_SOURCE,
        actor=user,
        verdict_note="Checked against the outlet.",
        expected_version=claim.version,
    )


def test_a_changed_page_becomes_a_revision_not_a_second_source(web: HTTPServer) -> None:
    url = web.url_for("/story")
    page = {"html": article_html(4, url=url, millions=30)}
    web.expect_request("/story").respond_with_handler(
        lambda r: Response(page["html"], content_type="text/html")
    )
    ingest(url)
    first = Article.objects.get()
    page["html"] = article_html(4, url=url, millions=45)
    out, _ = ingest(url)
    assert out.startswith("1 new")
    second = Article.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert second.revision_of_id == first.pk and second.url == url
    assert first.revised_at is not None and second.revised_at is None
    # Each revision's mentions point into its own text.
    for m in Mention.objects.filter(article__in=[first, second]):
        assert m.article.text[m.start : m.end] == m.text
    # The quote both revisions carry is one source, not two.
    quote = Claim.objects.filter(kind=Claim.Kind.QUOTE, mentions__article=second).distinct().get()
    assert set(quote.mentions.values_list("article_id", flat=True)) == {first.pk, second.pk}
    assert quote.suggested_status == Claim.Status.SINGLE_SOURCE
    assert f"article {second.pk} is a revision of article {first.pk}" in quote.suggestion_reason
    # A third fetch with the second text again is unchanged; a third text is another revision of the first.
    assert ingest(url)[0].startswith("0 new, 1 unchanged")
    page["html"] = article_html(4, url=url, millions=50)
    ingest(url)
    assert Article.objects.filter(revision_of=first).count() == 2
    second.refresh_from_db()
    assert second.revised_at is not None

    _public(quote)
    public = Client().get(claim_path(quote.pk, quote.text)).content.decode()
    assert "revised: text changed on" in public
    admin_page = (
        logged_in("editor", "Editors")
        .get(reverse("admin:claims_claim_change", args=[quote.pk]))
        .content.decode()
    )
    assert "revised: text changed on" in admin_page and f"revision of article {first.pk}" in admin_page


def test_add_by_url_on_the_upload_page_queues_the_fetched_article(
    web: HTTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    url = serve_page(web, "/added", 5)
    client = logged_in("editor", "Editors")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("admin:claims_article_upload"), {"page_url": url}, follow=True
        ).content.decode()
    assert "1 article(s) queued for extraction" in page
    article = Article.objects.get(url=url)
    assert article.state == Article.State.EXTRACTED and article.mentions.exists()
    assert url in client.get(reverse("admin:claims_article_upload")).content.decode()
    web.expect_request("/gone").respond_with_data("x", status=404)
    page = client.post(
        reverse("admin:claims_article_upload"), {"page_url": web.url_for("/gone")}, follow=True
    )
    # The admin capitalises a message's first letter.
    assert f"{web.url_for('/gone')[1:]}: HTTP 404 NOT FOUND" in page.content.decode()


# --- followed sources ---------------------------------------------------------------------------


def _source(web: HTTPServer, path: str = "/feed.xml", **kwargs: Any) -> Source:
    outlet, _ = Outlet.objects.get_or_create(name="Valley Ledger (followed)")
    return Source.objects.create(url=web.url_for(path), outlet=outlet, **kwargs)


def _etag_feed(
    web: HTTPServer, path: str, body: dict[str, str], content_type: str = "application/rss+xml"
) -> None:
    def handler(request: Request) -> Response:
        tag = f'"{hash(body["xml"]) & 0xFFFFFF:x}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304, headers={"ETag": tag})
        return Response(body["xml"], content_type=content_type, headers={"ETag": tag})

    web.expect_request(path).respond_with_handler(handler)


def _due(source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(next_poll_at=None)


def test_an_rss_source_is_polled_bad_items_reported_and_an_unchanged_feed_costs_nothing(
    web: HTTPServer,
) -> None:
    good = [serve_page(web, f"/news/{n}", 10 + n) for n in range(2)]
    web.expect_request("/news/gone").respond_with_data("no", status=404)
    web.expect_request("/news/podcast.mp3").respond_with_data(b"ID3", content_type="audio/mpeg")
    feed = {
        "xml": rss(
            [
                {"title": "Barrier approved", "link": good[0]},
                {"title": "No link here"},
                {"title": "Gone", "link": web.url_for("/news/gone")},
                {"title": "Second story", "link": good[1]},
                {"title": "Podcast", "link": web.url_for("/news/podcast.mp3")},
            ]
        )
    }
    _etag_feed(web, "/feed.xml", feed)
    source = _source(web)

    assert sources_poll_due() == [source.pk]
    source.refresh_from_db()
    assert (source.kind, source.items_found, source.items_new, source.items_failed) == ("rss", 4, 2, 3)
    lines = source.last_error.splitlines()
    assert f"{source.url}: item 2 ('No link here') has no link; skipped" in lines
    assert f"{web.url_for('/news/gone')}: HTTP 404 NOT FOUND" in lines
    assert (
        f"{web.url_for('/news/podcast.mp3')}: content type audio/mpeg is not a web page (text/html)" in lines
    )
    assert source.etag and source.last_polled_at is not None and source.next_poll_at is not None
    stored = Article.objects.filter(url__in=good)
    assert stored.count() == 2 and {a.outlet.name for a in stored if a.outlet} == {"Valley Ledger (followed)"}
    assert all(a.state == Article.State.PENDING for a in stored)  # queued, as `ingest --async` does

    # Not due again until its interval has passed.
    assert sources_poll_due() == []
    # The next poll: the feed answers 304 to If-None-Match; only the failed items are tried again.
    _due(source)
    web.clear_log()
    sources_poll_due()
    feed_requests = [r for r, _ in web.log if r.path == "/feed.xml"]
    assert feed_requests[0].headers.get("If-None-Match") == source.etag
    assert [resp.status_code for r, resp in web.log if r.path == "/feed.xml"] == [304]
    assert sorted(r.path for r, _ in web.log if r.path.startswith("/news/")) == [
        "/news/gone",
        "/news/podcast.mp3",
    ]
    assert Article.objects.count() == 2
    gone = SourceItem.objects.get(url=web.url_for("/news/gone"))
    assert gone.failures == 2 and gone.state == SourceItem.State.FAILED
    assert gone.next_try_at is not None and gone.next_try_at > timezone.now() + timedelta(minutes=50)

    # Backoff: polled again at once, the item is not asked for before its time.
    _due(source)
    web.clear_log()
    sources_poll_due()
    assert not [r for r, _ in web.log if r.path == "/news/gone"]
    source.refresh_from_db()
    assert (source.items_new, source.items_failed, source.last_error) == (0, 0, "")

    # Its time come and the page back, it is stored.
    web.clear()
    serve_page(web, "/news/gone", 30)
    _etag_feed(web, "/feed.xml", feed)
    SourceItem.objects.filter(pk=gone.pk).update(next_try_at=timezone.now() - timedelta(seconds=1))
    _due(source)
    sources_poll_due()
    gone.refresh_from_db()
    assert gone.state == SourceItem.State.STORED and gone.article is not None and gone.failures == 0


def test_an_item_failing_too_often_is_given_up(web: HTTPServer) -> None:
    web.expect_request("/news/broken").respond_with_data("no", status=500)
    feed = {"xml": rss([{"title": "Broken", "link": web.url_for("/news/broken")}])}
    _etag_feed(web, "/feed.xml", feed)
    source = _source(web)
    for _ in range(8):
        SourceItem.objects.update(next_try_at=timezone.now() - timedelta(seconds=1))
        source_poll(source_id=source.pk)
    item = SourceItem.objects.get()
    assert item.state == SourceItem.State.GAVE_UP and item.failures == 8
    source.refresh_from_db()
    assert "not tried again" in source.last_error


def test_atom_and_news_sitemap_sources_queue_their_items_through_ingest(
    web: HTTPServer, django_capture_on_commit_callbacks: Any
) -> None:
    pages = [serve_page(web, f"/a/{n}", 40 + n) for n in range(3)]
    web.expect_request("/atom.xml").respond_with_data(
        atom([{"title": "One", "link": pages[0]}, {"title": "Two", "link": pages[1]}]),
        content_type="application/atom+xml",
    )
    web.expect_request("/sitemap-news.xml").respond_with_data(
        news_sitemap([{"title": "Two", "link": pages[1]}, {"title": "Three", "link": pages[2]}]),
        content_type="application/xml",
    )
    feed = _source(web, "/atom.xml")
    sitemap = _source(web, "/sitemap-news.xml")
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("sources_poll", "--once", stdout=out)
    feed.refresh_from_db()
    sitemap.refresh_from_db()
    assert (feed.kind, feed.items_found, feed.items_new) == ("atom", 2, 2)
    # The sitemap's second item is the feed's: the same article, stored once.
    assert (sitemap.kind, sitemap.items_found, sitemap.items_new) == ("sitemap", 2, 1)
    assert Article.objects.filter(state=Article.State.EXTRACTED).count() == 3
    assert f"{feed.url}: 2 found, 2 new, 0 failed" in out.getvalue()
    assert SourceItem.objects.filter(state=SourceItem.State.STORED, article__isnull=False).count() == 4


def test_a_malformed_feed_is_one_line_and_read_in_full_once_fixed(web: HTTPServer) -> None:
    page = serve_page(web, "/m/1", 50)
    feed = {"xml": "<rss version='2.0'><channel><title>Broken & wrong</ttle><item><link>"}
    _etag_feed(web, "/feed.xml", feed)
    source = _source(web)
    source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert source.last_error.startswith(f"{source.url}: malformed feed: not well-formed XML")
    assert source.etag == "" and Article.objects.count() == 0
    feed["xml"] = rss([{"title": "Fixed", "link": page}])
    source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert (source.last_error, source.items_new) == ("", 1)


def test_a_feed_that_is_not_a_feed_is_refused_in_words(web: HTTPServer) -> None:
    web.expect_request("/feed.xml").respond_with_data(
        "<html><body>Our feeds</body></html>", content_type="text/html"
    )
    source = _source(web)
    source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert (
        source.last_error
        == f"{source.url}: content type text/html is not a feed or sitemap (RSS, Atom or XML)"
    )
    assert source.items_found == 0


def test_an_updated_feed_item_with_changed_text_becomes_a_revision(web: HTTPServer) -> None:
    url = web.url_for("/u/story")
    page = {"html": article_html(60, url=url, millions=70)}

    def serve(request: Request) -> Response:
        return Response(page["html"], content_type="text/html")

    web.expect_request("/u/story").respond_with_handler(serve)
    feed = {"xml": atom([{"title": "Story", "link": url, "updated": "2026-03-04T09:30:00Z"}])}
    _etag_feed(web, "/atom.xml", feed, "application/atom+xml")
    source = _source(web, "/atom.xml")
    source_poll(source_id=source.pk)
    first = Article.objects.get()
    page["html"] = article_html(60, url=url, millions=75)
    feed["xml"] = atom([{"title": "Story (corrected)", "link": url, "updated": "2026-03-05T10:00:00Z"}])
    source_poll(source_id=source.pk)
    revision = Article.objects.exclude(pk=first.pk).get()
    assert revision.revision_of_id == first.pk
    assert SourceItem.objects.get().article_id == revision.pk


def test_robots_txt_keeps_items_out_and_says_so(web: HTTPServer) -> None:
    web.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    open_page = serve_page(web, "/open/1", 70)
    private = web.url_for("/private/1")
    web.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Open", "link": open_page}, {"title": "Private", "link": private}]),
        content_type="application/rss+xml",
    )
    source = _source(web)
    source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert (source.items_new, source.items_failed) == (1, 1)
    assert f"{private}: refused by robots.txt" in source.last_error
    assert "/private/1" not in [r.path for r, _ in web.log]


def test_a_source_at_a_private_address_is_refused(web: HTTPServer) -> None:
    source = Source.objects.create(url="http://192.168.0.10/feed.xml")
    source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert source.last_error == (
        "http://192.168.0.10/feed.xml: refused: 192.168.0.10 is a private address; "
        "set FETCH_ALLOW_PRIVATE_HOSTS to allow it"
    )


def test_editors_add_a_source_in_the_admin_and_see_its_last_poll(web: HTTPServer) -> None:
    page = serve_page(web, "/ad/1", 80)
    web.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "One", "link": page}]), content_type="application/rss+xml"
    )
    outlet = Outlet.objects.create(name="Admin Outlet")
    client = logged_in("editor", "Editors")
    response = client.post(
        reverse("admin:claims_source_add"),
        {"url": web.url_for("/feed.xml"), "outlet": outlet.pk, "poll_minutes": 30, "enabled": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get()
    assert source.poll_minutes == 30 and source.next_poll_at is None
    sources_poll_due()
    listing = client.get(reverse("admin:claims_source_changelist")).content.decode()
    assert web.url_for("/feed.xml") in listing and "Admin Outlet" in listing
    assert "1 found, 1 new, 0 failed" in listing
    change = client.get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    assert "1 item(s) seen" in change
    # Switched off, it is not polled, even by a task queued before.
    Source.objects.update(enabled=False, next_poll_at=None)
    assert sources_poll_due() == []
    assert source_poll(source_id=source.pk).lines == [f"{source.url}: switched off; not polled"]


def test_an_updated_item_is_asked_for_with_its_own_etag_and_an_unchanged_page_stores_nothing(
    web: HTTPServer,
) -> None:
    url = web.url_for("/e/story")

    def serve(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"page-1"':
            return Response(status=304, headers={"ETag": '"page-1"'})
        return Response(article_html(61, url=url), content_type="text/html", headers={"ETag": '"page-1"'})

    web.expect_request("/e/story").respond_with_handler(serve)
    feed = {"xml": atom([{"title": "Story", "link": url, "updated": "2026-03-04T09:30:00Z"}])}
    _etag_feed(web, "/atom.xml", feed, "application/atom+xml")
    source = _source(web, "/atom.xml")
    source_poll(source_id=source.pk)
    assert SourceItem.objects.get().etag == '"page-1"'
    feed["xml"] = atom([{"title": "Story", "link": url, "updated": "2026-03-06T08:00:00Z"}])
    web.clear_log()
    source_poll(source_id=source.pk)
    asked = [
        (r.headers.get("If-None-Match"), resp.status_code) for r, resp in web.log if r.path == "/e/story"
    ]
    assert asked == [('"page-1"', 304)]
    assert Article.objects.count() == 1
    item = SourceItem.objects.get()
    assert item.updated == "2026-03-06T08:00:00Z" and item.state == SourceItem.State.STORED


def test_an_item_whose_link_is_no_web_address_is_skipped_in_words(web: HTTPServer) -> None:
    page = serve_page(web, "/j/1", 62)
    web.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Script", "link": "javascript:alert(1)"}, {"title": "Fine", "link": page}]),
        content_type="application/rss+xml",
    )
    source = _source(web)
    source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert (source.items_found, source.items_new, source.items_failed) == (2, 1, 1)
    assert source.last_error == (
        f"{source.url}: the item 'javascript:alert(1)' is skipped: its link does not start with http:// or https://"
    )
    assert SourceItem.objects.count() == 1


def test_revisions_of_an_article_without_outlet_are_one_source() -> None:
    from claims.services.suggestions import SourceRow, suggest

    first = SourceRow(7, None, "supports", None, "", None, None, "")
    revision = SourceRow(12, None, "supports", None, "", None, None, "", revision_of=7)
    other = SourceRow(20, None, "supports", None, "", None, None, "")
    assert suggest([first, revision]).status == Claim.Status.SINGLE_SOURCE
    assert "article 12 is a revision of article 7" in suggest([first, revision]).reason
    assert suggest([first, revision, other]).status == Claim.Status.CORROBORATED
