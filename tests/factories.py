"""Small factories for tests: real rows with sensible defaults."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime
from typing import Any

from claims.extraction.types import Quote, Span
from claims.models import Article, Claim, ClaimSheet, ClaimSheetItem, Mention, Outlet, Speaker

_seq = itertools.count(1)


def make_outlet(**kw: Any) -> Outlet:
    kw.setdefault("name", f"Outlet {next(_seq)}")
    return Outlet.objects.create(**kw)


def make_article(**kw: Any) -> Article:
    n = next(_seq)
    kw.setdefault("title", f"Article {n}")
    kw.setdefault("text", f"Article {n} text. The minister said the budget was $5 million.")
    kw.setdefault("content_hash", hashlib.sha256(kw["text"].encode()).hexdigest())
    kw.setdefault("published_at", datetime(2023, 4, 5, tzinfo=UTC))
    kw.setdefault("state", Article.State.EXTRACTED)
    if "outlet" not in kw:
        kw["outlet"] = make_outlet()
    return Article.objects.create(**kw)


def logged_in(username: str, group: str) -> Any:
    """A test client logged in as a staff member of the group ("Editors" or "Reviewers")."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def make_speaker(**kw: Any) -> Speaker:
    kw.setdefault("name", f"Speaker {next(_seq)}")
    return Speaker.objects.create(**kw)


def make_claim(**kw: Any) -> Claim:
    kw.setdefault("kind", Claim.Kind.QUANTITY)
    kw.setdefault("text", f"$5 million ({next(_seq)})")
    return Claim.objects.create(**kw)


def make_mention(*, claim: Claim, article: Article | None = None, **kw: Any) -> Mention:
    article = article or make_article()
    kw.setdefault("start", 0)
    kw.setdefault("end", 5)
    kw.setdefault("text", article.text[kw["start"] : kw["end"]])
    kw.setdefault("kind", claim.kind)
    kw.setdefault("extractor", "test")
    kw.setdefault("extractor_version", "0")
    return Mention.objects.create(claim=claim, article=article, **kw)


def said(
    words: str,
    who: str | None,
    *,
    named: str | None = None,
    kind: str = "person",
    status: str = "resolved",
    candidates: tuple[str, ...] = (),
) -> tuple[str, Quote]:
    """A one-sentence article text with its quote: “words,” NAMED said."""
    named = named or who or "he"
    text = f"\u201c{words},\u201d {named} said."
    start = 1
    quote = Quote(
        start=start,
        end=start + len(words),
        text=words,
        speaker=who if status == "resolved" else (candidates[0] if candidates else None),
        speaker_kind=kind if status != "unresolved" else None,
        speaker_span=Span(
            text.index(named, start + len(words)), text.index(named, start + len(words)) + len(named)
        ),
        cue="said",
        sentence=text,
        speaker_status=status,
        speaker_text=named,
        speaker_candidates=candidates,
    )
    return text, quote


def make_public_claim(**kw: Any) -> Claim:
    """A reviewed claim (status set directly: tests of readers do not go through the workflow)."""
    kw.setdefault("status", Claim.Status.CORROBORATED)
    kw.setdefault("reviewed_at", datetime(2023, 4, 6, tzinfo=UTC))
    return make_claim(**kw)


def make_sheet(**kw: Any) -> ClaimSheet:
    n = next(_seq)
    kw.setdefault("title", f"Sheet {n}")
    kw.setdefault("slug", f"sheet-{n}")
    return ClaimSheet.objects.create(**kw)


def add_to_sheet(sheet: ClaimSheet, *claims: Claim) -> None:
    start = sheet.items.count()
    for offset, claim in enumerate(claims):
        ClaimSheetItem.objects.create(sheet=sheet, claim=claim, position=start + offset)


# Strings that must never appear in public output (API, public exports).
SECRET_MARKERS = ("SECRET-INTERNAL", "UNREVIEWED-TEXT", "REJECTED-TEXT", "MERGED-TEXT", "alice")


