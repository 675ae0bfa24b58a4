"""Every export format, opened with a real reader, says what the claims say."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.throttling import AnonRateThrottle

from claims import selectors
from claims.exports import FORMATS, ExportContext, export_claims, sheet_context
from claims.exports.jsonld import CLAIM_REVIEWED_MAX, shorten
from claims.models import Claim

from .factories import SECRET_MARKERS, make_mention, make_public_claim, make_public_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    cache.clear()


@pytest.fixture
def data() -> dict[str, Any]:
    return make_public_dataset()


def render(fmt: str, claims: Any = None, context: ExportContext | None = None) -> bytes:
    return b"".join(
        export_claims(fmt, claims if claims is not None else selectors.claims_for_export(), context)
    )


def sheet_export(data: dict[str, Any], fmt: str) -> bytes:
    sheet = data["sheet"]
    return render(fmt, selectors.claims_for_export(sheet=sheet), sheet_context(sheet))


# --- JSON ---------------------------------------------------------------------------------------


def test_json_has_the_design_shape_exactly(data: dict[str, Any]) -> None:
    body = json.loads(render("json"))
    assert set(body) == {"generated_at", "claims"}
    claims = {c["id"]: c for c in body["claims"]}
    assert set(claims) == {data["quantity"].pk, data["quote"].pk}
    quantity = claims[data["quantity"].pk]
    assert set(quantity) == {
        "id", "kind", "text", "status", "suggested_status", "speaker", "value", "unit", "mentions",
    }  # fmt: skip
    assert quantity["value"] == 7600000000 and isinstance(quantity["value"], int)
    assert quantity["unit"] == "USD" and quantity["speaker"] is None
    mention = quantity["mentions"][0]
    assert set(mention) == {
        "article", "start", "end", "text", "sentence", "speaker", "value", "unit", "stance",
    }  # fmt: skip
    # No source_path: the public API serves this shape, and server file paths are not public.
    assert set(mention["article"]) == {"id", "title", "outlet", "published_at", "url"}
    assert mention["article"]["outlet"] == "Japan Times"
    assert data["article"].text[mention["start"] : mention["end"]] == mention["text"]
    assert quantity["mentions"][1]["article"]["url"] is None
    assert claims[data["quote"].pk]["speaker"] == "Jens Stoltenberg"


def test_json_sheet_export_keeps_the_sheet_order_and_drops_unreviewed(data: dict[str, Any]) -> None:
    body = json.loads(sheet_export(data, "json"))
    assert [c["id"] for c in body["claims"]] == [data["quote"].pk, data["quantity"].pk]


def test_json_of_nothing_is_valid(db: None) -> None:
    assert json.loads(render("json"))["claims"] == []
    assert json.loads(render("claimreview")) == []


# --- CSV and XLSX ---------------------------------------------------------------------------------


def test_csv_has_a_row_per_mention(data: dict[str, Any]) -> None:
    text = render("csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3  # two mentions of the quantity, one of the quote
    quantity_rows = [r for r in rows if r["Claim"] == "approximately $7.6 billion"]
    assert {r["Outlet"] for r in quantity_rows} == {"Japan Times", "NHK World"}
    first = next(r for r in quantity_rows if r["Outlet"] == "Japan Times")
    assert first["As stated"] == "approximately $7.6 billion"
    assert first["Value"] == "7600000000"
    assert first["Verdict"] == "corroborated"
    assert first["Verdict note"] == "Two outlets report the same figure."
    quote = next(r for r in rows if r["Claim"] == "No other partner is closer")
    assert quote["Quoted sentence"].startswith("\u201cNo other partner")
    assert quote["Speaker"] == "Jens Stoltenberg"


def test_csv_claim_without_mentions_gets_one_row(db: None) -> None:
    make_public_claim(text="lonely claim")
    rows = list(csv.DictReader(io.StringIO(render("csv").decode("utf-8-sig"))))
    assert [(r["Claim"], r["Outlet"], r["As stated"]) for r in rows] == [("lonely claim", "", "")]
    assert rows[0]["Fact-check page"].endswith("/lonely-claim/")


def test_xlsx_opens_with_openpyxl_and_has_the_same_rows(data: dict[str, Any]) -> None:
    make_mention(claim=make_public_claim(text="=1+1 is a formula-looking claim"))
    workbook = load_workbook(io.BytesIO(render("xlsx")), read_only=True)
    rows = list(workbook["claims"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("Claim", "Kind", "Verdict")
    assert len(body) == 4
    by_text = {r[0]: r for r in body}
    assert "'=1+1 is a formula-looking claim" in by_text
    quantity = by_text["approximately $7.6 billion"]
    assert quantity[header.index("Value")] == 7600000000
    assert quantity[header.index("Verdict")] == "corroborated"


# --- ClaimReview --------------------------------------------------------------------------------


def test_claimreview_has_every_field(data: dict[str, Any], settings: Any) -> None:
    settings.SITE_URL = "https://checks.example"
    settings.PUBLISHER_NAME = "Example Fact Desk"
    settings.PUBLISHER_URL = "https://desk.example"
    reviews = json.loads(sheet_export(data, "claimreview"))
    assert len(reviews) == 2
    quote_review, quantity_review = reviews
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert 0 < len(review["claimReviewed"]) < 75
        assert review["url"].startswith("https://checks.example/claims/")
        assert review["author"] == {
            "@type": "Organization",
            "name": "Example Fact Desk",
            "url": "https://desk.example",
        }
        assert review["datePublished"] == "2023-04-06"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["ratingExplanation"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["appearance"] and item["firstAppearance"]
        for appearance in item["appearance"]:
            assert appearance.get("url") or appearance.get("name")
            assert appearance["datePublished"].startswith("2023-04-0")

    # The claim's fact-check page, which answers.
    assert (
        quote_review["url"] == f"https://checks.example/claims/{data['quote'].pk}/no-other-partner-is-closer/"
    )
    page = Client().get(quote_review["url"].removeprefix("https://checks.example"))
    assert page.status_code == 200 and "No other partner is closer" in page.content.decode()
    assert quote_review["claimReviewed"] == "No other partner is closer"
    assert quote_review["reviewRating"]["alternateName"].startswith("Single source: ")
    assert "no independent second source" in quote_review["reviewRating"]["alternateName"]
    assert quote_review["reviewRating"]["ratingExplanation"] == "Only one outlet carries the quote."
    assert quote_review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Jens Stoltenberg",
        "jobTitle": "NATO Secretary General",
    }

    assert quantity_review["reviewRating"]["alternateName"].startswith("Corroborated: ")
    item = quantity_review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Japan Times"}  # no speaker: the outlet
    assert len(item["appearance"]) == 2
    assert item["firstAppearance"] == {
        "@type": "NewsArticle",
        "headline": "Japan and NATO deepen ties",
        "url": "https://example.org/japan-nato",
        "datePublished": "2023-04-05",
        "publisher": {"@type": "Organization", "name": "Japan Times"},
    }
    assert item["datePublished"] == "2023-04-05"
    no_url = next(a for a in item["appearance"] if "url" not in a)
    assert no_url["name"] == "NATO chief in Tokyo"


def test_claim_reviewed_is_shortened_under_75_characters(db: None) -> None:
    long_text = "The government said it would spend " + "a great deal of money " * 10
    short = shorten(long_text)
    assert len(short) <= CLAIM_REVIEWED_MAX < 75
    assert short.endswith("…")
    assert long_text.startswith(short[:-1])
    make_public_claim(text=long_text)
    (review,) = json.loads(render("claimreview"))
    assert len(review["claimReviewed"]) < 75


# --- Markdown and PDF -----------------------------------------------------------------------------


def test_markdown_sheet(data: dict[str, Any]) -> None:
    text = sheet_export(data, "md").decode()
    assert text.startswith("# Japan–NATO ties\n")
    assert "Claims checked for the story." in text
    assert "## 1. No other partner is closer" in text
    assert "## 2. approximately $7.6 billion" in text
    assert "**Verdict:** corroborated" in text
    assert "**Note:** Two outlets report the same figure." in text
    assert "[Japan Times, 2023-04-05, Japan and NATO deepen ties](https://example.org/japan-nato)" in text
    assert "> Japan has so far announced approximately $7.6 billion in aid." in text


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_sheet_is_readable(data: dict[str, Any]) -> None:
    content = sheet_export(data, "pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    # An en dash with DejaVu fonts (fonts-dejavu-core), a hyphen with the core-font fallback.
    assert "Japan–NATO ties" in text or "Japan-NATO ties" in text
    assert "Claims checked for the story." in text
    assert "No other partner is closer" in text
    assert "Verdict: single source" in text
    assert "Verdict: corroborated" in text
    assert "Note: Two outlets report the same figure." in text
    assert "Japan Times, 2023-04-05, Japan and NATO deepen ties" in text
    assert "Japan has so far announced approximately $7.6 billion in aid." in text
    assert "Jens Stoltenberg" in text


def test_pdf_falls_back_to_core_fonts_without_dejavu(
    data: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from claims.exports import documents

    monkeypatch.setattr(documents, "FONT_DIRS", [tmp_path])
    text = pdf_text(sheet_export(data, "pdf"))
    assert "Japan-NATO ties" in text
    assert "No other partner is closer" in text


def test_pdf_with_many_claims_spans_pages(db: None) -> None:
    for n in range(40):
        make_mention(claim=make_public_claim(text=f"claim {n} with a long enough text to wrap " * 3))
    reader = PdfReader(io.BytesIO(render("pdf", context=ExportContext(title="Big sheet"))))
    assert len(reader.pages) > 2


# --- nothing secret, from anywhere ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "claimreview", "md"])
def test_public_exports_contain_no_secrets(data: dict[str, Any], fmt: str) -> None:
    for body in [render(fmt).decode("utf-8-sig"), sheet_export(data, fmt).decode("utf-8-sig")]:
        for marker in (*SECRET_MARKERS, "internal"):
            assert marker not in body, (fmt, marker)


def test_xlsx_and_pdf_contain_no_secrets(data: dict[str, Any]) -> None:
    rows = load_workbook(io.BytesIO(render("xlsx")), read_only=True)["claims"].iter_rows(values_only=True)
    flat = " ".join(str(v) for row in rows for v in row)
    pdf = pdf_text(render("pdf"))
    for marker in SECRET_MARKERS:
        assert marker not in flat and marker not in pdf


# --- from the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_api_sheet_export_streams_each_format(client: Client, data: dict[str, Any], fmt: str) -> None:
    response = client.get(f"/api/v1/sheets/japan-nato/export.{fmt}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == FORMATS[fmt].content_type
    assert f'filename="japan-nato.{FORMATS[fmt].extension}"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.strip()


def test_api_all_claims_export(client: Client, data: dict[str, Any]) -> None:
    response = client.get("/api/v1/claims/export.json")
    body = json.loads(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert {c["id"] for c in body["claims"]} == {data["quantity"].pk, data["quote"].pk}


def test_api_export_refuses_unknown_format_and_unpublished_sheet(
    client: Client, data: dict[str, Any]
) -> None:
    assert client.get("/api/v1/claims/export.exe").status_code == 404
    assert client.get("/api/v1/sheets/draft/export.csv").status_code == 404
    assert client.get("/api/v1/sheets/nope/export.csv").status_code == 404


# --- from the command -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_command_writes_each_format_to_a_file(data: dict[str, Any], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"sheet.{FORMATS[fmt].extension}"
    call_command(
        "export_claims", "--format", fmt, "--sheet", "japan-nato", "-o", str(out), stderr=io.StringIO()
    )
    content = out.read_bytes()
    if fmt == "json":
        assert [c["id"] for c in json.loads(content)["claims"]] == [data["quote"].pk, data["quantity"].pk]
    elif fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == 3
    elif fmt == "xlsx":
        assert len(list(load_workbook(io.BytesIO(content))["claims"].iter_rows())) == 4
    elif fmt == "claimreview":
        assert len(json.loads(content)) == 2
    elif fmt == "md":
        assert content.decode().startswith("# Japan–NATO ties")
    else:
        assert "No other partner is closer" in pdf_text(content)


def test_command_status_filter_and_stdout(data: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("export_claims", "--status", "unreviewed", "--status", "rejected", stdout=out)
    ids = {c["id"] for c in json.loads(out.getvalue())["claims"]}
    assert ids == {data["unreviewed"].pk, data["rejected"].pk}
    out = io.StringIO()
    call_command("export_claims", stdout=out)
    assert {c["id"] for c in json.loads(out.getvalue())["claims"]} == {data["quantity"].pk, data["quote"].pk}


def test_command_unknown_sheet_fails(db: None) -> None:
    with pytest.raises(CommandError, match="no sheet"):
        call_command("export_claims", "--sheet", "missing")


def test_exports_stream_in_chunks_over_an_iterator(db: None, django_assert_max_num_queries: Any) -> None:
    for n in range(30):
        make_mention(claim=make_public_claim(text=f"claim {n}"))
    claims = selectors.claims_for_export()
    with django_assert_max_num_queries(2):
        chunks = list(export_claims("json", claims))
    assert len(json.loads(b"".join(chunks))["claims"]) == 30
    assert Claim.objects.count() == 30
