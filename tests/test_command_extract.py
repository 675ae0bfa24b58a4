"""`manage.py extract --format jsonl`: the JSON lines contract of DESIGN.md, on texts written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.extraction import pipeline

ARTICLE = (
    "Harbour chief Lena Okafor spoke on Tuesday.\n\n"
    "“The new cranes arrived three weeks late,” said Okafor, who has run the port since 2019. "
    "“We will still open the terminal in June.”\n\n"
    "The city will spend $12 million on dredging, she said.\n\n"
    "Okafor called the delay “a nuisance, not a disaster.”\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_every_quote_entry_is_the_exact_text_at_its_offsets(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("extract", str(article), "--format", "jsonl")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and lines[0]["path"] == str(article)
    quotes = lines[0]["quotes"]
    assert quotes
    for q in quotes:
        assert ARTICLE[q["start"] : q["end"]] == q["text"]
        assert q["speaker"] == "Lena Okafor"
        span = q["speaker_span"]
        assert ARTICLE[span["start"] : span["end"]] in {"Okafor", "Lena Okafor"}


def test_quote_split_around_its_cue_is_one_quote_in_two_entries(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("extract", str(article), "--format", "jsonl")
    quotes = json.loads(capsys.readouterr().out)["quotes"]
    split = [q for q in quotes if q.get("of") == 2]
    assert [q["part"] for q in split] == [1, 2]
    assert split[0]["quote"] == split[1]["quote"]
    assert split[0]["text"].startswith("The new cranes arrived")
    assert split[1]["text"].startswith("We will still open")
    # The cue between the parts is not quoted words.
    assert all("said Okafor" not in q["text"] and "since 2019" not in q["text"] for q in quotes)
    # The partial quote is a quote of its own, with its own number.
    partial = [q for q in quotes if "nuisance" in q["text"]]
    assert len(partial) == 1 and "part" not in partial[0]
    assert partial[0]["quote"] != split[0]["quote"]


def test_claims_carry_normalised_values(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("extract", str(article), "--format", "jsonl")
    claims = json.loads(capsys.readouterr().out)["claims"]
    money = [c for c in claims if c["kind"] == "quantity" and c.get("unit") == "USD"]
    assert [(c["text"], c["value"]) for c in money] == [("$12 million", 12_000_000)]
    for c in claims:
        assert ARTICLE[c["start"] : c["end"]] == c["text"]


def test_unreadable_file_is_reported_and_the_others_still_extracted(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="2 file"):
        call_command("extract", str(empty), str(article), str(tmp_path / "missing.txt"), "--format", "jsonl")
    captured = capsys.readouterr()
    assert [json.loads(line)["path"] for line in captured.out.splitlines()] == [str(article)]
    assert "empty.txt" in captured.err and "missing.txt" in captured.err


def test_file_that_makes_extraction_raise_gets_one_line_and_the_others_are_printed(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "ferry.txt"
    broken.write_text("The ferry will leave 20 minutes later, the port said.\n", encoding="utf-8")
    later = tmp_path / "later.txt"
    later.write_text(ARTICLE.replace("Okafor", "Mensah"), encoding="utf-8")
    real = pipeline.find_claims

    def find_claims(doc: Any, **kwargs: Any) -> Any:
        if "ferry" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, **kwargs)

    monkeypatch.setattr(pipeline, "find_claims", find_claims)
    with pytest.raises(CommandError, match="extraction failed on 1 file"):
        call_command("extract", str(article), str(broken), str(later), "--format", "jsonl")
    captured = capsys.readouterr()
    assert [json.loads(line)["path"] for line in captured.out.splitlines()] == [str(article), str(later)]
    assert captured.err.splitlines() == [f"{broken}: extraction failed: IndexError: list index out of range"]

    # -v 2 adds the traceback.
    with pytest.raises(CommandError):
        call_command("extract", str(broken), "--format", "jsonl", verbosity=2)
    err = capsys.readouterr().err
    assert (
        err.startswith(f"{broken}: extraction failed: IndexError")
        and "Traceback (most recent call last):" in err
    )
