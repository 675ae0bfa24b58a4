"""Dates a claim needs: span F1 and value accuracy, on written sentences and on judged PolNeAR dates.

    .venv/bin/python bench/dates_eval.py [--polnear-dir /work/shared/eval/polnear]

Gold, two sets:
  written   sentences written for this benchmark (below), each with a publication date and the
            date expressions whose date a claim needs (those of a stated event), with their values;
            sentences with none are there to catch bare or reporting dates taken for claims.
  polnear   bench/dates_polnear.jsonl: dates judged in PolNeAR texts, stored as doc id, character
            offsets and the expected value only (null: a date no claim needs). Every date in a
            judged document was judged, so a date found elsewhere in it is a false positive.
            Publication dates come from the doc ids (source_YYYY-MM-DD_slug).

Found = the dates the extraction attaches to claims: date claims' spans, and the date entities an
event claim carries. A found span matches a gold span when they overlap (one to one); "exact"
counts identical offsets. Value accuracy is over matched spans. Targets: F1 >= 0.85, value >= 0.95.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from claims.extraction import events  # noqa: E402
from claims.extraction.boilerplate import detect_boilerplate  # noqa: E402
from claims.extraction.claimset import ClaimContext  # noqa: E402
from claims.extraction.dates import find_date_claims  # noqa: E402
from claims.extraction.nlp import load_nlp  # noqa: E402
from claims.extraction.people import SpeakerBook  # noqa: E402

# (publication date, sentence, [(expression as written in the sentence, expected value)])
WRITTEN: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("2023-04-03", "The city council approved the new budget last month.", [("last month", "2023-03")]),
    (
        "2023-04-03",
        "Rescuers pulled three survivors from the rubble on Tuesday.",
        [("Tuesday", "2023-03-28")],
    ),
    ("2023-04-03", "The governor signed the measure on Monday.", [("Monday", "2023-04-03")]),
    ("2023-04-03", "The senator will visit the border next Tuesday.", [("next Tuesday", "2023-04-04")]),
    ("2023-04-03", "Health officials said on Friday that cases were falling.", []),
    ("2023-04-03", "The mayor told reporters Wednesday that the plan was dead.", []),
    (
        "2023-11-02",
        "The regional airline reported a loss in the third quarter.",
        [("the third quarter", "2023-Q3")],
    ),
    ("2023-04-03", "Police arrested two suspects last fall.", [("last fall", "2022-autumn")]),
    ("2023-05-20", "The museum reopened its doors this spring.", [("this spring", "2023-spring")]),
    ("2023-01-12", "The factory closed in April.", [("April", "2022-04")]),
    ("2022-12-05", "The union held a strike vote in April.", [("April", "2022-04")]),
    (
        "2023-04-03",
        "Volunteers planted 500 trees in the first half of 2022.",
        [("the first half of 2022", "2022-H1")],
    ),
    ("2023-04-03", "The company launched its first electric truck in Q3 2021.", [("Q3 2021", "2021-Q3")]),
    ("2023-04-20", "Exports climbed in March from a year earlier.", [("March", "2023-03")]),
    ("2023-04-03", "Wednesday was the hottest day on record.", []),
    (
        "2023-04-18",
        "The board appointed a new chief executive earlier this month.",
        [("earlier this month", "2023-04")],
    ),
    ("2023-04-06", "The two leaders met in Geneva this week.", [("this week", "2023-04-03/2023-04-09")]),
    ("2023-04-03", "Workers finished the tunnel in March 2019.", [("March 2019", "2019-03")]),
    ("2023-04-03", "The dam was completed in 1936.", [("1936", "1936")]),
    ("2023-04-03", "Farmers harvested a record crop last year.", [("last year", "2022")]),
    ("2023-06-20", "The court ruled against the developer on June 12.", [("June 12", "2023-06-12")]),
    ("2023-06-20", "The festival will begin on Aug. 4.", [("Aug. 4", "2023-08-04")]),
    ("2023-04-03", "Storms flooded the valley a year ago.", [("a year ago", "2022")]),
    ("2023-04-03", "The treaty was signed on 29 June 2022.", [("29 June 2022", "2022-06-29")]),
    (
        "2023-04-03",
        "Negotiators reached a deal over the weekend.",
        [("the weekend", "2023-04-01/2023-04-02")],
    ),
    ("2023-04-03", "The 2015 agreement remains in force.", []),
    ("2023-04-03", "The agency could raise interest rates in May.", []),
    ("2023-04-03", "The school board did not vote on Thursday.", []),
    ("2023-04-03", "The coach resigned on Sunday.", [("Sunday", "2023-04-02")]),
    ("2023-04-03", "Hikers found the missing dog on Saturday morning.", [("Saturday morning", "2023-04-01")]),
    (
        "2023-04-03",
        "The bank lost $2 million in the fourth quarter of last year.",
        [("the fourth quarter of last year", "2022-Q4")],
    ),
    (
        "2023-04-03",
        "Engineers tested the new engine in the summer of 2021.",
        [("the summer of 2021", "2021-summer")],
    ),
    ("2016-09-12", "Voters will choose a new governor on Election Day.", [("Election Day", "2016-11-08")]),
    ("2023-04-03", "The president spoke at the rally on Thursday.", []),
    (
        "2023-01-05",
        "The orchestra performed the symphony on Christmas Eve.",
        [("Christmas Eve", "2022-12-24")],
    ),
    ("2023-04-03", "The firm hired 200 workers in January.", [("January", "2023-01")]),
    ("2023-04-03", "The minister announced her resignation on Friday.", [("Friday", "2023-03-31")]),
    ("2023-04-03", "The minister announced on Friday that she would resign.", []),
    ("2023-04-03", "The river rose three feet on Tuesday night.", [("Tuesday night", "2023-03-28")]),
    ("2023-04-03", "A strong earthquake struck the island early Sunday.", [("Sunday", "2023-04-02")]),
    ("2023-04-03", "The team won the championship in 2019.", [("2019", "2019")]),
    ("2023-04-03", "Astronomers discovered the comet last winter.", [("last winter", "2022-winter")]),
    (
        "2023-09-01",
        "The airport opened a new terminal in the second quarter.",
        [("the second quarter", "2023-Q2")],
    ),
    ("2023-08-10", "The company said sales rose in the first half.", [("the first half", "2023-H1")]),
    ("2023-04-05", "Prices fell 3 percent last week.", [("last week", "2023-03-27/2023-04-02")]),
    ("2023-04-05", "The rocket will launch on Friday.", [("Friday", "2023-04-07")]),
    ("2023-04-05", "The rocket launched on Friday.", [("Friday", "2023-03-31")]),
    ("2023-04-03", "Thousands marched through the capital on Saturday.", [("Saturday", "2023-04-01")]),
    ("2023-04-03", "The library received a donation of rare books in December.", [("December", "2022-12")]),
    ("2023-04-03", "Lawmakers passed the bill two years ago.", [("two years ago", "2021")]),
    (
        "2023-04-03",
        "The band released its debut album in the spring of 2008.",
        [("the spring of 2008", "2008-spring")],
    ),
    ("2023-08-01", "The state will hold a special election on Nov. 7.", [("Nov. 7", "2023-11-07")]),
    ("2023-04-03", "The museum is closed on Mondays.", []),
    ("2023-04-03", "Firefighters contained the blaze late Thursday.", [("Thursday", "2023-03-30")]),
    ("2016-11-20", "The vote was held on Election Day.", [("Election Day", "2016-11-08")]),
    ("2023-04-03", "In 2014, Russia annexed Crimea.", [("2014", "2014")]),
    ("2023-04-03", "She tweeted on Sunday that the race was rigged.", []),
    ("2023-04-03", "The airline cancelled 400 flights yesterday.", [("yesterday", "2023-04-02")]),
    ("2023-04-03", "The company was founded by two brothers in 1998.", [("1998", "1998")]),
    ("2023-04-05", "The new film opens in theaters on Friday.", [("Friday", "2023-04-07")]),
    (
        "2023-04-03",
        "Barack Obama won the state in 2008. A year earlier, he announced his candidacy.",
        [("2008", "2008"), ("A year earlier", "2007")],
    ),
    (
        "2023-02-10",
        "The chipmaker shipped a million units in the third quarter.",
        [("the third quarter", "2022-Q3")],
    ),
]


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    exact: int = 0
    right_value: int = 0

    def line(self, name: str) -> str:
        p = self.matched / self.found if self.found else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.right_value / self.matched if self.matched else 0.0
        return (
            f"{name:8s} gold {self.gold:3d}  found {self.found:3d}  matched {self.matched:3d} (exact {self.exact:3d})"
            f"  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  value {acc:.3f} ({self.right_value}/{self.matched})"
        )


def found_dates(nlp_doc, published_at: datetime) -> dict[tuple[int, int], str]:  # type: ignore[no-untyped-def]
    """(start, end) -> value of the dates the claims of one document carry."""
    text = nlp_doc.text
    skip = tuple(detect_boilerplate(text))
    people = SpeakerBook(nlp_doc, [(b.start, b.end) for b in skip])
    ctx = ClaimContext(nlp_doc, skip=skip, published_at=published_at, people=people)
    _, taken = events.find_events(ctx)
    out = {
        (d.ent.start_char, d.ent.end_char): d.value
        for d in ctx.dates()
        if d.ent.start_char in taken and d.value
    }
    for claim in find_date_claims(ctx, taken=taken):
        out[(claim.start, claim.end)] = claim.date or ""
    return out


def score_doc(
    score: Score,
    gold: dict[tuple[int, int], str],
    found: dict[tuple[int, int], str],
    text: str,
    label: str,
    misses: list[str],
) -> None:
    score.gold += len(gold)
    score.found += len(found)
    unused = dict(found)
    for (gs, ge), value in sorted(gold.items()):
        hit = next(((fs, fe) for (fs, fe) in unused if fs < ge and gs < fe), None)
        if hit is None:
            misses.append(
                f"  missed   {label} {gs}-{ge} {text[gs:ge]!r} = {value}  | {_around(text, gs, ge)}"
            )
            continue
        got = unused.pop(hit)
        score.matched += 1
        score.exact += hit == (gs, ge)
        if got == value:
            score.right_value += 1
        else:
            misses.append(
                f"  value    {label} {gs}-{ge} {text[gs:ge]!r} = {value}, found {got}  | {_around(text, gs, ge)}"
            )
    for (fs, fe), value in sorted(unused.items()):
        misses.append(f"  spurious {label} {fs}-{fe} {text[fs:fe]!r} = {value}  | {_around(text, fs, fe)}")


def _around(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 70) : end + 40].split())


def published(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def run_written(nlp) -> tuple[Score, list[str]]:  # type: ignore[no-untyped-def]
    score = Score()
    misses: list[str] = []
    for n, (day, text, expected) in enumerate(WRITTEN, start=1):
        gold = {}
        for expression, value in expected:
            start = text.index(expression)
            gold[(start, start + len(expression))] = value
        score_doc(score, gold, found_dates(nlp(text), published(day)), text, f"#{n}", misses)
    return score, misses


def run_polnear(nlp, directory: Path) -> tuple[Score, list[str], int]:  # type: ignore[no-untyped-def]
    judged: dict[str, dict[tuple[int, int], str | None]] = {}
    for line in (ROOT / "bench" / "dates_polnear.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        judged.setdefault(row["doc_id"], {})[(row["start"], row["end"])] = row["value"]
    texts: dict[str, str] = {}
    for name in ("dev_docs.jsonl", "train_docs.jsonl"):
        for line in (directory / name).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc["doc_id"] in judged:
                texts[doc["doc_id"]] = doc["text"]
    score = Score()
    misses: list[str] = []
    for doc_id, rows in judged.items():
        match = re.search(r"_(\d{4}-\d\d-\d\d)_", doc_id)
        assert match, doc_id
        text = texts[doc_id]
        gold = {span: value for span, value in rows.items() if value is not None}
        found = found_dates(nlp(text), published(match[1]))
        score_doc(score, gold, found, text, doc_id[:40], misses)
    return score, misses, sum(len(r) for r in judged.values())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--polnear-dir", type=Path, default=ROOT.parent / "shared" / "eval" / "polnear")
    args = parser.parse_args()
    nlp = load_nlp()
    written, written_misses = run_written(nlp)
    lines = [written.line("written")]
    misses = ["written:", *written_misses]
    if args.polnear_dir.exists():
        polnear, polnear_misses, judged = run_polnear(nlp, args.polnear_dir)
        lines.append(polnear.line("polnear") + f"  ({judged} dates judged)")
        misses += ["polnear:", *polnear_misses]
    print("\n".join(lines))
    print("\n".join(misses))


if __name__ == "__main__":
    main()
