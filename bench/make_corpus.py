"""Generate a news corpus for scale tests: varied articles from templates (no copyrighted text).

    python bench/make_corpus.py OUT_DIR --articles 1000 [--seed 7]

Each article has a title, a dateline with its publication date, reported facts with amounts,
counts and percentages, events, a "first time" claim and direct quotes with named speakers, and a
"Related items" block of boilerplate. Values are drawn at random, so the same subject can get
another figure in another article: matching sees agreements and conflicts as in real news.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

FIRST = [
    "Anna",
    "Marco",
    "Keiko",
    "Samuel",
    "Leila",
    "Tomas",
    "Priya",
    "Jonas",
    "Elena",
    "Kwame",
    "Ines",
    "Hiro",
    "Sofia",
    "Daniel",
    "Amara",
    "Lukas",
    "Mei",
    "Omar",
    "Clara",
    "Ravi",
]
LAST = [
    "Lindqvist",
    "Okafor",
    "Tanaka",
    "Moreau",
    "Haddad",
    "Novak",
    "Fischer",
    "Silva",
    "Kowalski",
    "Mensah",
    "Rossi",
    "Nakamura",
    "Petrov",
    "Dubois",
    "Varga",
    "Castillo",
    "Berg",
    "Adeyemi",
    "Ito",
    "Larsen",
]
ROLES = [
    "Finance Minister",
    "Foreign Minister",
    "Defence Minister",
    "Mayor",
    "central bank governor",
    "Health Minister",
    "opposition leader",
    "Trade Minister",
]
COUNTRIES = [
    "Norland",
    "Estavia",
    "Karvia",
    "Melora",
    "Sundria",
    "Valmont",
    "Oskaria",
    "Tirana Bay",
    "Belmar",
    "Quessa",
    "Lunaria",
    "Dravia",
]
CITIES = [
    "Port Alder",
    "Kestrel",
    "Ambergate",
    "Ravensholm",
    "Silverton",
    "Marrow Bay",
    "Eastwick",
    "Highmoor",
]
TOPICS = [
    ("flood relief", "aid"),
    ("school building", "funding"),
    ("rail expansion", "investment"),
    ("wind power", "subsidies"),
    ("hospital upgrades", "spending"),
    ("border security", "budget"),
    ("vaccine research", "grants"),
    ("port modernisation", "loans"),
]
NOUNS = [
    "new stations",
    "field hospitals",
    "patrol vessels",
    "research centres",
    "trade offices",
    "training programmes",
    "wind farms",
    "bridges",
]
CURRENCIES = [("$", "million"), ("$", "billion"), ("€", "million"), ("£", "million")]
VERBS = ["visited", "met", "announced", "signed", "attended"]
QUOTES = [
    "We will not step back from this commitment, whatever the cost",
    "This agreement shows what neighbours can achieve when they trust each other",
    "The money will reach the people who need it before the winter",
    "Nobody should doubt our resolve to finish the work we started",
    "These figures are the best answer to those who said it could not be done",
    "We have listened to the regions and we are acting on what they told us",
    "It is the largest programme of its kind that this country has ever seen",
    "Our partners know that we keep our word, and we will keep it again",
]
OUTLETS = [
    "The Daily Ledger",
    "Morning Courier",
    "Evening Post",
    "The Harbour Times",
    "Capital Wire",
    "The Northern Star",
    "Metro Herald",
    "The Observer Line",
]


def _person(rng: random.Random) -> tuple[str, str]:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES)


def make_article(rng: random.Random, published: date) -> str:
    country, partner = rng.sample(COUNTRIES, 2)
    topic, kind = rng.choice(TOPICS)
    name, role = _person(rng)
    other, other_role = _person(rng)
    symbol, scale = rng.choice(CURRENCIES)
    amount = rng.choice([1.2, 2.5, 3, 4.8, 5, 7.6, 12, 15, 30, 45, 120, 250])
    count = rng.randint(2, 40)
    noun = rng.choice(NOUNS)
    pct = rng.choice([1.5, 2, 3, 4.5, 7, 12, 18])
    city = rng.choice(CITIES)
    verb = rng.choice(VERBS)
    month = (published - timedelta(days=rng.randint(20, 200))).strftime("%B")
    quote, quote2 = rng.sample(QUOTES, 2)
    surname = name.split()[-1]
    paragraphs = [
        f"{country} Expands {topic.title()} {kind.title()} for {partner}",
        f"{city.upper()}, {published:%B} {published.day}, {published.year} — {country} has pledged about {symbol}{amount} {scale} in {topic} {kind} to {partner}, "
        f"{role} {name} said on {published:%A}.",
        f"The plan includes {count} {noun} and raises the share of {topic} in the national budget "
        f"to {pct}% of GDP.",
        f"“{quote},” {surname} said. “{rng.choice(QUOTES)}.”",
        f"{other_role} {other} {verb} {city} in {month}, and {other.split()[-1]} said the talks covered "
        f"{topic} and trade.",
        f"It is the first time {country} has funded {topic} in {partner}.",
        f"He said: “{quote2}.”",
        "Related items",
        f"{rng.choice(COUNTRIES)} opens {rng.randint(2, 9)} {rng.choice(NOUNS)}",
        f"{published - timedelta(days=1):%A, %d %B %Y}",
        f"{rng.choice(COUNTRIES)} and {rng.choice(COUNTRIES)} sign trade deal",
    ]
    return "\n\n".join(paragraphs) + "\n"


def generate(n: int, *, seed: int = 7) -> list[tuple[str, str, str]]:
    """(file name, outlet, text) for n articles published over about two years."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    out = []
    for i in range(n):
        published = start + timedelta(days=rng.randint(0, 700))
        out.append((f"{i:06d}.txt", rng.choice(OUTLETS), make_article(rng, published)))
    return out


def write(folder: Path, n: int, *, seed: int = 7) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,outlet"]
    for name, outlet, text in generate(n, seed=seed):
        (folder / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},{outlet}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write(args.out, args.articles, seed=args.seed)
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
