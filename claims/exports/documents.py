"""Human-readable exports: Markdown (streamed) and a printable PDF (fpdf2).

Both show each claim's verdict, public note, fact-check page and sources. Text taken from
articles is data, never markup: Markdown escapes it (and percent-encodes link targets), the PDF
writes it as plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import cast
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from fpdf import FPDF

from claims.models import Claim, Mention

from .records import (
    ExportContext,
    fact_check_url,
    iter_claims,
    mentions_of,
    outlet_name,
    published_value,
    status_explanation,
    status_label,
    value_text,
)

# A Unicode TrueType family (Debian's fonts-dejavu-core); without it the PDF falls back to the
# core Helvetica font and transliterates what Latin-1 cannot show.
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
# Emoji, which DejaVu lacks (Debian's fonts-noto-color-emoji; fpdf2 draws its colour bitmaps).
EMOJI_FONTS = [
    Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"),
    Path("/usr/share/fonts/noto-emoji/NotoColorEmoji.ttf"),
]
# What no font here can show (CJK, without a CJK font) is printed as this, so a reader sees that
# something is missing; fpdf2 would leave it out and only log it.
MISSING_GLYPH = "\ufffd"

_ASCII_PUNCT = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "...", "•": "-"}
)


def _when(context: ExportContext) -> str:
    return f"{timezone.localtime(context.generated_at):%Y-%m-%d %H:%M %Z}"


def _source_line(mention: Mention) -> str:
    article = mention.article
    parts = [outlet_name(article) or "unknown outlet"]
    if published := published_value(article):
        day = timezone.localtime(published).date() if isinstance(published, datetime) else published
        parts.append(day.isoformat())
    parts.append(article.title or f"Article {article.pk}")
    return ", ".join(parts)


# Characters kept as they are in a link target: those with a meaning in URLs. Everything else
# (spaces, quotes, <, >, parentheses, backslashes, non-ASCII) is percent-encoded, so nothing in
# an address can end a Markdown link or open an HTML tag.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"


def link_target(url: str) -> str | None:
    """`url` safe to put in a link as it is, or None when it is no http(s) address."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return quote(url, safe=_URL_SAFE)


# --- Markdown -------------------------------------------------------------------------------------

