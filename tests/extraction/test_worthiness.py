"""Check-worthiness: specific, attributed figures rank above hedged predictions and opinions."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.extraction.claimset import find_claims
from claims.extraction.nlp import load_nlp
from claims.extraction.types import ClaimItem


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def claim_of(nlp: Language, text: str, words: str) -> ClaimItem:
    """The claim whose text contains ``words``, checked against the source text."""
    claims = find_claims(nlp(text))
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.worthiness <= 1.0
    found = [c for c in claims if words in c.text]
    assert found, [c.text for c in claims]
    return found[0]


def has_reason(claim: ClaimItem, sign: str, start: str) -> bool:
    return any(r.startswith(f"{sign} {start}") for r in claim.worthiness_reasons)


def test_precise_attributed_figure_outranks_hedged_prediction(nlp: Language) -> None:
    precise = claim_of(
        nlp,
        "Harbour Authority chief Mirela Kovac said on Tuesday that cargo traffic fell 12.5 percent in 2023.",
        "12.5 percent",
    )
    hedged = claim_of(
        nlp,
        "Traffic through the new canal could reach as many as 3 million containers, planners believe.",
        "3 million",
    )
    assert precise.worthiness > hedged.worthiness + 0.3
    assert has_reason(precise, "+", "specific figure: 12.5 percent")
    assert has_reason(precise, "+", "percentage")
    assert has_reason(precise, "+", "attributed to Mirela Kovac")
    assert has_reason(precise, "+", "states a time")
    assert has_reason(hedged, "+", "approximate figure")
    assert has_reason(hedged, "-", "hedged: “could”")
    # "as many as" bounds the figure: it is not also a vague quantity.
    assert not has_reason(hedged, "-", "vague quantity")


def test_opinion_scores_low_and_says_why(nlp: Language) -> None:
    opinion = claim_of(
        nlp,
        "I think the $80 million ferry terminal is a terrible waste, and the county should sell it.",
        "$80 million",
    )
    assert opinion.worthiness < 0.25
    assert has_reason(opinion, "-", "opinion: “I think”")
    assert has_reason(opinion, "-", "opinion: evaluative word “terrible”")
    assert has_reason(opinion, "-", "opinion: “should”")
    # The figure still counts for something, and the reasons say so too.
    assert has_reason(opinion, "+", "money amount")


def test_prediction_question_and_conditional_rank_below_a_plain_statement(nlp: Language) -> None:
    plain = claim_of(nlp, "The library lent 48,000 books in March.", "48,000")
    future = claim_of(nlp, "The library will lend 48,000 books in March.", "48,000")
    question = claim_of(nlp, "Did the library lend 48,000 books in March?", "48,000")
    conditional = claim_of(nlp, "If the library stays open, it lends 48,000 books in March.", "48,000")
    assert has_reason(future, "-", "prediction: “will”")
    assert has_reason(question, "-", "question")
    assert has_reason(conditional, "-", "conditional: “If”")
    for lower in (future, question, conditional):
        assert lower.worthiness < plain.worthiness


def test_vague_quantity_and_record_move_the_score(nlp: Language) -> None:
    record = claim_of(nlp, "The orchard harvested 9,200 tonnes of apples, its largest crop yet.", "9,200")
    vague = claim_of(
        nlp, "The orchard harvested 9,200 tonnes of apples, and several farms sold some.", "9,200"
    )
    assert has_reason(record, "+", "comparison or record: “largest”")
    assert has_reason(vague, "-", "vague quantity: several, some")
    assert record.worthiness > vague.worthiness


def test_person_the_article_names_often_is_prominent(nlp: Language) -> None:
    text = (
        "Governor Tomas Reyes opened the clinic on Friday. Reyes toured the wards with staff. "
        "Later Reyes met nurses. The clinic cost Reyes's government $6 million, officials said."
    )
    claim = claim_of(nlp, text, "$6 million")
    assert any("Tomas Reyes, named" in r for r in claim.worthiness_reasons), claim.worthiness_reasons


def test_every_claim_has_reasons_ups_first(nlp: Language) -> None:
    text = (
        "The port handled 1.2 million containers in 2022, officials said. "
        "Ships may carry more next year. The mayor visited the port on 3 May."
    )
    claims = find_claims(nlp(text))
    assert claims
    for claim in claims:
        assert claim.worthiness_reasons, claim
        signs = [r[0] for r in claim.worthiness_reasons]
        assert set(signs) <= {"+", "-"}
        assert signs == sorted(signs, key=lambda s: s == "-"), "ups are listed before downs"
