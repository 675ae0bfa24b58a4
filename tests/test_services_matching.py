"""Cross-source matching on articles written for these tests, ingested the way a user does."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claims.models import Article, Claim, ClaimKey, Mention, Outlet
from claims.services import matching
from claims.services.ingest import articles_ingest
from claims.services.matching import Item, compare, quotes_match
from claims.services.rematch import claims_rematch

from .factories import make_claim

pytestmark = pytest.mark.django_db


def write_corpus(folder: Path, articles: list[tuple[str, str, str, str]]) -> Path:
    """articles: (file, outlet, published date, text); a manifest gives outlet and date."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["file", "outlet", "published_at", "title"])
        for name, outlet, date, text in articles:
            (folder / name).write_text(text, encoding="utf-8")
            w.writerow([name, outlet, date, text.splitlines()[0]])
    return folder


def ingest_all(folder: Path) -> None:
    outcomes = articles_ingest(paths=[folder])
    assert [o.status for o in outcomes] == ["new"] * len(outcomes), outcomes


AID = (
    "Canada Pledges Flood Aid to Pakistan\n\n"
    "Canada has pledged {amount} in flood relief aid to Pakistan, the foreign ministry announced on Friday.\n\n"
    "{quote}\n"
)
QUOTE_A = (
    "“We will stand with the people of Pakistan for as long as it takes,” Foreign Minister Melanie Joly said."
)
QUOTE_B = "“We will stand with the people of Pakistan, for as long as it takes!” said Foreign Minister Melanie Joly."


def quantity_claims() -> list[Claim]:
    return list(Claim.objects.filter(kind=Claim.Kind.QUANTITY, unit="USD").prefetch_related("mentions"))


def test_same_value_from_two_outlets_is_one_corroborated_claim(tmp_path: Path) -> None:
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote=QUOTE_A)),
                (
                    "b.txt",
                    "Morning Courier",
                    "2024-03-02",
                    AID.format(amount="about $250 million", quote=QUOTE_B),
                ),
            ],
        )
    )
    [claim] = quantity_claims()
    assert claim.value == 250_000_000
    assert claim.mentions.count() == 2
    assert {m.stance for m in claim.mentions.all()} == {Mention.Stance.SUPPORTS}
    assert claim.suggested_status == Claim.Status.CORROBORATED
    assert "Daily Ledger" in claim.suggestion_reason and "Morning Courier" in claim.suggestion_reason


def test_different_value_contradicts(tmp_path: Path) -> None:
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote="")),
                ("b.txt", "Evening Post", "2024-03-03", AID.format(amount="$400 million", quote="")),
            ],
        )
    )
    [claim] = quantity_claims()
    stances = {m.article.outlet.name: m.stance for m in claim.mentions.select_related("article__outlet")}
    assert stances == {"Daily Ledger": "supports", "Evening Post": "contradicts"}
    assert claim.suggested_status == Claim.Status.CONFLICTING
    assert claim.has_contradiction
    assert "Contradicted by: Evening Post" in claim.suggestion_reason


def test_unrelated_amounts_do_not_match(tmp_path: Path) -> None:
    other = (
        "Bridge Repairs Approved\n\nThe city of Leeds approved $3 billion for the repair of its river bridges "
        "on Tuesday, the mayor's office said.\n"
    )
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote="")),
                ("b.txt", "Evening Post", "2024-03-03", other),
            ],
        )
    )
    assert len(quantity_claims()) == 2
    assert all(c.suggested_status == Claim.Status.SINGLE_SOURCE for c in quantity_claims())


def test_same_quote_with_other_punctuation_is_one_claim(tmp_path: Path) -> None:
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote=QUOTE_A)),
                ("b.txt", "Morning Courier", "2024-03-02", AID.format(amount="$250 million", quote=QUOTE_B)),
            ],
        )
    )
    quotes = Claim.objects.filter(kind=Claim.Kind.QUOTE)
    assert quotes.count() == 1
    quote = quotes.get()
    assert quote.speaker is not None and quote.speaker.name == "Melanie Joly"
    assert quote.mentions.count() == 2
    assert quote.suggested_status == Claim.Status.CORROBORATED


def test_partial_quote_joins_the_full_quote(tmp_path: Path) -> None:
    partial = (
        "Joly Visits Karachi\n\nForeign Minister Melanie Joly said Canada would “stand with the people of "
        "Pakistan” as the floods recede.\n"
    )
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote=QUOTE_A)),
                ("b.txt", "Morning Courier", "2024-03-05", partial),
            ],
        )
    )
    joly = Claim.objects.filter(kind=Claim.Kind.QUOTE, speaker__name="Melanie Joly")
    assert joly.count() == 1
    assert joly.get().mentions.count() == 2


