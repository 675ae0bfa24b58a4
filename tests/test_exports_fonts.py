"""The PDF shows every script it has a font for (emoji, Arabic in italics too) and marks what it
cannot show with a visible placeholder instead of leaving it out (issue 14)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from claims import selectors
from claims.exports import ExportContext, documents, export_claims
from claims.exports.documents import MISSING_GLYPH

from .factories import make_article, make_mention, make_public_claim

pytestmark = pytest.mark.django_db

ARABIC = "قال الوزير إن الميزانية سترتفع"
EMOJI = "🚀"  # DejaVu has a few emoji (😀), not this one


def needs_fonts() -> None:
    if not documents._SheetPDF("x").unicode:
        pytest.skip("needs DejaVu fonts (fonts-dejavu-core; CI installs them)")
    if not any(path.is_file() for path in documents.EMOJI_FONTS):
        pytest.skip("needs an emoji font (fonts-noto-color-emoji; CI installs it)")


def sheet_with_scripts() -> bytes:
    # The sentence of a source is printed in italics: that is where Arabic went missing.
    text = f"{ARABIC}. The minister {EMOJI} said 北京 would pay."
    article = make_article(text=text)
    claim = make_public_claim(text=f"The budget rises {EMOJI} {ARABIC}")
    make_mention(claim=claim, article=article, start=0, end=len(text), sentence=text)
    context = ExportContext(title=f"Scripts {EMOJI}")
    return b"".join(export_claims("pdf", selectors.claims_for_export(), context))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def has_arabic(text: str, times: int) -> bool:
    # pypdf gives right-to-left words in logical or in visual order, depending on the font.
    return all(sum(text.count(form) for form in (word, word[::-1])) >= times for word in ARABIC.split())


def test_emoji_and_arabic_in_italics_survive_and_the_rest_is_marked(caplog: pytest.LogCaptureFixture) -> None:
    needs_fonts()
    text = pdf_text(sheet_with_scripts())
    assert text.count(EMOJI) >= 3  # title, claim heading, source sentence (italic)
    assert has_arabic(text, 2)  # claim heading (bold) and source sentence (italic)
    # No CJK font is installed: the characters are marked, not silently dropped.
    assert f"{MISSING_GLYPH}{MISSING_GLYPH} would pay" in text
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]


def test_without_an_emoji_font_emoji_are_marked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    needs_fonts()
    monkeypatch.setattr(documents, "EMOJI_FONTS", [tmp_path / "none.ttf"])
    text = pdf_text(sheet_with_scripts())
    assert EMOJI not in text and f"rises {MISSING_GLYPH}" in text
    assert has_arabic(text, 2)


def test_page_with_emoji_and_arabic_renders(tmp_path: Path) -> None:
    needs_fonts()
    if not shutil.which("pdftoppm"):
        pytest.skip("needs pdftoppm (poppler-utils)")
    pdf = tmp_path / "scripts.pdf"
    pdf.write_bytes(sheet_with_scripts())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    [image] = tmp_path.glob("page-*.png")
    assert image.stat().st_size > 1000
