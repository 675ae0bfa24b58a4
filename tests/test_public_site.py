"""The public site: fact-check pages show exactly what the API shows, and nothing an editor has not
released; they link where ClaimReview and the exports point, cost a fixed number of queries, and
answer conditional GETs from a cache that every editor change empties."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from claims.links import claim_path, speaker_path
from claims.models import Claim, ClaimComment
from claims.services.review import claim_set_status
from claims.services.sheets import sheet_save
from tests.factories import (
    SECRET_MARKERS,
    add_to_sheet,
    make_article,
    make_mention,
    make_outlet,
    make_public_claim,
    make_public_dataset,
)

pytestmark = pytest.mark.django_db

HELD = "HELD-SOURCE-TEXT"


@pytest.fixture
def data() -> dict[str, Any]:
    data = make_public_dataset()
    # A source that arrived after the verdict: no editor has seen it, so it is not public yet.
    held = make_article(
        outlet=make_outlet(name=f"{HELD} Outlet"), title=f"{HELD} title", text=f"{HELD} $7.6 billion."
    )
    make_mention(claim=data["quantity"], article=held, start=0, end=5, held=True, sentence=f"{HELD} sentence")
    ClaimComment.objects.create(claim=data["quantity"], author=data["editor"], text="SECRET-INTERNAL comment")
    cache.clear()
    return data


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.content.decode()


def assert_nothing_private(body: str) -> None:
    for marker in (*SECRET_MARKERS, HELD, "internal", "alice", "seeds/003.txt"):
        assert marker not in body, marker


def quantity_url(data: dict[str, Any]) -> str:
    return claim_path(data["quantity"].pk, data["quantity"].text)


# --- one leak test per page -------------------------------------------------------------------


def test_claim_page_shows_the_verdict_and_reviewed_sources_only(client: Client, data: dict[str, Any]) -> None:
    body = page(client, quantity_url(data))
    assert_nothing_private(body)
    assert "approximately $7.6 billion" in body
    assert "Two outlets report the same figure." in body
    assert "Corroborated" in body
    # Who reviewed: the organisation and the date, never the editor's name.
    assert "Reviewed by factcheck desk on" in body and "6 April 2023" in body
    # Both reviewed sources: outlet, date, title linking to the original, the claimed words marked.
    assert "Japan Times" in body and "NHK World" in body
    assert '<a class="print-url" href="https://example.org/japan-nato"' in body
    assert "<mark>approximately $7.6 billion</mark>" in body
    assert "Sources (2)" in body
    # Links to the JSON and to the sheet it is on.
    assert f'href="/api/v1/claims/{data["quantity"].pk}/"' in body
    assert 'href="/sheets/japan-nato/"' in body


@pytest.mark.parametrize("name", ["unreviewed", "rejected", "merged"])
def test_claim_page_of_an_unpublished_claim_is_not_found(
    client: Client, data: dict[str, Any], name: str
) -> None:
    claim = data[name]
    body = page(client, claim_path(claim.pk, claim.text), status=404)
    assert_nothing_private(body)
    assert "Not found" in body


def test_claim_page_redirects_to_its_address(client: Client, data: dict[str, Any]) -> None:
    claim = data["quantity"]
    for wrong in (f"/claims/{claim.pk}/", f"/claims/{claim.pk}/an-old-wording/"):
        response = client.get(wrong)
        assert response.status_code == 301 and response["Location"] == quantity_url(data)


def test_quote_page_names_the_speaker_and_the_cue(client: Client, data: dict[str, Any]) -> None:
    quote = data["quote"]
    body = page(client, claim_path(quote.pk, quote.text))
    assert_nothing_private(body)
    assert "“No other partner is closer”" in body
    assert f'<a href="{speaker_path(data["speaker"].pk, "Jens Stoltenberg")}">Jens Stoltenberg</a>' in body
    assert "cue: “said”" in body


def test_speaker_page_lists_their_reviewed_quotes_only(client: Client, data: dict[str, Any]) -> None:
    speaker = data["speaker"]
    body = page(client, speaker_path(speaker.pk, speaker.name))
    assert_nothing_private(body)
    assert "No other partner is closer" in body and "Checked quotes and claims (1)" in body
    hidden = data["hidden_speaker"]  # speaks only in an unreviewed quote
    assert_nothing_private(page(client, speaker_path(hidden.pk, hidden.name), status=404))


def test_sheet_page_shows_reviewed_claims_in_order_with_its_exports(
    client: Client, data: dict[str, Any]
) -> None:
    body = page(client, "/sheets/japan-nato/")
    assert_nothing_private(body)
    # The editor's order (the unreviewed claim between them is left out).
    assert body.index("No other partner is closer") < body.index("approximately $7.6 billion")
    for fmt in ("csv", "xlsx", "pdf", "md", "json", "claimreview"):
        assert f'href="/api/v1/sheets/japan-nato/export.{fmt}"' in body
        assert client.get(f"/api/v1/sheets/japan-nato/export.{fmt}").status_code == 200
    assert "@media print" in body
    assert_nothing_private(page(client, "/sheets/draft/", status=404))


def test_search_lists_similar_reviewed_claims_with_their_verdicts(
    client: Client, data: dict[str, Any]
) -> None:
    body = page(client, "/search/?q=" + "Japan has announced approximately $7.6 billion in aid")
    assert_nothing_private(body)
    assert quantity_url(data) in body and "Corroborated" in body
    # The same lookup as the API.
    api = client.get("/api/v1/claims/lookup/", {"q": "Japan has announced approximately $7.6 billion in aid"})
    assert api.json()["results"][0]["claim"]["id"] == data["quantity"].pk
    # An unreviewed claim is never found, even word for word.
    body = page(client, "/search/?q=UNREVIEWED-TEXT+quote")
    assert "Nothing similar has been checked yet" in body
    assert claim_path(data["unreviewed"].pk, data["unreviewed"].text) not in body


def test_search_refuses_what_it_cannot_look_up_with_a_message(client: Client, data: dict[str, Any]) -> None:
    body = page(client, "/search/?q=a%00b", status=400)
    assert "cannot be searched" in body
    body = page(client, "/search/?q=" + "word " * 300, status=400)
    assert "at most 1,000 characters" in body
    body = page(client, "/search/?q=zebra+quantum+marmalade")
    assert "Nothing similar has been checked yet" in body


def test_home_links_the_search_and_lists_recent_verdicts(client: Client, data: dict[str, Any]) -> None:
    body = page(client, "/")
    assert_nothing_private(body)
    assert 'action="/search/"' in body
    assert quantity_url(data) in body and 'href="/sheets/japan-nato/"' in body


def test_feed_is_atom_of_public_verdicts(client: Client, data: dict[str, Any]) -> None:
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert_nothing_private(body)
    root = ElementTree.fromstring(body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    links = {e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)}  # type: ignore[union-attr]
    assert links == {
        "http://testserver" + quantity_url(data),
        "http://testserver" + claim_path(data["quote"].pk, data["quote"].text),
    }


def test_sitemap_lists_every_public_page_and_nothing_else(client: Client, data: dict[str, Any]) -> None:
    index = ElementTree.fromstring(page(client, "/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls: set[str] = set()
    for loc in index.findall("s:sitemap/s:loc", ns):
        section = ElementTree.fromstring(page(client, (loc.text or "").removeprefix("http://testserver")))
        urls |= {u.text or "" for u in section.findall("s:url/s:loc", ns)}
    assert urls == {
        "http://testserver" + quantity_url(data),
        "http://testserver" + claim_path(data["quote"].pk, data["quote"].text),
        "http://testserver/sheets/japan-nato/",
        "http://testserver" + speaker_path(data["speaker"].pk, data["speaker"].name),
    }


# --- ClaimReview in the page -----------------------------------------------------------------------


def test_claim_page_embeds_one_claimreview_whose_url_is_the_page(
    client: Client, data: dict[str, Any], settings: Any
) -> None:
    settings.SITE_URL = "https://checks.example"
    body = page(client, quantity_url(data))
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(blocks) == 1
    review = json.loads(blocks[0])
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://checks.example" + quantity_url(data)
    assert f'<link rel="canonical" href="https://checks.example{quantity_url(data)}">' in body


def test_jsonld_cannot_close_its_script_block(client: Client, data: dict[str, Any]) -> None:
    quote = data["quote"]
    Claim.objects.filter(pk=quote.pk).update(
        verdict_note='Says </script><script>alert("note")</script> & more',
        text='No other </script><script>alert("quote")</script> partner',
    )
    body = page(client, claim_path(quote.pk, 'No other </script><script>alert("quote")</script> partner'))
    assert "<script>alert(" not in body
    block = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(block) == 1
    review = json.loads(block[0])
    assert "</script>" in review["reviewRating"]["ratingExplanation"]


# --- speed and freshness -------------------------------------------------------------------------


def test_pages_cost_a_fixed_number_of_queries(
    client: Client, data: dict[str, Any], django_assert_max_num_queries: Any, settings: Any
) -> None:
    settings.API_CACHE_SECONDS = 0  # measure the pages, not the cache
    urls = [quantity_url(data), "/sheets/japan-nato/", "/", "/feed/", "/search/?q=approximately+7.6+billion"]
    urls.append(speaker_path(data["speaker"].pk, data["speaker"].name))
    # A source whose words are not in its stored sentence: the page reads its article's text.
    make_mention(claim=data["quantity"], sentence="A sentence of its own.")
    before = {}
    for url in urls:
        with django_assert_max_num_queries(12) as ctx:
            page(client, url)
        before[url] = len(ctx.captured_queries)
    # Ten more public claims, each with two sources, on the sheet and by the speaker: same counts.
    for n in range(10):
        claim = make_public_claim(kind=Claim.Kind.QUOTE, text=f"Extra quote {n}", speaker=data["speaker"])
        for _ in range(2):
            make_mention(claim=claim, speaker=data["speaker"])
        add_to_sheet(data["sheet"], claim)
    # Five more sources of the claim on its page, their words outside the stored sentence.
    for _ in range(5):
        make_mention(claim=data["quantity"], sentence="Another outlet's sentence.")
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            page(client, url)


def test_conditional_get_answers_304(client: Client, data: dict[str, Any]) -> None:
    url = quantity_url(data)
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_an_editor_change_reaches_the_cached_page_at_once(
    client: Client, data: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    url = quantity_url(data)
    etag = client.get(url)["ETag"]
    assert "Two outlets report the same figure." in page(client, url)  # cached now
    claim = Claim.objects.get(pk=data["quantity"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        claim_set_status(
            claim=claim,
            status=Claim.Status.CONFLICTING,
            actor=data["editor"],
            verdict_note="The second outlet gives another figure.",
            expected_version=claim.version,
        )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    body = page(client, url)
    assert "The second outlet gives another figure." in body and "Conflicting" in body
    # Unpublishing a sheet removes its page at once.
    sheet = data["sheet"]
    assert client.get("/sheets/japan-nato/").status_code == 200
    sheet.published = False
    with django_capture_on_commit_callbacks(execute=True):
        sheet_save(sheet=sheet, actor=data["editor"])
    assert client.get("/sheets/japan-nato/").status_code == 404


def test_pages_refuse_writes(client: Client, data: dict[str, Any]) -> None:
    assert client.post(quantity_url(data)).status_code == 405
    assert client.post("/search/", {"q": "x"}).status_code == 405


# --- links from the admin ------------------------------------------------------------------------


def test_admin_view_on_site_only_for_public_objects(data: dict[str, Any]) -> None:
    from tests.factories import logged_in

    editor = logged_in("bob", "Editors")
    body = editor.get(reverse("admin:claims_claim_change", args=[data["quantity"].pk])).content.decode()
    assert f'href="{quantity_url(data)}"' in body and "View on site" in body
    body = editor.get(reverse("admin:claims_claim_change", args=[data["unreviewed"].pk])).content.decode()
    assert "View on site" not in body
    body = editor.get(reverse("admin:claims_claimsheet_change", args=[data["sheet"].pk])).content.decode()
    assert 'href="/sheets/japan-nato/"' in body
    body = editor.get(
        reverse("admin:claims_speaker_change", args=[data["hidden_speaker"].pk])
    ).content.decode()
    assert "View on site" not in body