# Every character CommonMark gives a meaning inline (| for tables, ~ for strikethrough); ! only
# starts an image before [, which is escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
# An ampersand that would start an entity (&lt;): escaped so the text reads as written.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# What starts a block at the start of a line: a list item (-, +, 1. or 1)), a rule (---, ===).
_MD_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def md_escape(text: str) -> str:
    """Article text as Markdown that renders as exactly that text, on one line."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def md_link(label: str, url: str) -> str:
    """A Markdown link to `url`, or the label alone when the address is no web address."""
    target = link_target(url)
    return f"[{md_escape(label)}]({target})" if target else md_escape(label)


def export_markdown(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    yield f"# {md_escape(context.title)}\n\n".encode()
    if context.description.strip():
        yield f"{md_escape(context.description)}\n\n".encode()
    yield f"_Checked by {md_escape(settings.PUBLISHER_NAME)}; generated {_when(context)}._\n".encode()
    for n, claim in enumerate(iter_claims(claims), start=1):
        lines = [f"\n## {n}. {md_escape(claim.text)}\n"]
        status = status_label(claim.status)
        lines.append(f"- **Verdict:** {status} ({status_explanation(claim.status)})")
        if claim.verdict_note.strip():
            lines.append(f"- **Note:** {md_escape(claim.verdict_note)}")
        lines.append(f"- **Kind:** {claim.get_kind_display()}")
        if speaker := claim.speaker_display:
            lines.append(f"- **Speaker:** {md_escape(speaker)}")
        if value := value_text(claim):
            lines.append(f"- **Value:** {md_escape(value)}")
        if page := fact_check_url(claim, context):
            lines.append(f"- **Fact-check page:** {md_link(page, page)}")
        mentions = mentions_of(claim)
        if mentions:
            lines.append("\n**Sources**\n")
        for mention in mentions:
            source = _source_line(mention)
            source = md_link(source, mention.article.url) if mention.article.url else md_escape(source)
            stance = " (contradicts the claim)" if mention.stance == Mention.Stance.CONTRADICTS else ""
            lines.append(f"- {source}{stance}")
            lines.append(f"  > {md_escape(mention.sentence or mention.text)}")
        yield ("\n".join(lines) + "\n").encode("utf-8")


# --- quotation marks --------------------------------------------------------------------------------

_OPENING = "“„‟«"
_CLOSING = "”»"
# After these a straight " opens a quotation; anywhere else it closes one.
_BEFORE_OPENING = " \t\n([{‘“—–-/"


def _double_marks(text: str) -> list[tuple[int, bool]]:
    """Where `text` has double quotation marks, and whether each opens (True) or closes."""
    marks = []
    for i, ch in enumerate(text):
        if ch in _OPENING:
            marks.append((i, True))
        elif ch in _CLOSING:
            marks.append((i, False))
        elif ch == '"':
            marks.append((i, i == 0 or text[i - 1] in _BEFORE_OPENING))
    return marks


def _unmatched(text: str) -> tuple[set[int], dict[int, int]]:
    stack: list[int] = []
    pairs: dict[int, int] = {}
    stray: set[int] = set()
    for i, opening in _double_marks(text):
        if opening:
            stack.append(i)
        elif stack:
            pairs[stack.pop()] = i
        else:
            stray.add(i)
    return stray | set(stack), pairs


def quoted(text: str) -> str:
    """`text` between one pair of the page's own marks: “…”.

    A quote's text may carry its own marks, or half of them when the sentence was cut at a mark
    (“No other partner, or forces. ”): marks that pair with nothing are dropped, a pair around
    the whole text is the text's own and is dropped, and marks left inside become single ones,
    as a quotation inside a quotation is written.
    """
    text = " ".join(text.split())
    while True:
        stray, pairs = _unmatched(text)
        if stray:
            text = "".join(ch for i, ch in enumerate(text) if i not in stray).strip()
        elif text and pairs.get(0) == len(text) - 1:
            text = text[1:-1].strip()
        else:
            break
    inner = []
    for i, ch in enumerate(text):
        if ch in "“„‟" or (ch == '"' and (i == 0 or text[i - 1] in _BEFORE_OPENING)):
            inner.append("‘")
        elif ch == "”" or ch == '"':
            inner.append("’")
        else:
            inner.append(ch)
    return f"“{''.join(inner)}”"


# --- PDF --------------------------------------------------------------------------------------------

# fpdf2 replaces this placeholder with the number of pages; article text never carries it.
PAGES_ALIAS = "{factcheck:pages}"
GREY = 90
BULLET_WIDTH = 3.5
# Room a claim's heading needs with its first lines (mm): less than this left, it starts a page.
CLAIM_MIN_SPACE = 40
LINK_BLUE = (20, 70, 160)


class _SheetPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.sheet_title = title
        self.family = "Helvetica"
        for folder in FONT_DIRS:
            paths = {style: folder / name for style, name in FONT_FILES.items()}
            if all(p.is_file() for p in paths.values()):
                for style, path in paths.items():
                    self.add_font("DejaVu", style, str(path))
                self.family = "DejaVu"
                break
        self._shown: dict[str, str] = {}
        if self.unicode:
            # A glyph the current face lacks is taken from any face that has it: Arabic in italics
            # from the upright DejaVu (DejaVu Sans Oblique has no Arabic), emoji from the emoji font.
            fallbacks = ["DejaVu"]
            if emoji := next((p for p in EMOJI_FONTS if p.is_file()), None):
                self.add_font("Emoji", "", str(emoji))
                fallbacks.append("Emoji")
            self.set_fallback_fonts(fallbacks, exact_match=False)
        self.alias_nb_pages(PAGES_ALIAS)
        self.set_title(self.text(title))
        self.set_author(self.text(settings.PUBLISHER_NAME))
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, 18, 18)

    @property
    def unicode(self) -> bool:
        return self.family == "DejaVu"

    def text(self, value: str) -> str:  # type: ignore[override]
        """What the current font can show: everything with DejaVu, Latin-1 with core fonts."""
        value = " ".join(value.replace(PAGES_ALIAS, "").split())
        if self.unicode:
            return value if value.isascii() else "".join(self._shown_as(ch) for ch in value)
        value = unicodedata.normalize("NFKD", value.translate(_ASCII_PUNCT))
        return (
            "".join(ch for ch in value if not unicodedata.combining(ch))
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def _shown_as(self, ch: str) -> str:
        """``ch`` when a font here has it, else :data:`MISSING_GLYPH` (nothing for an invisible
        format character such as a zero-width joiner)."""
        shown = self._shown.get(ch)
        if shown is None:
            if any(ord(ch) in font.cmap for font in self.fonts.values() if hasattr(font, "cmap")):
                shown = ch
            else:
                shown = "" if unicodedata.category(ch) in ("Cf", "Mn") else MISSING_GLYPH
            self._shown[ch] = shown
        return shown

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(self.family, "", 8)
        self.set_text_color(GREY)
        # Not through text(): the alias must reach fpdf2 as it is. Left-aligned, because fpdf2
        # measures the alias, not the number that replaces it.
        self.cell(self.epw * 0.25, 6, f"Page {self.page_no()} of {PAGES_ALIAS}", align="L")
        owner = f"{settings.PUBLISHER_NAME} · {self.sheet_title}"
        if len(owner) > 80:
            owner = owner[:79] + "…"
        self.cell(0, 6, self.text(owner), align="R")
        self.set_text_color(0)

    def para(
        self,
        value: str,
        size: float = 10,
        style: str = "",
        indent: float = 0,
        link: str | None = None,
        grey: bool = False,
        bullet: bool = False,
    ) -> None:
        """A left-aligned paragraph (never justified: stretched spaces read badly in narrow text);
        a bullet hangs to the left of the text's lines."""
        self.set_font(self.family, style, size)
        self.set_x(self.l_margin + indent)
        if bullet:
            self.cell(BULLET_WIDTH, size * 0.5, self.text("•"))
        if link:
            self.set_text_color(*LINK_BLUE)
        elif grey:
            self.set_text_color(GREY)
        self.multi_cell(
            0, size * 0.5, self.text(value), align="L", link=link or None, new_x="LMARGIN", new_y="NEXT"
        )
        self.set_text_color(0)

    def height(self, value: str, size: float, style: str, indent: float) -> float:
        """How tall para() would make `value`, without drawing it."""
        self.set_font(self.family, style, size)
        width = self.epw - indent
        height = self.multi_cell(
            width, size * 0.5, self.text(value), align="L", dry_run=True, output="HEIGHT"
        )
        return cast(float, height)

    def labelled(self, label: str, value: str, size: float = 10, link: str | None = None) -> None:
        """ "Label: value" on one paragraph, the label in bold."""
        self.set_x(self.l_margin)
        self.set_font(self.family, "B", size)
        self.write(size * 0.5, self.text(label) + ": ")
        self.set_font(self.family, "", size)
        if link:
            self.set_text_color(*LINK_BLUE)
        self.write(size * 0.5, self.text(value), link=link or "")
        self.set_text_color(0)
        self.ln(size * 0.5)