def make_public_dataset() -> dict[str, Any]:
    """Reviewed and unreviewed claims side by side, with secrets that must never be published."""
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user(
        username="alice", email="alice@example.org", password="x", first_name="alice"
    )
    public_outlet = make_outlet(name="Japan Times", domain="japantimes.co.jp", country="Japan")
    hidden_outlet = make_outlet(name="Hidden Outlet UNREVIEWED-TEXT")
    text = (
        "Japan has so far announced approximately $7.6 billion in aid. "
        "\u201cNo other partner is closer,\u201d said Jens Stoltenberg on Wednesday."
    )
    article = make_article(
        outlet=public_outlet,
        title="Japan and NATO deepen ties",
        url="https://example.org/japan-nato",
        text=text,
        published_at=datetime(2023, 4, 5, 9, 30, tzinfo=UTC),
        source_path="seeds/003.txt",
    )
    article2 = make_article(
        outlet=make_outlet(name="NHK World"),
        title="NATO chief in Tokyo",
        text="NATO said Japan announced $7.6 billion. Officials met in Tokyo.",
        published_at=datetime(2023, 4, 6, tzinfo=UTC),
    )
    hidden_article = make_article(outlet=hidden_outlet, title="Hidden UNREVIEWED-TEXT article")
    speaker = make_speaker(name="Jens Stoltenberg", role="NATO Secretary General")
    hidden_speaker = make_speaker(name="UNREVIEWED-TEXT Speaker")

    quantity = make_public_claim(
        kind=Claim.Kind.QUANTITY,
        text="approximately $7.6 billion",
        value=7.6e9,
        unit="USD",
        subject="aid to Ukraine",
        verdict_note="Two outlets report the same figure.",
        internal_note="SECRET-INTERNAL check the ministry site",
        reviewed_by=editor,
    )
    sentence = "Japan has so far announced approximately $7.6 billion in aid."
    start = text.index("approximately")
    make_mention(
        claim=quantity,
        article=article,
        start=start,
        end=start + 26,
        sentence=sentence,
        value=7.6e9,
        unit="USD",
    )
    s2 = article2.text.index("$7.6")
    make_mention(
        claim=quantity,
        article=article2,
        start=s2,
        end=s2 + 12,
        sentence="NATO said Japan announced $7.6 billion.",
        value=7.6e9,
        unit="USD",
    )
    quote = make_public_claim(
        kind=Claim.Kind.QUOTE,
        text="No other partner is closer",
        speaker=speaker,
        status=Claim.Status.SINGLE_SOURCE,
        verdict_note="Only one outlet carries the quote.",
        reviewed_by=editor,
    )
    q_start = text.index("No other")
    make_mention(
        claim=quote,
        article=article,
        start=q_start,
        end=q_start + 26,
        sentence=text[text.index("\u201c") :],
        speaker=speaker,
        cue="said",
    )
    unreviewed = make_claim(
        kind=Claim.Kind.QUOTE,
        text="UNREVIEWED-TEXT quote",
        speaker=hidden_speaker,
        internal_note="SECRET-INTERNAL",
    )
    make_mention(claim=unreviewed, article=article, start=0, end=5, speaker=hidden_speaker)
    make_mention(claim=unreviewed, article=hidden_article, start=0, end=5)
    rejected = make_claim(text="REJECTED-TEXT claim", status=Claim.Status.REJECTED, reviewed_by=editor)
    make_mention(claim=rejected, article=hidden_article, start=6, end=10)
    merged = make_public_claim(text="MERGED-TEXT duplicate", merged_into=quantity)
    make_mention(claim=merged, article=hidden_article, start=11, end=15)

    sheet = make_sheet(
        title="Japan–NATO ties",
        slug="japan-nato",
        description="Claims checked for the story.",
        published=True,
    )
    add_to_sheet(sheet, quote, unreviewed, quantity)
    draft = make_sheet(title="Draft UNREVIEWED-TEXT", slug="draft", published=False)
    add_to_sheet(draft, quantity)
    return {
        "editor": editor,
        "article": article,
        "article2": article2,
        "hidden_article": hidden_article,
        "outlet": public_outlet,
        "hidden_outlet": hidden_outlet,
        "speaker": speaker,
        "hidden_speaker": hidden_speaker,
        "quantity": quantity,
        "quote": quote,
        "unreviewed": unreviewed,
        "rejected": rejected,
        "merged": merged,
        "sheet": sheet,
        "draft": draft,
    }


def make_varied_dataset() -> dict[str, Any]:
    """Claims with every shape the list shows: quotes resolved, ambiguous and unresolved, a
    conflict, a held source, articles without outlet, date or address, text beyond ASCII."""
    data = make_public_dataset()
    bare = make_article(outlet=None, published_at=None, title="", url="")
    paris = make_article(
        outlet=make_outlet(name="Le Monde"),
        url="https://lemonde.example/a",
        published_at=datetime(2023, 4, 7, 22, 15, 30, 123456, tzinfo=UTC),
        text="« Nous ne reculerons pas », a dit le ministre. Line\u2028break and 12 % more.",
    )
    unresolved = make_public_claim(
        kind=Claim.Kind.QUOTE, text="Nous ne reculerons pas", status="single_source"
    )
    make_mention(
        claim=unresolved,
        article=paris,
        start=2,
        end=24,
        speaker_status="unresolved",
        speaker_text="le ministre",
        cue="a dit",
        sentence="« Nous ne reculerons pas », a dit le ministre.",
    )
    ambiguous = make_public_claim(kind=Claim.Kind.QUOTE, text="We will not step back")
    make_mention(
        claim=ambiguous,
        article=bare,
        speaker_status="ambiguous",
        speaker_text="Smith",
        speaker_candidates=["Anna Smith", "Ben Smith"],
    )
    make_mention(claim=ambiguous, speaker=make_speaker(name="Anna Smith"), speaker_status="resolved")
    conflict = make_public_claim(
        text="12 % more\u2028than last year",
        status="conflicting",
        value=12.0,
        value_max=14.5,
        unit="percent",
        date="2023-04",
        subject="budget",
        measure="growth",
        qualifiers="about",
        place="Paris",
        reviewed_at=datetime(2023, 5, 1, 8, 0, 0, 5, tzinfo=UTC),
    )
    make_mention(
        claim=conflict, article=paris, start=60, end=69, value=12.0, unit="percent", approximate=True
    )
    make_mention(claim=conflict, article=bare, value=9.0, unit="percent", stance=Mention.Stance.CONTRADICTS)
    held = make_mention(claim=conflict, value=99.0, held=True)
    make_public_claim(text="A claim nobody has a source for yet", reviewed_at=None)
    sheet = make_sheet(published=True)
    add_to_sheet(sheet, conflict, unresolved, data["quote"])
    return {**data, "held": held, "conflict": conflict, "sheet": sheet}
