"""Boilerplate of one outlet: a sentence repeated in three of its articles makes no claim."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claims.models import Article, Claim, Mention
from claims.services.extracted import sentence_key
from claims.services.ingest import articles_ingest
from claims.services.outlet_boilerplate import KIND, outlet_repeat_keys

pytestmark = pytest.mark.django_db

TEMPLATE = "The Lakeside Courier is part of the Northern Dispatch group, which prints 42 local newspapers."

STORIES = [
    "Ferry Fares Rise\n\nThe ferry operator said on Monday that fares would rise by 8 percent.\n",
    "School Roof Repaired\n\nThe county spent $3.2 million on the school roof last year, officials said.\n",
    "Museum Opens Wing\n\nThe museum said its new wing holds 1,400 paintings from the 19th century.\n",
    "Bridge Toll Scrapped\n\nThe council voted 7 to 2 on Tuesday to scrap the bridge toll.\n",
]


def write(folder: Path, outlets: list[str], *, stories: list[str] = STORIES) -> list[Path]:
    """One article per outlet name, each a story followed by the template sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["file", "outlet", "published_at"])
        for n, outlet in enumerate(outlets):
            name = f"{n}.txt"
            (folder / name).write_text(stories[n] + "\n" + TEMPLATE + "\n", encoding="utf-8")
            out.writerow([name, outlet, f"2024-03-0{n + 1}"])
            paths.append(folder / name)
    return paths


def template_claims() -> list[Claim]:
    key = sentence_key(TEMPLATE)
    return list(Claim.objects.filter(mentions__sentence_key=key).distinct())


def ingest_each(paths: list[Path]) -> None:
    for path in paths:  # one by one: each article arrives after the ones before it
        outcomes = articles_ingest(paths=[path])
        assert [o.status for o in outcomes] == ["new"], outcomes


def test_sentence_in_three_articles_of_one_outlet_leaves_no_claim(tmp_path: Path) -> None:
    paths = write(tmp_path / "a", ["Lakeside Courier"] * 4)
    ingest_each(paths[:2])
    assert template_claims(), "two articles are not yet a pattern: the sentence still makes a claim"
    ingest_each(paths[2:3])
    assert template_claims() == []
    assert not Claim.objects.filter(mentions__isnull=True).exists()
    assert not Claim.objects.filter(text__contains="42").exists()
    # The stories' own claims stay.
    assert Claim.objects.filter(unit="%").exists() or Claim.objects.filter(value=8).exists()
    for article in Article.objects.all():
        ranges = [r for r in article.boilerplate if r[2] == KIND]
        assert len(ranges) == 1, article.boilerplate
        assert article.text[ranges[0][0] : ranges[0][1]] == TEMPLATE
    # A fourth article finds the sentence already known, though its earlier mentions are gone.
    ingest_each(paths[3:])
    assert template_claims() == []
    fourth = Article.objects.get(source_path__endswith="3.txt")
    assert outlet_repeat_keys(fourth) == {sentence_key(TEMPLATE)}
    assert fourth.mentions.exists(), "the story's own claims are stored"


def test_same_sentence_in_three_outlets_still_makes_claims(tmp_path: Path) -> None:
    paths = write(tmp_path / "b", ["Lakeside Courier", "Valley Herald", "Harbour Times"])
    ingest_each(paths)
    claims = template_claims()
    assert claims
    assert (
        Mention.objects.filter(sentence_key=sentence_key(TEMPLATE)).values("article").distinct().count() == 3
    )
    assert not any(r[2] == KIND for a in Article.objects.all() for r in a.boilerplate)


def test_republished_copy_does_not_count_as_another_article(tmp_path: Path) -> None:
    body = (
        "The county spent $3.2 million on the school roof last year, officials said. Work began in "
        "April and ended in August, and pupils moved back into the east wing before the autumn term.\n"
    )
    stories = [STORIES[0], "School Roof Repaired\n\n" + body, "Roof Work Done, Officials Say\n\n" + body]
    paths = write(tmp_path / "c", ["Lakeside Courier"] * 3, stories=stories)
    ingest_each(paths)
    copy = Article.objects.get(source_path__endswith="2.txt")
    assert copy.republished_from is not None
    assert template_claims(), "an original and its copy are one article: two, not three"


def test_reviewed_claim_survives_with_its_mentions(tmp_path: Path) -> None:
    paths = write(tmp_path / "d", ["Lakeside Courier"] * 3)
    ingest_each(paths[:2])
    reviewed = template_claims()[0]
    Claim.objects.filter(pk=reviewed.pk).update(status=Claim.Status.SINGLE_SOURCE, editor_locked=True)
    before = set(reviewed.mentions.values_list("id", flat=True))
    assert len(before) == 2
    ingest_each(paths[2:])
    reviewed.refresh_from_db()
    assert reviewed.status == Claim.Status.SINGLE_SOURCE
    assert set(reviewed.mentions.values_list("id", flat=True)) == before, "no mention is added or removed"
    assert [c.pk for c in template_claims()] == [reviewed.pk]


def test_unreviewed_claim_keeps_its_other_mentions(tmp_path: Path) -> None:
    """A claim also stated outside the boilerplate loses only the boilerplate mentions."""
    stories = list(STORIES)
    stories[0] = stories[0].replace(
        "\n\n", "\n\nThe Northern Dispatch group prints 42 local newspapers.\n", 1
    )
    paths = write(tmp_path / "e", ["Lakeside Courier"] * 3, stories=stories)
    ingest_each(paths)
    assert not Mention.objects.filter(sentence_key=sentence_key(TEMPLATE)).exists()
    kept = Claim.objects.filter(history__note__contains="boilerplate").distinct()
    assert kept.exists(), "the figure stated outside the template keeps its claim"
    for claim in kept:
        assert [m.sentence.strip() for m in claim.mentions.all()] == [
            "The Northern Dispatch group prints 42 local newspapers."
        ]
