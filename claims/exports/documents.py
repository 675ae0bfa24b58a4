"""Human-readable exports: Markdown (streamed) and a printable PDF (fpdf2)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet
from fpdf import FPDF

from claims.models import Claim, Mention

from .records import (
    ExportContext,
    iter_claims,
    mentions_of,
    outlet_name,
    status_explanation,
    status_label,
    value_text,
)

# A Unicode TrueType family (Debian's fonts-dejavu-core); without it the PDF falls back to the
# core Helvetica font and transliterates what Latin-1 cannot show.
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_ASCII_PUNCT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _source_line(mention: Mention) -> str:
    article = mention.article
    parts = [outlet_name(article) or "unknown outlet"]
    if article.published_at:
        parts.append(article.published_at.date().isoformat())
    parts.append(article.title or f"Article {article.pk}")
    return ", ".join(parts)


def export_markdown(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    yield f"# {md_escape(context.title)}\n\n".encode()
    if context.description.strip():
        yield f"{md_escape(context.description)}\n\n".encode()
    yield f"_Generated {context.generated_at:%Y-%m-%d %H:%M} UTC._\n".encode()
    for n, claim in enumerate(iter_claims(claims), start=1):
        lines = [f"\n## {n}. {md_escape(claim.text)}\n"]
        status = status_label(claim.status)
        lines.append(f"- **Status:** {status} ({status_explanation(claim.status)})")
        lines.append(f"- **Kind:** {claim.get_kind_display()}")
        if speaker := claim.speaker_display:
            lines.append(f"- **Speaker:** {md_escape(speaker)}")
        if value := value_text(claim):
            lines.append(f"- **Value:** {md_escape(value)}")
        if claim.verdict_note.strip():
            lines.append(f"- **Verdict:** {md_escape(claim.verdict_note)}")
        mentions = mentions_of(claim)
        if mentions:
            lines.append("\n**Sources**\n")
        for mention in mentions:
            source = md_escape(_source_line(mention))
            if mention.article.url:
                source = f"[{source}](<{mention.article.url}>)"
            stance = " (contradicts)" if mention.stance == Mention.Stance.CONTRADICTS else ""
            lines.append(f"- {source}{stance}")
            lines.append(f"  > {md_escape(mention.sentence or mention.text)}")
        yield ("\n".join(lines) + "\n").encode("utf-8")


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
        self.set_title(self.text(title))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    @property
    def unicode(self) -> bool:
        return self.family == "DejaVu"

    def text(self, value: str) -> str:  # type: ignore[override]
        """What the current font can show: everything with DejaVu, Latin-1 with core fonts."""
        value = " ".join(value.split())
        if self.unicode:
            return value
        value = unicodedata.normalize("NFKD", value.translate(_ASCII_PUNCT))
        return (
            "".join(ch for ch in value if not unicodedata.combining(ch))
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "I", 8)
        self.set_text_color(110)
        self.cell(0, 6, self.text(f"{self.sheet_title} — page {self.page_no()}"), align="C")
        self.set_text_color(0)

    def para(self, value: str, size: float = 10, style: str = "", indent: float = 0) -> None:
        self.set_font(self.family, style, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, self.text(value), new_x="LMARGIN", new_y="NEXT")


def export_pdf(claims: QuerySet[Claim], context: ExportContext) -> Iterator[bytes]:
    """A printable sheet: title, description, then each claim with status, verdict and sources.

    fpdf2 builds the document in memory, so unlike the other formats this one is not flat in
    memory; it is meant for sheets of tens or hundreds of claims.
    """
    pdf = _SheetPDF(context.title)
    pdf.add_page()
    pdf.para(context.title, size=18, style="B")
    pdf.ln(2)
    if context.description.strip():
        pdf.para(context.description, size=11)
        pdf.ln(2)
    pdf.para(f"Generated {context.generated_at:%Y-%m-%d %H:%M} UTC", size=8, style="I")
    for n, claim in enumerate(iter_claims(claims), start=1):
        pdf.ln(4)
        pdf.para(f"{n}. {claim.text}", size=12, style="B")
        pdf.para(f"Status: {status_label(claim.status)} — {status_explanation(claim.status)}", size=10)
        details = [claim.get_kind_display()]
        if speaker := claim.speaker_display:
            details.append(f"speaker: {speaker}")
        if value := value_text(claim):
            details.append(f"value: {value}")
        pdf.para("; ".join(details), size=9)
        if claim.verdict_note.strip():
            pdf.para(f"Verdict: {claim.verdict_note}", size=10)
        mentions = mentions_of(claim)
        if mentions:
            pdf.para("Sources:", size=10, style="B")
        for mention in mentions:
            line = _source_line(mention)
            if mention.article.url:
                line += f" <{mention.article.url}>"
            if mention.stance == Mention.Stance.CONTRADICTS:
                line += " (contradicts)"
            pdf.para(f"• {line}", size=9, indent=3)
            pdf.para(f"“{mention.sentence or mention.text}”", size=9, style="I", indent=7)
    yield bytes(pdf.output())
