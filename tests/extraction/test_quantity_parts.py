"""A quantity is a proposition: measure, subject, qualifiers, date, place and a readable statement."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claims.extraction.claimset import find_claims
from claims.extraction.nlp import load_nlp
from claims.extraction.types import ClaimItem


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quantities(nlp: Language, text: str) -> list[ClaimItem]:
    return [c for c in find_claims(nlp(text)) if c.kind == "quantity"]


def one(claims: list[ClaimItem], text: str) -> ClaimItem:
    found = [c for c in claims if c.text == text]
    assert len(found) == 1, [c.text for c in claims]
    return found[0]


def test_amount_complement_of_a_level_verb_measures_its_subject(nlp: Language) -> None:
    claim = one(quantities(nlp, "Norway's aid to Sudan totals $3.2 billion."), "$3.2 billion")
    assert (claim.measure, claim.subject, claim.qualifiers) == ("aid", "Norway", ("to Sudan",))
    assert claim.statement == "Norway's aid to Sudan: $3.2 billion"


def test_amount_in_a_noun_names_what_it_is(nlp: Language) -> None:
    claim = one(quantities(nlp, "Canada has pledged about $2 billion in loans to Kenya."), "about $2 billion")
    assert (claim.measure, claim.subject) == ("loans", "Canada")
    assert claim.statement == "Canada's loans to Kenya: about $2 billion"


def test_people_counted_as_the_subject_of_a_passive_verb(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "At least seven people were injured in the storm in Portugal."),
        "At least seven people",
    )
    assert (claim.value, claim.unit, claim.measure, claim.place) == (7, "person", "injured", "Portugal")
    assert claim.statement == "People injured in the storm in Portugal: at least seven"


def test_possessed_measure_and_its_date(nlp: Language) -> None:
    claim = one(quantities(nlp, "Angela Merkel's approval rating was 64% in 2015."), "64%")
    assert (claim.measure, claim.subject, claim.date) == ("approval rating", "Angela Merkel", "2015")
    assert claim.statement == "Angela Merkel's approval rating in 2015: 64%"


def test_surname_subject_gets_the_full_name(nlp: Language) -> None:
    text = "Angela Merkel spoke on Monday. Merkel's approval rating was 64% in 2015."
    claim = one(quantities(nlp, text), "64%")
    assert claim.subject == "Angela Merkel"


def test_share_of_people_is_a_qualifier_and_the_predicate_the_measure(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "61% of Republicans in Maricopa County oppose the measure."), "61% of Republicans"
    )
    assert claim.measure == "oppose"
    assert claim.qualifiers == ("of Republicans", "in Maricopa County")
    assert claim.place == "Maricopa County"
    assert claim.statement == "Republicans in Maricopa County who oppose the measure: 61%"


def test_poll_figures_for_two_candidates_have_different_subjects(nlp: Language) -> None:
    text = "Ann Lee and Bob Ray are running. The survey shows 46% for Lee, 41% for Ray among likely voters."
    claims = quantities(nlp, text)
    lee, ray = one(claims, "46%"), one(claims, "41%")
    assert (lee.subject, ray.subject) == ("Ann Lee", "Bob Ray")
    assert lee.measure == ray.measure == "support"
    assert "among likely voters" in lee.qualifiers
    assert lee.statement == "Support for Ann Lee among likely voters: 46%"


def test_money_as_object_of_an_act_is_measured_by_the_act(nlp: Language) -> None:
    claim = one(quantities(nlp, "Germany contributed $30 million to the fund."), "$30 million")
    assert (claim.measure, claim.subject, claim.action) == ("contribute", "Germany", "contribute")
    assert claim.statement == "Germany contributed to the fund: $30 million"


def test_figure_modifying_a_noun(nlp: Language) -> None:
    claim = one(quantities(nlp, "The city approved a $40 million budget for schools."), "$40 million")
    assert claim.measure == "budget"
    assert claim.qualifiers == ("for schools",)


def test_of_phrase_after_a_noun_names_the_measure(nlp: Language) -> None:
    claim = one(quantities(nlp, "The airline reported a loss of $2 billion."), "$2 billion")
    assert claim.measure == "loss"


def test_statement_never_shows_raw_floats(nlp: Language) -> None:
    for claim in quantities(nlp, "The port cost 1.5 billion dollars and employs 2,500 workers."):
        assert claim.statement is not None
        assert ".0" not in claim.statement and "e+" not in claim.statement


def test_an_amount_on_the_object_of_a_verb_belongs_to_its_actor(nlp: Language) -> None:
    claim = one(quantities(nlp, "Ana Ruiz claimed a loss of $12 million in 2019."), "$12 million")
    assert (claim.measure, claim.subject, claim.date) == ("loss", "Ana Ruiz", "2019")
    wanted = one(quantities(nlp, "The union wants a bonus of $500 for every nurse."), "$500")
    assert wanted.subject is None, "a bonus the union wants is not the union's"


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        # A bare amount noun with modifiers names a measure.
        ("The council set a 12 percent property tax rate for landlords.", "12 percent", "property tax rate"),
        # "that" in a relative clause stands for its antecedent.
        ("Nurses earn wages that touch $40 an hour in the capital.", "$40", "wages"),
        ("The city's sales tax rate, which now goes as high as 9.5 percent, is the state's highest.",
         "9.5 percent", "sales tax rate"),
        # "make" is an act (earnings), "make up" a share; the particle stays with the verb.
        ("The chief executive made $4.1 million last year.", "$4.1 million", "make"),
        ("Retirees make up 30 percent of the town's voters.", "30 percent", "make up"),
        # "fined" is "fine" + "d": a short verb would double its consonant ("planned").
        ("The regulator fined the airline $2 million for the delays.", "$2 million", "fine"),
        # A range's far end carries the figure's role in the clause.
        ("Donors can give $500 to more than $5,000 to the fund.", "$500", "give"),
        # A compound chain: the figure modifies the last noun of it.
        ("The party missed the 5 percent vote threshold.", "5 percent", "vote threshold"),
    ],
)  # fmt: skip
def test_what_a_figure_measures(nlp: Language, text: str, figure: str, measure: str) -> None:
    claims = quantities(nlp, text)
    found = [c for c in claims if c.text.startswith(figure) or c.text.endswith(figure)]
    assert found, [c.text for c in claims]
    assert found[0].measure == measure, [(c.text, c.measure) for c in claims]


@pytest.mark.parametrize(
    ("text", "figure", "measure"),
    [
        # The share of people in a state: the state is what is measured.
        ("About 12 percent of the workforce is unemployed.", "About 12 percent of the workforce", "unemployed"),
        # A share of a thing, not of people: the thing is measured.
        ("Some 60 percent of the money came from small donors.", "Some 60 percent of the money", "money"),
        # A collective noun of people is people: their act is measured, not the group.
        ("Only 2 percent of the bank's staff had been involved in the scheme.",
         "2 percent of the bank's staff", "involved"),
    ],
)  # fmt: skip
def test_a_share_measures_a_state_a_thing_or_an_act(
    nlp: Language, text: str, figure: str, measure: str
) -> None:
    claim = one(quantities(nlp, text), figure)
    assert claim.measure == measure


def test_hyphenated_number_words_are_one_number(nlp: Language) -> None:
    claim = one(quantities(nlp, "Thirty-four states sued the agency over the rule."), "Thirty-four states")
    assert (claim.value, claim.unit) == (34, "state")


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        # The parser took the number for the verb's object: a cardinal before a plural noun
        # (with at most two modifiers between) still counts it.
        ("The senator so far has won 412 pledged delegates.", "412 pledged delegates", 412),
        # A definite count made definite by what follows it is new information, not a reference.
        ("She must secure the 1,991 delegates needed to win outright.", "1,991 delegates", 1991),
        ("Aid workers reached the two dozen villages cut off by the flood.", "two dozen villages", 24),
    ],
)
def test_counts_the_parser_misattached_or_made_definite(
    nlp: Language, text: str, figure: str, value: int
) -> None:
    claim = one(quantities(nlp, text), figure)
    assert claim.value == value


def test_a_definite_count_referring_back_is_still_no_claim(nlp: Language) -> None:
    assert quantities(nlp, "The two sides met on Monday in Geneva.") == []


def test_a_multiplier_is_part_of_the_number_not_a_counted_thing(nlp: Language) -> None:
    claims = quantities(nlp, "She bought two dozen eggs at the market.")
    assert [(c.text, c.value, c.unit) for c in claims] == [("two dozen eggs", 24, "egg")]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Sanders leads Cruz by 45 percent to 41 percent in the new survey.", "Bernie Sanders", "Ted Cruz"),
        ("In the state poll, Warren beats Pence by 51% to 44%.", "Elizabeth Warren", "Mike Pence"),
    ],
)
def test_a_contest_scored_by_one_share_to_another_gives_each_side_its_share(
    nlp: Language, text: str, first: str, second: str
) -> None:
    # The first share is the first side's, the second the other side's: two support figures of
    # two people, never one figure "beat" of the first.
    people = "Bernie Sanders and Ted Cruz spoke. Elizabeth Warren and Mike Pence spoke. "
    claims = quantities(nlp, people + text)
    shares = sorted((c for c in claims if c.unit == "%"), key=lambda c: c.start)
    assert [(c.measure, c.subject) for c in shares] == [("support", first), ("support", second)]
    assert shares[0].statement.startswith(f"Support for {first}")
    assert not any("percent" in q or "%" in q for c in shares for q in c.qualifiers)


def test_a_figure_with_a_relative_clause_is_measured_by_the_clause_act(nlp: Language) -> None:
    # "the $12 million he raised" is money raised, whatever verb the amount is the object of; a
    # verb of saying between them ("he says he raised") changes nothing.
    text = "Dana Hill will spend the roughly $12 million she says she raised last week."
    claim = one(quantities(nlp, text), "roughly $12 million")
    assert (claim.measure, claim.action, claim.subject) == ("raise", "raise", "Dana Hill")
    # An infinitive is a purpose, not the act done to the figure; "who" is the figure itself.
    assert one(quantities(nlp, "The bridge cost $4 million to repair."), "$4 million").measure == "cost"
    flood = one(
        quantities(nlp, "Floods could affect a billion people who farm the delta."), "a billion people"
    )
    assert flood.action == "affect"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("The poll's margin of error is 3 percent.", "3 percent"),
        ("The poll has a margin of error of 3 percent.", "3 percent"),
        # Only signs between a noun and the figure: the figure is that noun's value.
        ("It has a margin of error +/- 3 percent.", "3 percent"),
    ],
)
def test_a_compound_written_with_of_is_one_measure(nlp: Language, text: str, figure: str) -> None:
    # "margin of error" is one thing; "margin" alone would also be a margin of victory.
    claim = one(quantities(nlp, text), figure)
    assert claim.measure == "margin of error"
    assert "of error" not in claim.qualifiers


def test_the_cost_of_a_particular_thing_stays_a_narrowed_measure(nlp: Language) -> None:
    claim = one(quantities(nlp, "The cost of the new bridge is $40 million."), "$40 million")
    assert claim.measure == "cost"
    assert claim.qualifiers == ("of the new bridge",)


def test_a_share_of_a_place_in_a_people_group(nlp: Language) -> None:
    claim = one(quantities(nlp, "Swing state Ohio is nearly 4% Irish American."), "nearly 4%")
    assert (claim.measure, claim.subject) == ("Irish American", "Ohio")
    assert claim.statement == "Share of Ohio that is Irish American: nearly 4%"


def test_a_count_keeps_the_modifiers_of_what_it_counts(nlp: Language) -> None:
    claim = one(
        quantities(nlp, "The city will install 200 million solar panels by 2030."), "200 million solar panels"
    )
    assert (claim.measure, claim.unit, claim.action) == ("solar panels", "panel", "install")


def test_a_clause_after_a_bracket_is_no_act_of_the_figure(nlp: Language) -> None:
    text = "Lee wants to take in as many as 9,000 Syrian refugees (Kim has proposed accepting 2,000 Syrians)."
    claim = one(quantities(nlp, text), "as many as 9,000 Syrian refugees")
    assert claim.action == "take in"
