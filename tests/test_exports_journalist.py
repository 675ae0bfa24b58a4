"""Sheets a journalist can use as they are (issue 13): named columns, real dates and numbers, no
formulas smuggled in by article text, no server paths, safe links, a PDF that reads well."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.throttling import AnonRateThrottle

from claims import selectors
from claims.exports import ExportContext, export_claims, sheet_context
from claims.exports.documents import md_escape, quoted
from claims.exports.tabular import WIDTH_MAX
from claims.models import Article, Claim, Mention
from claims.services.ingest import articles_enqueue
from claims.web_urls import MAX_LENGTH, web_url_problem

from .factories import logged_in, make_article, make_mention, make_public_claim, make_public_dataset

pytestmark = pytest.mark.django_db

SITE = "https://checks.example"
HEADER = [
    "Claim", "Kind", "Verdict", "Verdict note", "Speaker", "Value", "Value up to", "Unit", "Date",
    "Reviewed", "Outlet", "Published", "Article title", "Quoted sentence", "As stated", "Stance",
    "Speaker in source", "Source URL", "Fact-check page",
]  # fmt: skip
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]
XSS_URL = "https://xss.example/a>)<script>alert('md-url')</script>"


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    cache.clear()


@pytest.fixture
def data(settings: Any) -> dict[str, Any]:
    settings.SITE_URL = SITE
    return make_public_dataset()


def render(fmt: str, claims: Any = None, context: ExportContext | None = None) -> bytes:
    claims = claims if claims is not None else selectors.claims_for_export()
    return b"".join(export_claims(fmt, claims, context or ExportContext(site_url=SITE)))


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_sheet(content: bytes, name: str = "claims") -> Any:
    return load_workbook(io.BytesIO(content))[name]


def xlsx_rows(content: bytes) -> list[dict[str, Any]]:
    rows = list(xlsx_sheet(content).iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_links(content: bytes) -> list[str]:
    uris = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
    return uris


# --- CSV and XLSX: columns a person reads ------------------------------------------------------------


def test_csv_has_named_columns_and_a_row_per_source(data: dict[str, Any]) -> None:
    content = render("csv")
    assert next(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == HEADER
    rows = csv_rows(content)
    assert len(rows) == 3
    first = next(
        r for r in rows if r["Claim"] == "approximately $7.6 billion" and r["Outlet"] == "Japan Times"
    )
    assert first["Kind"] == "quantity"
    assert first["Verdict"] == "corroborated"
    assert first["Value"] == "7600000000" and first["Unit"] == "USD"
    assert first["Reviewed"] == "2023-04-06 00:00"
    assert first["Published"] == "2023-04-05 09:30"
    assert first["Article title"] == "Japan and NATO deepen ties"
    assert first["Quoted sentence"] == "Japan has so far announced approximately $7.6 billion in aid."
    assert first["As stated"] == "approximately $7.6 billion"
    assert first["Stance"] == "supports"
    assert first["Source URL"] == "https://example.org/japan-nato"
    assert first["Fact-check page"] == f"{SITE}/claims/{data['quantity'].pk}/approximately-76-billion/"
    quote = next(r for r in rows if r["Kind"] == "quote")
    assert quote["Verdict"] == "single source"
    assert quote["Speaker"] == quote["Speaker in source"] == "Jens Stoltenberg"
    # A date-only publication is its day, not midnight.
    assert {r["Published"] for r in rows if r["Outlet"] == "NHK World"} == {"2023-04-06"}


def test_fact_check_page_in_the_sheet_answers(data: dict[str, Any]) -> None:
    for row in csv_rows(render("csv")):
        page = Client().get(row["Fact-check page"].removeprefix(SITE))
        assert page.status_code == 200, row["Fact-check page"]
        assert row["Claim"] in page.content.decode()


def test_an_editors_export_of_an_unreviewed_claim_has_no_dead_fact_check_link(data: dict[str, Any]) -> None:
    rows = csv_rows(render("csv", selectors.claims_for_export(status=[Claim.Status.UNREVIEWED])))
    assert rows and {r["Fact-check page"] for r in rows} == {""}
    assert {r["Verdict"] for r in rows} == {"unreviewed"}


def test_a_contradicting_source_says_so_in_every_format(data: dict[str, Any]) -> None:
    article = make_article(
        title="Harbour budget doubles",
        url="https://ledger.example/harbour",
        text="The harbour board now says the repairs cost $9 million.",
    )
    at = article.text.index("$9")
    make_mention(
        claim=data["quantity"],
        article=article,
        start=at,
        end=at + 10,
        sentence=article.text,
        value=9e6,
        unit="USD",
        stance=Mention.Stance.CONTRADICTS,
    )
    rows = csv_rows(render("csv"))
    assert next(r for r in rows if r["Article title"] == "Harbour budget doubles")["Stance"] == "contradicts"
    assert "(contradicts the claim)" in render("md").decode()
    assert "(contradicts the claim)" in " ".join(pdf_pages(render("pdf")))


def test_xlsx_has_real_dates_in_the_time_zone_and_numbers(data: dict[str, Any], settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Tokyo"
    quantity = data["quantity"]
    quantity.date = "2023-04-01"
    quantity.value_max = 8e9
    quantity.save()
    sheet = xlsx_sheet(render("xlsx"))
    header = [c.value for c in sheet[1]]
    assert header == HEADER
    cells = {name: cell for name, cell in zip(header, sheet[2], strict=True)}  # the quantity, Japan Times
    assert cells["Claim"].value == "approximately $7.6 billion"
    # 09:30 UTC is 18:30 in Tokyo; stored without a zone, as Excel needs.
    assert cells["Published"].value == datetime(2023, 4, 5, 18, 30)
    assert cells["Published"].is_date and cells["Published"].number_format == "yyyy-mm-dd hh:mm"
    assert cells["Reviewed"].value == datetime(2023, 4, 6, 9, 0)
    assert cells["Date"].is_date and cells["Date"].value == datetime(2023, 4, 1)
    assert cells["Date"].number_format == "yyyy-mm-dd"
    assert cells["Value"].value == 7600000000 and cells["Value"].data_type == "n"
    assert cells["Value up to"].value == 8000000000
    nhk = {name: cell for name, cell in zip(header, sheet[3], strict=True)}
    # A date-only publication stays on its day in any time zone.
    assert nhk["Outlet"].value == "NHK World"
    assert nhk["Published"].value == datetime(2023, 4, 6) and nhk["Published"].number_format == "yyyy-mm-dd"


def test_xlsx_header_is_bold_frozen_filtered_and_columns_fit(data: dict[str, Any]) -> None:
    make_public_claim(text="A claim with a very long text " * 20)
    sheet = xlsx_sheet(render("xlsx"))
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{sheet.max_row}" and sheet.max_row == 5
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["Claim"] == WIDTH_MAX  # capped
    assert widths["Kind"] < 15  # "quantity", "quote"
    assert len("Fact-check page") < widths["Fact-check page"] <= WIDTH_MAX
    assert widths["Quoted sentence"] > widths["Unit"]


def test_xlsx_columns_sheet_describes_every_column(data: dict[str, Any]) -> None:
    content = render("xlsx")
    described = list(xlsx_sheet(content, "Columns").iter_rows(values_only=True))
    assert described[0] == ("Column", "What it holds")
    assert [name for name, _ in described[1:]] == HEADER
    for name, sentence in described[1:]:
        assert sentence and sentence.endswith("."), name
    assert load_workbook(io.BytesIO(content)).sheetnames == ["claims", "Columns"]


def test_control_characters_are_removed_not_fatal(db: None) -> None:
    article = make_article(title="Port\x0b report\x01", text="The port\x07 handled 3\x1b million tonnes.")
    claim = make_public_claim(text="The port\x02 handled 3 million tonnes", verdict_note="Checked\x08.")
    make_mention(claim=claim, article=article, start=0, end=8, sentence=article.text)
    (row,) = xlsx_rows(render("xlsx"))
    assert row["Claim"] == "The port handled 3 million tonnes"
    assert row["Article title"] == "Port report"
    assert row["Quoted sentence"] == "The port handled 3 million tonnes."
    assert row["Verdict note"] == "Checked."
    (line,) = csv_rows(render("csv"))
    assert line["Claim"] == "The port handled 3 million tonnes"


# --- formula injection ------------------------------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_that_looks_like_a_formula_is_neutralised(db: None, start: str) -> None:
    title = f'{start}HYPERLINK("https://evil.example","Click for the report")'
    words = f"{start}2+3 is all the council will say"
    article = make_article(title=title, text=f"{words}, the spokesman said.")
    quote = make_public_claim(kind=Claim.Kind.QUOTE, text=words, verdict_note=f"{start}cmd|' /C calc'!A0")
    make_mention(claim=quote, article=article, start=0, end=len(words), sentence=article.text)
    for rows in (csv_rows(render("csv")), xlsx_rows(render("xlsx"))):
        (row,) = rows
        assert row["Claim"] == f"'{words}"
        assert row["As stated"] == f"'{words}"
        assert row["Quoted sentence"] == f"'{article.text}"
        assert row["Article title"] == f"'{title}"
        assert row["Verdict note"] == f"'{start}cmd|' /C calc'!A0"
    sheet = xlsx_sheet(render("xlsx"))
    assert {cell.data_type for cell in sheet[2] if isinstance(cell.value, str)} == {"s"}


def test_control_characters_cannot_hide_a_formula(db: None) -> None:
    make_public_claim(text="\x01=SUM(A1:A9) was the minister's answer")
    (row,) = xlsx_rows(render("xlsx"))
    assert row["Claim"] == "'=SUM(A1:A9) was the minister's answer"


def test_numbers_stay_numbers_and_error_codes_stay_text(db: None) -> None:
    claim = make_public_claim(text="Exports fell 3.5 percent", value=-3.5, unit="%")
    make_mention(claim=claim, article=make_article(title="#N/A"), value=-3.5, unit="%")
    (row,) = xlsx_rows(render("xlsx"))
    assert row["Value"] == -3.5
    assert row["Article title"] == "#N/A"
    assert xlsx_sheet(render("xlsx"))["M2"].data_type == "s"  # Article title, not an error value
    (line,) = csv_rows(render("csv"))
    assert line["Value"] == "-3.5"
    assert line["Claim"] == "Exports fell 3.5 percent"


# --- no server paths in public exports ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md", "pdf", "claimreview", "json"])
def test_exports_never_carry_server_paths(data: dict[str, Any], fmt: str) -> None:
    content = render(fmt)
    if fmt == "xlsx":
        text = " ".join(str(v) for row in xlsx_sheet(content).iter_rows(values_only=True) for v in row)
    elif fmt == "pdf":
        text = " ".join(pdf_pages(content))
    else:
        text = content.decode("utf-8-sig")
    assert "seeds/003.txt" not in text and "003.txt" not in text
    assert "source_path" not in text


def test_public_api_json_export_has_no_server_paths(client: Client, data: dict[str, Any]) -> None:
    response = client.get("/api/v1/claims/export.json")
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    body = json.loads(content)
    assert body["claims"]
    for claim in body["claims"]:
        for mention in claim["mentions"]:
            assert "source_path" not in mention["article"]
    assert b"seeds/003.txt" not in content


# --- Markdown ----------------------------------------------------------------------------------------


def rendered_markdown(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the Markdown")
    # CommonMark passes raw HTML through, as many renderers do: what a reader's viewer would show.
    return str(markdown_it.MarkdownIt("commonmark").render(text))


def test_markdown_links_each_claim_to_its_fact_check_page(data: dict[str, Any]) -> None:
    sheet = data["sheet"]
    text = render("md", selectors.claims_for_export(sheet=sheet), sheet_context(sheet, SITE)).decode()
    html = rendered_markdown(text)
    for claim in (data["quote"], data["quantity"]):
        page = f"{SITE}/claims/{claim.pk}/"
        assert re.search(rf'<a href="{re.escape(page)}[a-z0-9-]+/">', html), claim.text


def test_markdown_cannot_be_injected_by_article_text_or_urls(db: None) -> None:
    article = make_article(
        title="<script>alert('title')</script> [click](javascript:alert(1))",
        url=XSS_URL,  # stored before URLs were checked on the way in
        text="Harbour fees rose by 12 percent this year, the port said.",
    )
    claim = make_public_claim(
        text="# <b>Harbour</b> fees rose by 12 percent",
        verdict_note="<iframe src=https://evil.example></iframe> *see* the board's minutes",
    )
    make_mention(
        claim=claim,
        article=article,
        sentence="<img src=x onerror=alert('sentence')> Harbour fees rose by 12 percent &lt;b&gt;.",
    )
    other = make_article(title="Port notes", url="javascript:alert('scheme')", text="Port notes text here.")
    make_mention(claim=claim, article=other, sentence="- 1. --- not a list, nor a rule")
    text = render("md").decode()
    assert not re.search(r"(?<!\\)<", text), "every < from article text is escaped"
    assert "%3Cscript%3E" in text
    assert "scheme" not in text  # a javascript: address is no link: the source is named, not linked
    html = rendered_markdown(text)
    for tag in ("<script", "<img", "<iframe", "<b>", "<em>see", "<hr", "<ol", "<ul>\n<li>1"):
        assert tag not in html, tag
    assert "*see* the board's minutes" in html
    links = re.findall(r'<a href="([^"]*)">', html)
    assert "https://xss.example/a%3E%29%3Cscript%3Ealert%28%27md-url%27%29%3C/script%3E" in links
    assert all(link.startswith("https://") for link in links), links
    # The text reads as the article wrote it.
    assert "&lt;script&gt;alert('title')&lt;/script&gt; [click](javascript:alert(1))" in html
    assert "&lt;img src=x onerror=alert('sentence')&gt;" in html
    assert "&amp;lt;b&amp;gt;." in html  # an entity in the source stays the characters it was
    assert "<h2>1. # &lt;b&gt;Harbour&lt;/b&gt; fees rose by 12 percent</h2>" in html
    assert "- 1. --- not a list, nor a rule" in html


def test_md_escape_keeps_every_line_one_paragraph() -> None:
    assert md_escape("a\n\n# b\n> c") == "a \\# b \\> c"
    assert md_escape("1) first") == "1\\) first"
    assert md_escape("+ more") == "\\+ more"


# --- PDF -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\u201cOur harbour will reopen in spring", "\u201cOur harbour will reopen in spring\u201d"),
        ("the ferries will run again. \u201d", "\u201cthe ferries will run again.\u201d"),
        ('"Straight marks around all of it."', "\u201cStraight marks around all of it.\u201d"),
        ("\u201c\u201cDoubled marks\u201d\u201d", "\u201cDoubled marks\u201d"),
        (
            "\u201cWe will rebuild the pier,\u201d the mayor said.",
            "\u201c\u2018We will rebuild the pier,\u2019 the mayor said.\u201d",
        ),
        ("plain words", "\u201cplain words\u201d"),
    ],
)
def test_quoted_shows_one_pair_of_marks(text: str, shown: str) -> None:
    assert quoted(text) == shown


def make_quote_sheet(n: int = 1) -> list[Claim]:
    claims = []
    for i in range(n):
        article = make_article(
            title=f"Harbour works, part {i}",
            url=f"https://harbour.example/works-{i}",
            text=f"\u201cOur harbour will reopen in spring,\u201d the mayor said. Work {i} goes on.",
        )
        claim = make_public_claim(
            kind=Claim.Kind.QUOTE,
            text="\u201cOur harbour will reopen in spring",
            verdict_note=f"The council minutes of meeting {i} carry the same words. " * 3,
        )
        make_mention(
            claim=claim, article=article, start=1, end=34, sentence="the ferries will run again. \u201d"
        )
        claims.append(claim)
    return claims


def test_pdf_has_no_doubled_or_stray_marks(db: None) -> None:
    make_quote_sheet()
    text = " ".join(pdf_pages(render("pdf")))
    assert "1. \u201cOur harbour will reopen in spring\u201d" in text
    assert "\u201cthe ferries will run again.\u201d" in text
    assert "\u201c\u201c" not in text and "\u201d\u201d" not in text
    assert text.count("\u201c") == text.count("\u201d") == 2


def test_pdf_names_the_organisation_and_numbers_its_pages(db: None, settings: Any) -> None:
    settings.PUBLISHER_NAME = "Harbour Review Desk"
    make_quote_sheet(12)
    content = render("pdf", context=ExportContext(title="Harbour sheet {nb}", site_url=SITE))
    pages = pdf_pages(content)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Harbour Review Desk" in page
    assert "Checked by Harbour Review Desk" in pages[0]
    assert pages[0].startswith("Harbour sheet {nb}")  # article text is never a page-count placeholder
    assert PdfReader(io.BytesIO(content)).metadata.author == "Harbour Review Desk"


def test_pdf_shows_verdict_note_sources_and_links(data: dict[str, Any]) -> None:
    sheet = data["sheet"]
    content = render("pdf", selectors.claims_for_export(sheet=sheet), sheet_context(sheet, SITE))
    text = " ".join(pdf_pages(content))
    assert "Verdict: single source — checked against its one source" in text
    assert "Note: Only one outlet carries the quote." in text
    assert "Sources" in text and "NHK World, 2023-04-06, NATO chief in Tokyo" in text
    links = pdf_links(content)
    for claim in (data["quote"], data["quantity"]):
        assert any(link.startswith(f"{SITE}/claims/{claim.pk}/") for link in links), claim.text
        assert f"Fact-check page: {SITE}/claims/{claim.pk}/" in text
    assert "https://example.org/japan-nato" in links


def test_pdf_text_is_left_aligned_not_justified(db: None) -> None:
    make_quote_sheet(3)
    long = "The desk checked every figure the harbour board gave against the council's minutes. " * 4
    content = render("pdf", context=ExportContext(title="Harbour", description=long, site_url=SITE))
    assert long.split(".")[0] in " ".join(pdf_pages(content))
    for page in PdfReader(io.BytesIO(content)).pages:
        stream = page.get_contents()
        assert stream is not None
        content = stream.get_data()
        # fpdf2 justifies with word spacing (Tw) or per-word offsets (TJ arrays).
        assert b" Tw" not in content and b"] TJ" not in content


def test_pdf_pages_render_as_images(db: None, tmp_path: Path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("needs pdftoppm (poppler-utils)")
    make_quote_sheet(12)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render("pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(str(pdf)).pages) >= 2
    assert all(image.stat().st_size > 1000 for image in images)


# --- URLs checked on the way in ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://ok.example/x",
        "http://ok.example:8080/a/b?c=d&e=f#g",
        "https://b\u00fccher.example/stra\u00dfe",
        "https://ok.example/a%20b",
    ],
)
def test_web_urls_accepted(url: str) -> None:
    assert web_url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ('https://ok.example/x"><script>alert(1)</script>', "character"),
        (XSS_URL, "character"),
        ("https://ok.example/it's", "character"),
        ("javascript:alert(1)", "http"),
        ("ftp://files.example/a", "http"),
        ("https:///no-host", "host"),
        ("https://ok.example/a b", "whitespace"),
        ("https://ok.example/a\u00a0b", "whitespace"),
        ("https://ok.example/a\x07", "control"),
        ("https://ok.example/\u202egnp.exe", "control"),
        ("https://ok.example:port/", "well-formed"),
        ("https://ok.example/" + "a" * MAX_LENGTH, "longer"),
    ],
)
def test_web_urls_refused(url: str, problem: str) -> None:
    found = web_url_problem(url)
    assert found and problem in found


def test_ingest_drops_a_bad_url_with_a_warning_and_stores_the_article(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "harbour.txt").write_text(
        "Harbour Wall Repairs Finish Early\nPublished: 3 May 2024\n\n"
        "The council said the harbour wall repairs cost $2 million and ended a month early.\n",
        encoding="utf-8",
    )
    (tmp_path / "ferry.txt").write_text(
        "Ferry Fares Stay the Same\nPublished: 4 May 2024\n\n"
        "The ferry company said fares would stay at $3 for the whole summer season.\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.csv").write_text(
        f"file,url\nharbour.txt,{XSS_URL}\nferry.txt,https://ferry.example/fares\n", encoding="utf-8"
    )
    outcomes = articles_enqueue(paths=[tmp_path], enqueue=lambda article_id: None)
    assert sorted(o.status for o in outcomes) == ["queued", "queued"]
    harbour = Article.objects.get(source_path__endswith="harbour.txt")
    assert harbour.url == "" and harbour.title == "Harbour Wall Repairs Finish Early"
    assert Article.objects.get(source_path__endswith="ferry.txt").url == "https://ferry.example/fares"
    (warning,) = [r for r in caplog.records if r.levelname == "WARNING" and "url" in r.getMessage()]
    assert "harbour.txt" in warning.getMessage() and "dropped" in warning.getMessage()


def test_admin_article_form_refuses_a_url_that_closes_an_attribute(db: None) -> None:
    editor = logged_in("eddie", "Editors")
    article = make_article(title="Harbour wall", url="https://ok.example/harbour")
    change = reverse("admin:claims_article_change", args=[article.pk])

    def post(url: str) -> Any:
        return editor.post(
            change,
            {
                "title": article.title,
                "outlet": article.outlet_id,
                "published_at_0": "2023-04-05",
                "published_at_1": "00:00:00",
                "byline": "",
                "url": url,
                "language": "en",
                "republished_from": "",
            },
        )

    refused = post('https://ok.example/x"><script>alert(1)</script>')
    assert refused.status_code == 200
    assert "Enter the article&#x27;s web address (http:// or https://); this one contains the character" in (
        refused.content.decode()
    )
    article.refresh_from_db()
    assert article.url == "https://ok.example/harbour"
    assert post("https://ok.example/harbour-2").status_code == 302
    article.refresh_from_db()
    assert article.url == "https://ok.example/harbour-2"


def test_published_value_keeps_date_only_articles_on_their_day(settings: Any, db: None) -> None:
    from claims.exports.records import published_value

    settings.TIME_ZONE = "America/New_York"
    day = make_article(published_at=datetime(2024, 5, 3, tzinfo=UTC))
    assert published_value(day) == date(2024, 5, 3)
    (line,) = [r for r in csv_rows(render("csv", _claim_citing(day))) if r["Article title"] == day.title]
    assert line["Published"] == "2024-05-03"


def _claim_citing(article: Article) -> Any:
    claim = make_public_claim(text="The harbour reopened on 3 May")
    make_mention(claim=claim, article=article)
    return selectors.claims_for_export()
