"""The public site in a browser, as a reader meets it: every page type at a laptop's and a phone's
width (nothing scrolls sideways on the phone), the "has this been checked?" search typed and
submitted, the claim page's ClaimReview, the printed sheet, and axe-core's accessibility rules.

The data is three short articles written for these tests, ingested and reviewed through the services
as an editor would: a quote, a figure two outlets report, and a figure nobody has reviewed yet.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from claims.links import claim_path, sheet_path, speaker_path
from claims.models import Claim
from claims.services.ingest import articles_ingest
from claims.services.review import claim_set_status
from claims.services.sheets import sheet_add_claims, sheet_create, sheet_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": (1366, 768), "phone": (390, 844)}
QUOTE = "This bridge will carry our children to school safely for a hundred years"
SHEET_TITLE = "Elm Street bridge: what was said"
ARTICLES = [
    (
        "gazette.txt",
        "Harbor Gazette",
        "2024-05-02",
        "Riverside Opens the Elm Street Bridge",
        "Riverside spent $48 million on the new Elm Street bridge, the mayor's office said on Thursday.\n\n"
        f"\u201c{QUOTE},\u201d said Mayor Dana Whitfield at the opening.\n",
    ),
    (
        "times.txt",
        "Valley Times",
        "2024-05-03",
        "Elm Street Bridge Opens to Traffic",
        "Riverside spent $48 million on the new Elm Street bridge, city officials said.\n",
    ),
    (
        "courier.txt",
        "Lakeside Courier",
        "2024-05-04",
        "Park Plans Wait for a Vote",
        "Riverside spent $3 million on the Oak Street park, the council said.\n",
    ),
]


@dataclass(frozen=True)
class Site:
    quote: Claim
    quantity: Claim
    unreviewed: Claim

    def paths(self) -> dict[str, str]:
        speaker = self.quote.speaker
        assert speaker is not None
        return {
            "home": "/",
            "quote": claim_path(self.quote.pk, self.quote.text),
            "quantity": claim_path(self.quantity.pk, self.quantity.text),
            "speaker": speaker_path(speaker.pk, speaker.name),
            "sheet": sheet_path("elm-street-bridge"),
            "search": "/search/?q=Riverside+spent+%2448+million+on+the+Elm+Street+bridge",
            "search-error": "/search/?q=" + "bridge+" * 200,
            "404": "/claims/999999/no-such-claim/",
        }


@pytest.fixture
def site(tmp_path: Path, settings: Any) -> Site:
    """The articles ingested; the quote and the $48 million reviewed by an editor and put on a
    published sheet; the $3 million left unreviewed."""
    settings.SITE_URL = ""  # links from the request: the live server's own address
    folder = tmp_path / "articles"
    folder.mkdir()
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "outlet", "published_at", "title"])
        for name, outlet, day, title, body in ARTICLES:
            (folder / name).write_text(f"{title}\n\n{body}", encoding="utf-8")
            writer.writerow([name, outlet, day, title])
    assert all(o.status == "new" for o in articles_ingest(paths=[folder]))

    editor = User.objects.create_user("erin", password="secret-pw-1", is_staff=True)
    quote = Claim.objects.get(kind=Claim.Kind.QUOTE)
    quantity = Claim.objects.get(kind=Claim.Kind.QUANTITY, text__contains="$48 million")
    unreviewed = Claim.objects.get(kind=Claim.Kind.QUANTITY, text__contains="$3 million")
    for claim, status, note in (
        (quote, Claim.Status.SINGLE_SOURCE, "Only the Harbor Gazette carries the mayor's words."),
        (quantity, Claim.Status.CORROBORATED, "Two outlets report the same amount."),
    ):
        claim_set_status(
            claim=claim, status=status, actor=editor, verdict_note=note, expected_version=claim.version
        )
    sheet = sheet_create(title=SHEET_TITLE, slug="elm-street-bridge", actor=editor)
    sheet.description = "The claims checked for the bridge story."
    sheet.published = True
    sheet_save(sheet=sheet, actor=editor)
    for claim in (quantity, quote):  # the figure first, then the quote
        sheet_add_claims(sheet=sheet, claims=Claim.objects.filter(pk=claim.pk), actor=editor)
    for claim in (quote, quantity, unreviewed):
        claim.refresh_from_db()
    assert quote.speaker is not None and quote.speaker.name == "Dana Whitfield"
    return Site(quote=quote, quantity=quantity, unreviewed=unreviewed)


def reader(browser: Any, width: str = "laptop") -> Any:
    w, h = WIDTHS[width]
    return browser.new_context(viewport={"width": w, "height": h}).new_page()


def assert_fits(page: Any) -> None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url} scrolls sideways at {inner} px: {scroll} px wide"


def texts(page: Any, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def check_home(page: Any, site: Site) -> None:
    assert page.inner_text("h1") == "Claims and quotes from the news, checked"
    recent = texts(page, "#recent-heading + ul.claims .sentence a")
    assert f"\u201c{QUOTE}\u201d" in recent
    assert site.quantity.text in recent
    assert site.unreviewed.text not in page.inner_text("main")
    assert SHEET_TITLE in texts(page, "a[href='/sheets/elm-street-bridge/']")
    assert page.get_by_label("Has this been checked? Paste a sentence or a quote").is_visible()


def check_quote(page: Any, site: Site) -> None:
    assert page.inner_text("h1") == f"\u201c{QUOTE}\u201d"
    assert page.get_by_role("link", name="Dana Whitfield").is_visible()
    assert "Single source" in page.inner_text("#verdict-heading")
    assert "Only the Harbor Gazette carries the mayor's words." in page.inner_text(".verdict-box")
    assert page.inner_text("#sources-heading") == "Sources (1)"
    assert "Harbor Gazette" in page.inner_text("ol.sources")
    assert page.inner_text("ol.sources mark") == QUOTE


def check_quantity(page: Any, site: Site) -> None:
    assert page.inner_text("h1") == site.quantity.text
    assert "Corroborated" in page.inner_text("#verdict-heading")
    parts = dict(zip(texts(page, "dl.parts dt"), texts(page, "dl.parts dd"), strict=True))
    assert parts["Value"] in ("$48 million", "48,000,000 USD")  # as written, or in full
    assert page.inner_text("#sources-heading") == "Sources (2)"
    assert [t.split(" ·")[0] for t in texts(page, "ol.sources .source-head strong")] == [
        "Harbor Gazette",
        "Valley Times",
    ]
    assert texts(page, "ol.sources mark") == ["$48 million", "$48 million"]


def check_speaker(page: Any, site: Site) -> None:
    assert page.inner_text("h1") == "Dana Whitfield"
    assert "Mayor" in page.inner_text("main")
    assert texts(page, "ul.claims .sentence a") == [f"\u201c{QUOTE}\u201d"]


def check_sheet(page: Any, site: Site) -> None:
    assert page.inner_text("h1") == SHEET_TITLE
    # In the order the editor added them.
    assert texts(page, ".sheet-claim h2") == [site.quantity.text, f"\u201c{QUOTE}\u201d"]
    assert "Valley Times" in page.inner_text("ol.sources")
    assert page.get_by_role("link", name="PDF").is_visible()


def check_search(page: Any, site: Site) -> None:
    assert page.input_value("#q") == "Riverside spent $48 million on the Elm Street bridge"
    assert texts(page, "ul.claims .sentence a") == [site.quantity.text]


def check_search_error(page: Any, site: Site) -> None:
    assert "at most 1,000 characters" in page.inner_text("#q-error")
    assert page.get_attribute("#q", "aria-describedby") == "q-error"


def check_404(page: Any, site: Site) -> None:
    assert page.inner_text("h1") == "Not found"
    assert page.get_by_role("link", name="Look up a claim").is_visible()


CHECKS = {
    "home": (200, check_home),
    "quote": (200, check_quote),
    "quantity": (200, check_quantity),
    "speaker": (200, check_speaker),
    "sheet": (200, check_sheet),
    "search": (200, check_search),
    "search-error": (400, check_search_error),
    "404": (404, check_404),
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_page_shows_its_content_at_laptop_and_phone_width(
    name: str, live_server: Any, browser: Any, site: Site
) -> None:
    status, check = CHECKS[name]
    for width in WIDTHS:
        page = reader(browser, width)
        response = page.goto(live_server.url + site.paths()[name])
        assert response.status == status
        check(page, site)
        assert page.locator("header.site nav").is_visible()
        assert_fits(page)
        page.context.close()


def test_search_typed_on_the_home_page_finds_the_reviewed_claim(
    live_server: Any, browser: Any, site: Site
) -> None:
    page = reader(browser, "phone")
    page.goto(live_server.url + "/")
    page.get_by_label("Has this been checked? Paste a sentence or a quote").fill(
        "Did Riverside really spend $48 million on the Elm Street bridge?"
    )
    page.get_by_role("button", name="Look it up").click()
    page.wait_for_url("**/search/?q=*")
    assert page.inner_text("#results-heading") == "1 similar checked claim"
    # The unreviewed $3 million shares most of the words but is not offered.
    assert texts(page, "ul.claims .sentence a") == [site.quantity.text]
    assert "Corroborated" in page.inner_text("ul.claims .verdict")
    page.get_by_role("link", name=site.quantity.text).click()
    page.wait_for_url(live_server.url + claim_path(site.quantity.pk, site.quantity.text))
    assert page.inner_text("h1") == site.quantity.text


def test_claim_page_holds_one_claimreview_of_its_own_address(
    live_server: Any, browser: Any, site: Site
) -> None:
    page = reader(browser)
    page.goto(live_server.url + site.paths()["quantity"])
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    review = json.loads(blocks.text_content())
    assert review["@type"] == "ClaimReview"
    assert review["url"] == page.url
    assert review["claimReviewed"] == site.quantity.text
    assert review["reviewRating"]["alternateName"].startswith("Corroborated")


def test_printed_sheet_leaves_out_the_site_header_and_nav(live_server: Any, browser: Any, site: Site) -> None:
    page = reader(browser)
    page.goto(live_server.url + site.paths()["sheet"])
    assert page.locator("header.site").is_visible()
    page.emulate_media(media="print")
    page.locator("header.site").wait_for(state="hidden")
    assert not page.locator("nav.site").is_visible()
    assert not page.get_by_role("link", name="PDF").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator(".sheet-claim h2").count() == 2
    assert all(page.locator(".sheet-claim h2").nth(i).is_visible() for i in range(2))


def axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(n["target"]) for n in v["nodes"])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(CHECKS))
def test_page_has_no_serious_accessibility_violations(
    name: str, live_server: Any, browser: Any, site: Site
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for width in WIDTHS:
        page = reader(browser, width)
        page.goto(live_server.url + site.paths()[name])
        results = axe.run(page).response
        assert results["passes"], "axe ran no rule"
        found = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert not found, f"{name} at {width} width:\n{axe_report(found)}"
        page.context.close()