def test_same_ownership_group_counts_as_one_source(tmp_path: Path) -> None:
    Outlet.objects.create(name="The Daily Ledger", ownership_group="Ledger Media")
    Outlet.objects.create(name="The Sunday Ledger", ownership_group="Ledger Media")
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "The Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote="")),
                (
                    "b.txt",
                    "The Sunday Ledger",
                    "2024-03-03",
                    AID.format(amount="some $250 million", quote=""),
                ),
            ],
        )
    )
    [claim] = quantity_claims()
    assert claim.mentions.count() == 2
    assert claim.suggested_status == Claim.Status.SINGLE_SOURCE
    assert claim.source_count == 1
    assert "Not counted as independent" in claim.suggestion_reason


def test_republished_copy_is_not_independent(tmp_path: Path) -> None:
    body = AID.format(amount="$250 million", quote=QUOTE_A) + (
        "\nThe aid package covers food, clean water and temporary shelter for families displaced by the "
        "floods, and officials said the first deliveries would arrive within two weeks.\n"
    )
    copy = (
        "Home » World » Asia\n" + body + "\nRelated items\n\nFloods hit the north\n\nMonday, 4 March 2024\n"
    )
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", body),
                ("b.txt", "Aggregator Blog", "2024-03-02", copy),
            ],
        )
    )
    original = Article.objects.get(outlet__name="Daily Ledger")
    republished = Article.objects.get(outlet__name="Aggregator Blog")
    assert republished.republished_from == original
    [claim] = quantity_claims()
    assert claim.mentions.count() == 2
    assert claim.suggested_status == Claim.Status.SINGLE_SOURCE
    assert "republished copy" in claim.suggestion_reason


def test_rematch_is_idempotent_and_keeps_editor_decisions(tmp_path: Path) -> None:
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", AID.format(amount="$250 million", quote=QUOTE_A)),
                ("b.txt", "Morning Courier", "2024-03-02", AID.format(amount="$250 million", quote=QUOTE_B)),
                ("c.txt", "Evening Post", "2024-03-03", AID.format(amount="$400 million", quote="")),
            ],
        )
    )

    def grouping() -> set[tuple[int, tuple[int, ...]]]:
        return {
            (c.pk, tuple(sorted(c.mentions.values_list("id", flat=True))))
            for c in Claim.objects.active().filter(mentions__isnull=False).distinct()
        }

    before = grouping()
    first = claims_rematch()
    assert first.moved == 0 and grouping() == before
    # An editor splits the quote's second mention off: rematch must not put it back.
    from claims.services.review import mention_split

    quote = Claim.objects.get(kind=Claim.Kind.QUOTE)
    second = quote.mentions.order_by("article__published_at").last()
    assert second is not None
    split = mention_split(mention=second, actor=None, note="different occasion")
    after_edit = grouping()
    report = claims_rematch()
    assert grouping() == after_edit
    assert report.moved == 0
    assert Mention.objects.get(pk=second.pk).claim_id == split.pk


def item(**kw: object) -> Item:
    base: dict[str, object] = {
        "kind": "first",
        "text": "",
        "sentence": "",
        "speaker_id": None,
        "value": None,
        "unit": "",
        "date": "",
        "subject": "",
        "action": "",
        "entities": (),
        "article_id": None,
        "when": None,
    }
    base.update(kw)
    return Item(**base)  # type: ignore[arg-type]


def test_first_then_second_time_a_year_later_agree() -> None:
    first = item(
        text="the first time",
        sentence="It is the first time a Dutch prime minister has attended an ASEAN summit.",
        subject="a Dutch prime minister",
        action="attend",
        target="ASEAN summit",
        value=1,
        when=datetime(2022, 6, 1, tzinfo=UTC),
    )
    second = item(
        text="the second time",
        sentence="The ASEAN summit marked the second time Rutte had participated in the gathering.",
        subject="Mark Rutte",
        action="participate",
        target="the gathering",
        value=2,
        when=datetime(2023, 7, 1, tzinfo=UTC),
        actor_extra="Prime Minister",
    )
    assert compare(second, first) == Mention.Stance.SUPPORTS
    backwards = item(**{**second.__dict__, "when": datetime(2021, 7, 1, tzinfo=UTC)})
    assert compare(backwards, first) == Mention.Stance.CONTRADICTS


