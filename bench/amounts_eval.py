"""Quantity claims measured: is the value, the unit and what is measured right?

    python bench/amounts_eval.py [--set own|polnear|all] [--misses N]

Two gold sets:

- ``own``: sentences written for this benchmark (below), each with one figure;
- ``polnear``: figures read by hand in the PolNeAR texts (../shared/eval/polnear), stored in
  ``bench/amounts_polnear.jsonl`` as doc id, character offsets and the expected value, unit and
  measure only, never the text.

A gold figure is found when an extracted quantity claim overlaps its span (the one overlapping
most). Value: equal within 0.1% (a range's low end is its value). Unit: equal. Measure: every
word of the gold measure is in what the claim says is measured, compared without case and by
dictionary form ("children" is "child", "signed" is "sign"): its measure and, for a figure that is
what an act did or affected, that act ("sign up 5 million people": measure "people", action
"sign up", as the matcher reads them). "approval rating" in "Bill Clinton's approval rating"
counts; "rating" alone does not. A gold measure of ``null`` means the sentence does not say what
is measured and any measure passes.
Goal: value, unit and measure all right on >= 0.95 of each set.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from claims.extraction.nlp import load_nlp  # noqa: E402
from claims.extraction.pipeline import extract_texts  # noqa: E402
from claims.extraction.types import ClaimItem, Extraction  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
JUDGEMENTS = ROOT / "bench" / "amounts_polnear.jsonl"


@dataclass(frozen=True)
class Gold:
    where: str  # doc id or the sentence itself
    start: int
    end: int
    value: float
    unit: str
    measure: str | None


# (sentence, the figure as written, value, unit, measure). Written for this benchmark.
OWN: list[tuple[str, str, float, str, str | None]] = [
    ("Japan's assistance to Ukraine totals $7.6 billion.", "$7.6 billion", 7.6e9, "USD", "assistance"),
    ("The startup raised $25 Million from three investors.", "$25 Million", 25e6, "USD", "raise"),
    ("The national debt passed $2.174T in March.", "$2.174T", 2.174e12, "USD", "pass"),
    ("The merger is valued at 3.5bn euros.", "3.5bn euros", 3.5e9, "EUR", "value"),
    ("Brussels approved a €4 Billion rescue fund.", "€4 Billion", 4e9, "EUR", "rescue fund"),
    ("The farmer sold his tractor for 10 000 dollars.", "10 000 dollars", 1e4, "USD", "sell"),
    ("The charity spent 2\u00a0500 dollars on blankets.", "2\u00a0500 dollars", 2500, "USD", "spend"),
    ("Net income per share was ($99.99) in the quarter.", "($99.99)", -99.99, "USD", None),
    ("The fare change is -15€ for pensioners.", "-15€", -15, "EUR", None),
    ("Output growth was minus 3% in the second quarter.", "minus 3%", -3, "%", "output growth"),
    ("The club paid 20 million pounds for the striker.", "20 million pounds", 20e6, "GBP", "pay"),
    ("A first-class stamp now costs 50 pence more.", "50 pence", 0.5, "GBP", "cost"),
    ("The boy found one hundred cents under the sofa.", "one hundred cents", 1, "USD", "find"),
    ("Health officials reported 45 and 50 cases in two districts.", "50 cases", 50, "case", "case"),
    ("Health officials reported 45 and 50 cases in two districts.", "45", 45, "case", "case"),
    (
        "About 41 million Americans lack health insurance.",
        "About 41 million Americans",
        41e6,
        "person",
        "lack",
    ),
    ("The shop sold a dozen eggs to the chef.", "a dozen eggs", 12, "egg", "egg"),
    (
        "The senator leads her rival by 11 points in the latest poll.",
        "11 points",
        11,
        "percentage point",
        "lead",
    ),
    (
        "Her lead narrowed by 4 percentage points after the debate.",
        "4 percentage points",
        4,
        "percentage point",
        "narrow",
    ),
    ("Turnout is expected to be from 50 to 80% in the city.", "from 50 to 80%", 50, "%", "turnout"),
    ("Turnout rose from 50% to 80% over the decade.", "50%", 50, "%", "turnout"),
    ("Turnout rose from 50% to 80% over the decade.", "80%", 80, "%", "turnout"),
    (
        "At least five people were killed in the earthquake in Indonesia.",
        "At least five people",
        5,
        "person",
        "killed",
    ),
    (
        "At least seven people were injured in the storm in Portugal.",
        "At least seven people",
        7,
        "person",
        "injured",
    ),
    ("Angela Merkel's approval rating was 64% in 2015.", "64%", 64, "%", "approval rating"),
    ("61% of Republicans in Maricopa County oppose the measure.", "61% of Republicans", 61, "%", "oppose"),
    ("The survey shows 46% for Lee, 41% for Ray among likely voters.", "46%", 46, "%", "support"),
    ("The survey shows 46% for Lee, 41% for Ray among likely voters.", "41%", 41, "%", "support"),
    ("Germany contributed $30 million to the fund.", "$30 million", 30e6, "USD", "contribute"),
    ("The city approved a $40 million budget for schools.", "$40 million", 40e6, "USD", "budget"),
    ("The airline reported a loss of $2 billion.", "$2 billion", 2e9, "USD", "loss"),
    ("Canada has pledged about $2 billion in loans to Kenya.", "about $2 billion", 2e9, "USD", "loan"),
    ("The party wants defence spending of 2% of GDP.", "2% of GDP", 2, "%", "defence spending"),
    (
        "Police said more than 300 protesters gathered outside.",
        "more than 300 protesters",
        300,
        "protester",
        "gather",
    ),
    (
        "The agreement covers 16 collaboration areas.",
        "16 collaboration areas",
        16,
        "collaboration area",
        "collaboration area",
    ),
    (
        "The navy sent two practice ships to the region.",
        "two practice ships",
        2,
        "practice ship",
        "practice ship",
    ),
    ("Unemployment fell to 4.2% in May.", "4.2%", 4.2, "%", "unemployment"),
    ("Inflation reached 9.1 percent last summer.", "9.1 percent", 9.1, "%", "inflation"),
    ("The bridge cost $4 million to repair.", "$4 million", 4e6, "USD", "cost"),
    ("The company employs 2,500 workers in Ohio.", "2,500 workers", 2500, "worker", "worker"),
    ("The storm destroyed 120 homes along the coast.", "120 homes", 120, "home", "home"),
    ("Exports reached 300 billion won in May.", "300 billion won", 300e9, "KRW", "export"),
    ("Tokyo set aside ¥195 billion for the port.", "¥195 billion", 195e9, "JPY", "set"),
    ("The bank wrote off €2.5bn in loans last quarter.", "€2.5bn", 2.5e9, "EUR", "loan"),
    ("Analysts expect a loss of $2-3 billion this year.", "$2-3 billion", 2e9, "USD", "loss"),
    (
        "Economists expect growth of between 3 and 5 percent next year.",
        "between 3 and 5 percent",
        3,
        "%",
        "growth",
    ),
    ("The mayor's salary is $180,000 a year.", "$180,000", 180_000, "USD", "salary"),
    ("Donations to the campaign totaled $3.4 million in June.", "$3.4 million", 3.4e6, "USD", "donation"),
    ("Nearly 60% of voters approve of the governor.", "Nearly 60% of voters", 60, "%", "approve"),
    ("The school district hired 85 new teachers.", "85 new teachers", 85, "teacher", "teacher"),
    (
        "The senator's campaign raised $1.2 million in the first quarter.",
        "$1.2 million",
        1.2e6,
        "USD",
        "raise",
    ),
    (
        "The ministry said three soldiers were wounded in the attack.",
        "three soldiers",
        3,
        "soldier",
        "wounded",
    ),
    ("Rents rose 12% in Berlin last year.", "12%", 12, "%", "rent"),
    ("The fine amounts to £3m for the water company.", "£3m", 3e6, "GBP", "fine"),
    ("Some 4,000 refugees crossed the border on Sunday.", "Some 4,000 refugees", 4000, "refugee", "cross"),
    ("The government's deficit stood at 3.1% of GDP.", "3.1% of GDP", 3.1, "%", "deficit"),
    ("The state collected $870 million in taxes.", "$870 million", 870e6, "USD", "tax"),
    ("Only 18 percent of respondents trust the press.", "18 percent of respondents", 18, "%", "trust"),
    ("The trial involves 14 defendants and 200 witnesses.", "14 defendants", 14, "defendant", "defendant"),
    ("The trial involves 14 defendants and 200 witnesses.", "200 witnesses", 200, "witness", "witness"),
    ("Support for the plan dropped to 35% among young voters.", "35%", 35, "%", "support"),
    ("The museum drew 1.3 million visitors in 2019.", "1.3 million visitors", 1.3e6, "visitor", "visitor"),
    ("The university charges $54,000 in tuition.", "$54,000", 54_000, "USD", "tuition"),
    ("Clinton won 48% of the vote in Florida.", "48% of the vote", 48, "%", "win"),
    ("Each seat on the flight cost a hundred dollars.", "a hundred dollars", 100, "USD", "cost"),
]


def own_gold() -> tuple[list[str], list[Gold]]:
    texts = sorted({sentence for sentence, *_ in OWN})
    gold = []
    for sentence, figure, value, unit, measure in OWN:
        start = sentence.index(figure)
        gold.append(Gold(sentence, start, start + len(figure), value, unit, measure))
    return texts, gold


def polnear_gold(path: Path = JUDGEMENTS) -> tuple[dict[str, str], list[Gold]]:
    wanted = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = {row["doc_id"] for row in wanted}
    texts: dict[str, str] = {}
    for split in ("dev", "train"):
        path = POLNEAR / f"{split}_docs.jsonl"
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                if doc["doc_id"] in ids:
                    texts[doc["doc_id"]] = doc["text"]
    gold = [
        Gold(row["doc_id"], row["start"], row["end"], row["value"], row["unit"], row.get("measure"))
        for row in wanted
    ]
    return texts, gold


def _stripped(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=4096)
def _forms(text: str) -> tuple[frozenset[str], ...]:
    """Per word: the word without a plural "s" and its dictionary form from the tagger."""
    doc = load_nlp()(text.replace("-", " "))
    out = []
    for token in doc:
        word = token.lower_.strip(".,;:'’\"")
        if word:
            out.append(frozenset({_stripped(word), token.lemma_.lower()}))
    return tuple(out)


def measure_ok(gold: str | None, found: str | None, action: str | None = None) -> bool:
    if gold is None:
        return True
    said = " ".join(p for p in (found, action) if p)
    if not said:
        return False
    have = set().union(*_forms(said))
    return all(forms & have for forms in _forms(gold))


def value_ok(gold: float, found: float | None) -> bool:
    return found is not None and abs(found - gold) <= 1e-3 * max(1.0, abs(gold))


def best(claims: Iterable[ClaimItem], g: Gold) -> ClaimItem | None:
    overlapping = [c for c in claims if c.kind == "quantity" and c.start < g.end and g.start < c.end]
    if not overlapping:
        return None
    return max(
        overlapping, key=lambda c: (min(c.end, g.end) - max(c.start, g.start), -abs(c.start - g.start))
    )


def score(name: str, gold: list[Gold], claims_of: dict[str, list[ClaimItem]], misses: int) -> float:
    counts = {"found": 0, "value": 0, "unit": 0, "measure": 0, "all": 0}
    missed: list[str] = []
    for g in gold:
        c = best(claims_of.get(g.where, []), g)
        ok = {
            "found": c is not None,
            "value": c is not None and value_ok(g.value, c.value),
            "unit": c is not None and c.unit == g.unit,
            "measure": c is not None and measure_ok(g.measure, c.measure, c.action),
        }
        ok["all"] = all(ok.values())
        for key, right in ok.items():
            counts[key] += right
        if not ok["all"]:
            where = g.where if len(g.where) < 60 else g.where[:57] + "..."
            got = (
                "nothing"
                if c is None
                else f"{c.value} {c.unit!r} measure={c.measure!r} action={c.action!r} ({c.text!r})"
            )
            missed.append(
                f"  {where} [{g.start}:{g.end}] want {g.value} {g.unit!r} measure={g.measure!r}; got {got}"
            )
    n = len(gold)
    figures = "  ".join(f"{key} {counts[key] / n:.3f}" for key in counts)
    print(f"{name}: {n} figures  {figures}")
    for line in missed[:misses]:
        print(line)
    if len(missed) > misses:
        print(f"  ... {len(missed) - misses} more")
    return counts["all"] / n


def _claims(texts: list[str]) -> list[list[ClaimItem]]:
    out = []
    for ex in extract_texts(texts):
        out.append(list(ex.claims) if isinstance(ex, Extraction) else [])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=("own", "polnear", "all"), default="all")
    parser.add_argument("--misses", type=int, default=40, help="list at most this many misses per set")
    parser.add_argument(
        "--judgements",
        type=Path,
        default=JUDGEMENTS,
        help="PolNeAR judgements to score (default: bench/amounts_polnear.jsonl, dev figures)",
    )
    args = parser.parse_args()
    results = []
    if args.set in ("own", "all"):
        texts, gold = own_gold()
        claims = dict(zip(texts, _claims(texts), strict=True))
        results.append(score("own", gold, claims, args.misses))
    if args.set in ("polnear", "all"):
        docs, gold = polnear_gold(args.judgements)
        ids = sorted(docs)
        claims = dict(zip(ids, _claims([docs[i] for i in ids]), strict=True))
        results.append(score("polnear", gold, claims, args.misses))
    print("goal >= 0.95 on each set:", "met" if all(r >= 0.95 for r in results) else "not met")


if __name__ == "__main__":
    main()
