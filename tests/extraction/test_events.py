"""Event claims (named actor + verb + time/place) and "first"/record claims."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.language import Language

from claims.extraction.claimset import find_claims
from claims.extraction.nlp import load_nlp
from claims.extraction.pipeline import extract_text
from claims.extraction.types import ArticleMeta, ClaimItem

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PUBLISHED = datetime(2023, 4, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def claims_of(nlp: Language, text: str, kind: str, **kwargs: object) -> list[ClaimItem]:
    claims = find_claims(nlp(text), **kwargs)  # type: ignore[arg-type]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text in claim.sentence or "\n" in claim.text
    return [c for c in claims if c.kind == kind]


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def find(claims: list[ClaimItem], *, action: str, subject: str | None = None) -> ClaimItem:
    found = [c for c in claims if c.action == action and (subject is None or c.subject == subject)]
    assert found, [(c.subject, c.action, c.text) for c in claims]
    return found[0]


# --- events -----------------------------------------------------------------------------------


def test_event_has_named_actor_verb_lemma_place_and_date(nlp: Language) -> None:
    text = "NATO Secretary-General Jens Stoltenberg visited Japan this January."
    event = find(claims_of(nlp, text, "event", published_at=PUBLISHED), action="visit")
    assert event.subject == "Jens Stoltenberg"
    assert event.date == "2023-01"
    assert "Japan" in event.entities
    assert event.text == "NATO Secretary-General Jens Stoltenberg visited Japan this January"


def test_event_surname_resolves_to_full_name(nlp: Language) -> None:
    text = "Fumio Kishida arrived in Kyiv on Tuesday. Later, Kishida met Volodymyr Zelenskyy in the capital."
    events = claims_of(nlp, text, "event", published_at=PUBLISHED)
    met = find(events, action="meet")
    assert met.subject == "Fumio Kishida"
    assert "Volodymyr Zelenskyy" in met.entities


def test_event_pronoun_subject_resolves_to_person_named_before(nlp: Language) -> None:
    text = "Angela Merkel flew to Washington on Monday. She signed a trade agreement there."
    signed = find(claims_of(nlp, text, "event", published_at=PUBLISHED), action="sign")
    assert signed.subject == "Angela Merkel"
    assert signed.confidence < 0.75


def test_event_without_named_actor_is_not_reported(nlp: Language) -> None:
    text = "They visited the museum, and officials signed the agreement."
    assert claims_of(nlp, text, "event") == []


def test_negated_and_hedged_events_are_not_reported(nlp: Language) -> None:
    text = "Russia did not sign the treaty. Germany could send tanks next year."
    assert claims_of(nlp, text, "event", published_at=PUBLISHED) == []


def test_byline_credit_is_not_an_event(nlp: Language) -> None:
    assert claims_of(nlp, "Maria Lopez and Tom Reed contributed reporting.", "event") == []


def test_controlled_verb_takes_the_subject_of_its_governor(nlp: Language) -> None:
    text = "Japan decided to contribute $30 million to the trust fund."
    events = claims_of(nlp, text, "event")
    contribute = find(events, action="contribute")
    assert contribute.subject == "Japan"
    assert not [e for e in events if e.action == "decide"]  # the wrapper adds nothing


def test_an_invitation_to_participate_is_not_a_participation(nlp: Language) -> None:
    text = "NATO held a video conference and invited Japan and Australia to participate in the meeting."
    events = claims_of(nlp, text, "event")
    assert find(events, action="hold").subject == "NATO"
    # Being invited to do something is not doing it: no claim that Japan participated.
    assert not [e for e in events if e.action == "participate"]


def test_habits_and_wishes_are_not_events(nlp: Language) -> None:
    text = (
        "Microsoft typically releases patches on the second Tuesday of each month. "
        "Analysts said it was vital for Microsoft to release a fix quickly. "
        "On Wednesday Microsoft released an emergency patch for its browser."
    )
    events = claims_of(nlp, text, "event")
    assert [e.text for e in events if e.action == "release"] == [
        "On Wednesday Microsoft released an emergency patch for its browser"
    ]


def test_national_institution_counts_as_actor(nlp: Language) -> None:
    text = "Last month, the Japanese government began training in Cambodia for deminers."
    event = find(claims_of(nlp, text, "event", published_at=PUBLISHED), action="begin")
    assert event.subject == "Japanese government"
    assert event.date == "2023-03"


def test_event_span_stays_on_its_line(nlp: Language) -> None:
    text = "Leaders Meet in Vilnius\nPresident Joe Biden met Chancellor Olaf Scholz in Vilnius on Wednesday."
    events = claims_of(nlp, text, "event", published_at=PUBLISHED)
    met = find(events, action="meet")
    assert "\n" not in met.text
    assert met.subject == "Joe Biden"


def test_event_claims_through_the_pipeline(nlp: Language) -> None:
    text = "Prime Minister Fumio Kishida visited Kyiv on Tuesday.\n"
    result = extract_text(text, meta=ArticleMeta(published_at=PUBLISHED))
    event = next(c for c in result.claims if c.kind == "event")
    assert (event.subject, event.action, event.date) == ("Fumio Kishida", "visit", "2023-04-04")


# --- firsts and records -----------------------------------------------------------------------


def test_first_time_in_history(nlp: Language) -> None:
    text = "In March, Japan's Self-Defense Forces joined a NATO-led airlift for the first time in history."
    first = claims_of(nlp, text, "first", published_at=PUBLISHED)[0]
    assert first.text == "for the first time in history"
    assert (first.value, first.unit, first.action) == (1, "time", "join")
    assert first.subject is not None and "Self-Defense Forces" in first.subject
    assert first.date == "2023-03"


def test_first_time_clause_names_the_actor(nlp: Language) -> None:
    text = "This is the first time a Japanese prime minister has attended a NATO summit."
    first = claims_of(nlp, text, "first")[0]
    assert first.text == "the first time a Japanese prime minister has attended a NATO summit"
    assert (first.value, first.unit, first.action) == (1, "time", "attend")
    assert first.subject == "Japanese prime minister"


def test_first_with_no_actor_reads_as_what_was_first(nlp: Language) -> None:
    text = "It matters because for the first time there is a practical pathway for the two alliances."
    first = claims_of(nlp, text, "first")[0]
    assert first.text == "for the first time"
    assert first.statement == "Practical pathway: for the first time", "never a bare 'for the first time'"


def test_second_time_keeps_the_ordinal(nlp: Language) -> None:
    text = "Fumio Kishida spoke in Vilnius. The summit marked the second time Kishida had participated in the gathering."
    first = claims_of(nlp, text, "first")[0]
    assert (first.value, first.unit, first.subject, first.action) == (
        2,
        "time",
        "Fumio Kishida",
        "participate",
    )


def test_consecutive_year_streak(nlp: Language) -> None:
    text = "Hayashi, who attended the meeting for the second straight year, spoke first."
    first = claims_of(nlp, text, "first")[0]
    assert (first.value, first.unit, first.subject) == (2, "consecutive year", "Hayashi")


def test_only_country_claim_names_the_subject(nlp: Language) -> None:
    text = "In 2014, Japan was the only country in the G7 that did not impose sanctions on Russia."
    first = claims_of(nlp, text, "first", published_at=PUBLISHED)[0]
    assert first.text == "the only country in the G7 that did not impose sanctions on Russia"
    assert (first.unit, first.subject, first.date) == ("only", "Japan", "2014")


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("North Korea launched missiles with unprecedented frequency.", "unprecedented frequency"),
        ("Exports hit a record high in May.", "record high"),
        ("It was the largest ever deployment of the fleet.", "largest ever deployment"),
        (
            "NATO is the world's most powerful military alliance.",
            "the world's most powerful military alliance",
        ),
    ],
)
def test_record_claims(nlp: Language, sentence: str, span: str) -> None:
    records = claims_of(nlp, sentence, "first")
    assert [c.text for c in records] == [span]
    assert records[0].unit == "record"


@pytest.mark.parametrize(
    "sentence",
    [
        "He has a strong track record on trade.",
        "At first, the talks went badly.",
        "The first year of the war was the hardest.",
        "Not only Japan but also Korea attended.",
        "The only way forward is dialogue.",
    ],
)
def test_ordinary_uses_are_not_first_claims(nlp: Language, sentence: str) -> None:
    assert claims_of(nlp, sentence, "first") == []


# --- seed articles ----------------------------------------------------------------------------


def test_seed_002_first_and_only(nlp: Language) -> None:
    firsts = claims_of(nlp, seed_text("002"), "first", published_at=datetime(2022, 6, 27, tzinfo=UTC))
    texts = {c.text for c in firsts}
    assert "the first time a Japanese prime minister has attended a NATO summit" in texts
    assert "the only country in the G7 that did not impose sanctions on Russia" in texts
    visit = next(c for c in firsts if c.unit == "visit")
    assert visit.value == 4


def test_seed_004_second_time(nlp: Language) -> None:
    firsts = claims_of(nlp, seed_text("004"), "first", published_at=datetime(2023, 7, 12, tzinfo=UTC))
    second = next(c for c in firsts if c.value == 2)
    assert (second.subject, second.action, second.unit) == ("Fumio Kishida", "participate", "time")


def test_seed_003_first_time_in_history_and_events(nlp: Language) -> None:
    text = seed_text("003")
    firsts = claims_of(nlp, text, "first", published_at=PUBLISHED)
    history = next(c for c in firsts if c.text == "for the first time in history")
    assert history.value == 1
    events = claims_of(nlp, text, "event", published_at=PUBLISHED)
    visit = find(events, action="visit", subject="Jens Stoltenberg")
    assert visit.date == "2023-01"
    formulate = find(events, action="formulate", subject="Japan")
    assert formulate.date == "2022-12"
    contribute = find(events, action="contribute", subject="Japan")
    assert "$30 million" in contribute.text


def test_seed_001_events(nlp: Language) -> None:
    events = claims_of(nlp, seed_text("001"), "event", published_at=datetime(2023, 2, 2, tzinfo=UTC))
    held = find(events, action="hold")
    assert held.subject == "Fumio Kishida"
    assert {"Jens Stoltenberg", "Tokyo"} <= set(held.entities)
    visited = [e for e in events if e.action == "visit" and e.date == "2017"]
    assert visited and "Japan" in visited[0].entities


def test_seed_002_event_dates(nlp: Language) -> None:
    events = claims_of(nlp, seed_text("002"), "event", published_at=datetime(2022, 6, 27, tzinfo=UTC))
    # The summit in Spain; the article's lead ("went to Europe to attend the G7 summit and NATO
    # summit") states no date of its own.
    summit = next(c for c in events if c.action == "attend" and "Spain" in c.entities)
    assert summit.subject == "Fumio Kishida"
    assert summit.date == "2022-06-29/2022-06-30"
    assert "Spain" in summit.entities
    held = find(events, action="hold", subject="NATO")
    assert held.date == "2020-12"


@pytest.mark.parametrize(
    "text",
    [
        "In a new survey, Senator Lane would beat Governor Moss by two points.",
        "Lane said he would win the Ohio primary if turnout were high.",
        "Had Lane won the popular vote, the delegates would have backed him.",
        "To win the White House, Lane will need Ohio.",
        "Kremlin officials wanted Lane to win the election.",
        "The crowd cheered Lane's attacks on Moss.",
        "A voter said he hoped that Lane wins the presidential election.",
        "\"It's not just Tom Moss saying, 'Oh, yes, just vote for Ana Lane,'\" Moss told reporters.",
        "Ana Lane held a commanding lead among young voters.",
        "Tom Moss held his own among older voters against Lane.",
    ],
)
def test_conditions_wishes_purposes_and_series_are_no_events(nlp: Language, text: str) -> None:
    people = "Ana Lane and Tom Moss met voters. "
    acts = ("beat", "win", "attack", "vote", "hold")
    assert [c.text for c in claims_of(nlp, people + text, "event") if c.action in acts] == []


def test_a_reported_would_and_a_single_attack_stay_events(nlp: Language) -> None:
    people = "Ana Lane and Tom Moss met voters. "
    won = claims_of(nlp, people + "Lane won the Ohio primary on Tuesday.", "event")
    assert find(won, action="win").target == "Ohio primary"
    attack = claims_of(nlp, people + "Moss criticised Lane's attack on the plan during the debate.", "event")
    assert find(attack, action="attack").target == "plan"
    talks = claims_of(nlp, people + "Ana Lane held talks with Tom Moss on Monday.", "event")
    assert find(talks, action="hold").target == "talks"
    # After a verb of saying, "would" is the future of the past: a plan reported.
    vote = find(
        claims_of(nlp, people + "Lane said she would vote for Moss in November.", "event"), action="vote"
    )
    assert vote.qualifiers == ("planned",)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("The actress Ana Lane passed peacefully this morning.", "pass away"),
        ("Ana Lane passed away on Friday.", "pass away"),
    ],
)
def test_a_person_who_passed_died(nlp: Language, text: str, action: str) -> None:
    assert find(claims_of(nlp, text, "event"), action=action, subject="Ana Lane")