def test_events_at_other_times_are_other_events() -> None:
    text = "Rutte visited Jakarta for trade talks with Joko Widodo"
    a = item(
        kind="event",
        text=text,
        sentence=text + " in 2017.",
        subject="Mark Rutte",
        action="visit",
        entities=("Mark Rutte", "Jakarta", "Joko Widodo"),
        date="2017",
    )
    b = item(
        kind="event",
        text=text,
        sentence=text + " in May 2023.",
        subject="Mark Rutte",
        action="visit",
        entities=("Mark Rutte", "Jakarta", "Joko Widodo"),
        date="2023-05",
    )
    assert compare(a, b) is None
    c = item(**{**a.__dict__, "date": "2023"})
    assert compare(c, b) == Mention.Stance.SUPPORTS


def test_quote_matching_allows_noise_but_not_other_words() -> None:
    assert quotes_match("We will stand with you.", "we will STAND with you")
    assert quotes_match(
        "stand with the people of Pakistan", "We will stand with the people of Pakistan for long."
    )
    assert not quotes_match("We will stand with you.", "We will never negotiate with them.")


def test_partial_quote_inside_reported_speech_matches() -> None:
    assert quotes_match(
        "Canada would “stand with the people of Pakistan” as the floods recede",
        "We will stand with the people of Pakistan for as long as it takes",
    )


def test_paraphrase_by_another_outlet_links_to_the_direct_quote(tmp_path: Path) -> None:
    quoted = (
        "Alliance Meets in Oslo\n\nThe alliance's foreign ministers met in Oslo on Tuesday.\n\n"
        "“No other partner is a more reliable ally than Norway,” Secretary General Anna Berg said.\n"
    )
    paraphrased = (
        "Ministers Wrap Up Oslo Talks\n\nSecretary General Anna Berg, who praised Norway for being the "
        "alliance's most reliable ally, also thanked the hosts for their support.\n\n"
        "“We leave Oslo more united than we came,” Berg said.\n"
    )
    ingest_all(
        write_corpus(
            tmp_path,
            [
                ("a.txt", "Daily Ledger", "2024-03-01", quoted),
                ("b.txt", "Evening Post", "2024-03-02", paraphrased),
            ],
        )
    )
    quote = Claim.objects.get(kind=Claim.Kind.QUOTE, text__startswith="No other partner")
    cues = sorted(quote.mentions.values_list("cue", flat=True))
    assert len(cues) == 2 and any("paraphrase" in c for c in cues), cues
    assert quote.suggested_status == Claim.Status.CORROBORATED
    # A paraphrase alone never becomes a claim of its own.
    assert not Claim.objects.filter(text__startswith="praised").exists()


def test_rematch_after_ingest_of_the_seeds_changes_nothing(seeds_dir: Path) -> None:
    """Ingest and rematch group mentions by the same rules, so a rematch right after ingest is a no-op."""
    ingest_all(seeds_dir)
    before = {(m.pk, m.claim_id, m.stance) for m in Mention.objects.all()}
    parts = ("text", "value", "unit", "date", "subject", "action", "measure", "target", "qualifiers", "place")
    claims_before = {c["id"]: c for c in Claim.objects.values("id", *parts)}
    report = claims_rematch()
    assert report.moved == 0 and report.claims_created == 0 and report.claims_removed == 0
    assert {(m.pk, m.claim_id, m.stance) for m in Mention.objects.all()} == before
    # Each claim still says what it claims ("Japan's assistance to Ukraine: about $1.5 billion"),
    # not its first source's bare words ("about $1.5 billion").
    changed = [
        (before_row, after_row)
        for after_row in Claim.objects.values("id", *parts)
        if (before_row := claims_before[after_row["id"]]) != after_row
    ]
    assert not changed, changed[:3]


def test_common_keys_are_counted_up_to_a_cap_and_read_newest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Matching reads a bounded part of a common key's postings, so it costs the same whatever the
    database's size; the candidates are still the newest claims under the rarest keys."""
    monkeypatch.setattr(matching, "POSTING_COUNT_CAP", 6)
    monkeypatch.setattr(matching, "MAX_POSTING", 3)
    claims = [make_claim(text=f"claim {n}") for n in range(10)]
    ClaimKey.objects.bulk_create(
        [ClaimKey(claim=c, key="e:aid:common") for c in claims]
        + [ClaimKey(claim=c, key="e:aid:rarer") for c in claims[:4]]
        + [ClaimKey(claim=claims[0], key="e:aid:rare")]
    )
    sizes = matching.posting_sizes(["e:aid:common", "e:aid:rarer", "e:aid:rare", "e:aid:nobody"])
    assert sizes == {"e:aid:common": 6, "e:aid:rarer": 4, "e:aid:rare": 1}
    newest = [c.pk for c in reversed(claims)]
    # Both keys together, newest rows first, as one ORDER BY over both would give them.
    assert matching.recent_postings(["e:aid:common", "e:aid:rarer"]) == newest[:3]
    assert matching.recent_postings(["e:aid:rarer"]) == [c.pk for c in reversed(claims[:4])][:3]