def _details(claim: Claim) -> str:
    details = [claim.get_kind_display()]
    if speaker := claim.speaker_display:
        details.append(speaker)
    if value := value_text(claim):
        details.append(value)
    if claim.reviewed_at:
        details.append(f"reviewed {timezone.localtime(claim.reviewed_at):%Y-%m-%d}")
    return " · ".join(details)


def _pdf_claim(pdf: _SheetPDF, n: int, claim: Claim, context: ExportContext) -> None:
    pdf.ln(5)
    if pdf.y + CLAIM_MIN_SPACE > pdf.page_break_trigger:
        pdf.add_page()
    heading = quoted(claim.text) if claim.kind == Claim.Kind.QUOTE else claim.text
    pdf.para(f"{n}. {heading}", size=12, style="B")
    pdf.para(_details(claim), size=9, grey=True)
    pdf.ln(1)
    pdf.labelled("Verdict", f"{status_label(claim.status)} — {status_explanation(claim.status)}")
    if claim.verdict_note.strip():
        pdf.labelled("Note", claim.verdict_note)
    if page := fact_check_url(claim, context):
        pdf.labelled("Fact-check page", page, size=9, link=link_target(page))
    for index, mention in enumerate(mentions_of(claim)):
        _pdf_source(pdf, mention, first=index == 0)


