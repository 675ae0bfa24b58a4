"""Reported statements without quotation marks, used to link paraphrases to direct quotes."""

from __future__ import annotations

import pytest

from claims.extraction.pipeline import extract_text


@pytest.mark.parametrize(
    ("text", "speaker", "words"),
    [
        (
            "“We will stay,” Mayor Ana Lopez said. Lopez, who praised the volunteers for their courage, left early.",
            "Ana Lopez",
            "praised the volunteers for their courage",
        ),
        (
            "“Prices will fall,” Governor Omar Haddad said on Monday. Haddad said that inflation had peaked in May.",
            "Omar Haddad",
            "said that inflation had peaked in May",
        ),
    ],
)
def test_reported_statement_is_a_paraphrase_not_a_quote(text: str, speaker: str, words: str) -> None:
    ex = extract_text(text)
    [para] = [p for p in ex.paraphrases if words in p.text]
    assert para.speaker == speaker
    assert text[para.start : para.end] == para.text
    assert all(words not in q.text for q in ex.quotes)


def test_inverted_cue_and_quoted_words_are_not_paraphrases() -> None:
    text = (
        "“The bridge will open in June,” Engineer Mei Tanaka said. "
        "The council must act now, said Mei Tanaka. Tanaka called the plan “a disgrace”."
    )
    ex = extract_text(text)
    assert ex.paraphrases == ()
