"""Ingest against extraction alone, on the same texts: what matching and storage add.

    python bench/ingest_vs_extract.py [--articles 84] [--texts DIR | --jsonl FILE]
        [--database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_ingest_vs_extract]

Both sides run in their own process, load and warm the model and WordNet's data before the clock
starts (process start-up and these one-time loads are excluded on both sides alike), read the same files, and are timed in CPU
seconds of their process (wall time is printed too; a shared machine disturbs it more):
  extract   read the files and run the whole extraction (`manage.py extract` does the same)
  ingest    `articles_ingest` into a fresh database: extraction, matching, storage
Texts are the generated corpus (bench/make_corpus.py), the .txt files of --texts, or the "text"
of each line of a JSON-lines file (--jsonl ../shared/eval/polnear/dev_docs.jsonl: the 84 PolNeAR
dev articles the issue measured, read where they are and written only to a temporary folder). Ingest runs
on a fresh SQLite file and, with --database-url (a name containing "bench"), on PostgreSQL.

Prints articles per CPU second of each and the ratio ingest / extract (goal >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

GOAL = 0.8
WARM_UP = "Warm-up. The mayor said 3 bridges cost $4 million. “We will build them,” she said."


def _warm(extract_texts: Any) -> None:
    """Load what a process loads once, on both sides alike: the model, and WordNet's data (about
    0.5 s; extraction and matching both read it)."""
    from claims.extraction.lexicon import wordnet

    list(extract_texts([WARM_UP]))
    wordnet.senses("buy", "verb")
    wordnet.same_thing("vest", "armor")


def _worker(mode: str, folder: Path, url: str) -> None:
    """One side, in this process: print {"cpu": s, "wall": s, "articles": n} as JSON."""
    files = sorted(folder.glob("*.txt"))
    if mode == "extract":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        from claims.extraction.pipeline import extract_texts
        from claims.extraction.reading import read_source

        _warm(extract_texts)
        cpu, wall = time.process_time(), time.perf_counter()
        sources = [read_source(f) for f in files]
        done = sum(1 for _ in extract_texts([s.text for s in sources], metas=[s.html_meta for s in sources]))
    else:
        from benchdb import setup_django

        setup_django(url, fresh=url.startswith("postgres"))
        from claims.extraction.pipeline import extract_texts
        from claims.services.ingest import articles_ingest

        _warm(extract_texts)
        cpu, wall = time.process_time(), time.perf_counter()
        outcomes = articles_ingest(paths=[folder])
        done = sum(1 for o in outcomes if o.status == "new")
    print(
        json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall, "articles": done})
    )


def _run(mode: str, folder: Path, url: str = "") -> dict[str, float]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", mode, "--dir", str(folder), "--database-url", url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-3000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=84)
    parser.add_argument(
        "--texts", type=Path, help="A folder of .txt files to use instead of the generated corpus."
    )
    parser.add_argument(
        "--jsonl",
        type=Path,
        help='A JSON-lines file whose lines hold a "text" (instead of the generated corpus).',
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--worker", choices=["extract", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.dir, args.database_url)
        return

    if args.texts and args.jsonl:
        parser.error("give --texts or --jsonl, not both")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        folder.mkdir()
        if args.jsonl:
            with args.jsonl.open(encoding="utf-8") as lines:
                texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.articles]
            for n, text in enumerate(texts):
                (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")
        elif args.texts:
            for n, path in enumerate(sorted(args.texts.glob("*.txt"))[: args.articles]):
                (folder / f"{n:05d}.txt").write_bytes(path.read_bytes())
        else:
            from make_corpus import generate

            for name, _outlet, text in generate(args.articles):
                (folder / name).write_text(text, encoding="utf-8")
        count = len(list(folder.glob("*.txt")))
        print(f"{count} articles, {sum(p.stat().st_size for p in folder.glob('*.txt')):,} bytes")
        extract = _run("extract", folder)
        rows = [("extract only", extract)]
        rows.append(("ingest, SQLite", _run("ingest", folder, f"sqlite:///{tmp}/bench.sqlite3")))
        if args.database_url:
            rows.append(("ingest, PostgreSQL", _run("ingest", folder, args.database_url)))
        print(f"{'':20} {'CPU s':>7} {'wall s':>7} {'articles/CPU s':>15} {'vs extract':>11}")
        for label, r in rows:
            rate = r["articles"] / r["cpu"]
            ratio = rate / (extract["articles"] / extract["cpu"])
            print(f"{label:20} {r['cpu']:>7.2f} {r['wall']:>7.2f} {rate:>15.2f} {ratio:>10.2f}x")
        worst = min((r["articles"] / r["cpu"]) / (extract["articles"] / extract["cpu"]) for _, r in rows[1:])
        print(
            f"ingest / extract throughput: {worst:.2f}x (goal >= {GOAL}x: {'met' if worst >= GOAL else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