SOURCE_INDENT = 3


def _pdf_source(pdf: _SheetPDF, mention: Mention, *, first: bool) -> None:
    """One source: outlet, date and title, its sentence, its address (linked)."""
    line = _source_line(mention)
    if mention.stance == Mention.Stance.CONTRADICTS:
        line += " (contradicts the claim)"
    sentence = quoted(mention.sentence or mention.text)
    target = link_target(mention.article.url) if mention.article.url else None
    indent = SOURCE_INDENT + BULLET_WIDTH
    # A source stays on one page, and "Sources" with the first one (fpdf2's unbreakable() would
    # copy the whole document for each source).
    needed = pdf.height(line, 9, "", indent) + pdf.height(sentence, 9, "I", indent)
    if target:
        needed += pdf.height(mention.article.url, 8, "", indent)
    if first:
        needed += 7
    if pdf.y + needed > pdf.page_break_trigger:
        pdf.add_page()
    if first:
        pdf.ln(1)
        pdf.para("Sources", size=10, style="B")
    pdf.para(line, size=9, indent=SOURCE_INDENT, bullet=True)
    pdf.para(sentence, size=9, style="I", indent=indent)
    if target:
        pdf.para(mention.article.url, size=8, indent=indent, link=target)


# fpdf2 builds the whole document in memory (about 50 MiB and 90 s for 1,000 claims with two
# sources each, bench/export_memory.py), so unlike the streamed formats a PDF is refused past
# this many claims; it is meant for sheets.
PDF_MAX_CLAIMS = 1000


class ExportTooLarge(ValueError):
    """An export refused for its size; the message says what to use instead."""


def export_refusal(fmt: str, claims: QuerySet[Claim]) -> str | None:
    """Why `claims` cannot be exported as `fmt`, or None when they can (one COUNT query)."""
    if fmt != "pdf":
        return None
    count = claims.count()
    if count <= PDF_MAX_CLAIMS:
        return None
    return (
        f"A PDF holds at most {PDF_MAX_CLAIMS:,} claims (it is built in memory) and this export has "
        f"{count:,}. Export CSV, XLSX or JSON instead: they are streamed, whatever the size."
    )


def export_pdf(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """A printable sheet: title, description, then each claim with its verdict, note, fact-check
    page and sources; the organisation and "Page N of M" at the foot of every page.

    Raises ExportTooLarge past PDF_MAX_CLAIMS claims; callers check `export_refusal` first, to
    answer before any byte is sent.
    """
    if refusal := export_refusal("pdf", claims):
        raise ExportTooLarge(refusal)
    pdf = _SheetPDF(context.title)
    pdf.add_page()
    pdf.para(context.title, size=18, style="B")
    pdf.ln(2)
    if context.description.strip():
        pdf.para(context.description, size=11)
        pdf.ln(2)
    pdf.para(f"Checked by {settings.PUBLISHER_NAME}; generated {_when(context)}", size=8, grey=True)
    for n, claim in enumerate(iter_claims(claims), start=1):
        _pdf_claim(pdf, n, claim, context)
    yield bytes(pdf.output())
