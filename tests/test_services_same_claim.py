"""The same claim and only the same claim: comparing the parts of two statements."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from claims.models import Mention
from claims.services.matching import compare
from claims.services.same_claim import Item, action_key, is_acronym, names_agree, things_agree

SUPPORTS, CONTRADICTS = Mention.Stance.SUPPORTS, Mention.Stance.CONTRADICTS


def item(**kw: object) -> Item:
    base: dict[str, object] = {
        "kind": "event",
        "text": "",
        "sentence": "",
        "speaker_id": None,
        "value": None,
        "unit": "",
        "date": "",
        "subject": "",
        "action": "",
        "entities": (),
        "article_id": None,
        "when": datetime(2024, 5, 2, tzinfo=UTC),
    }
    base.update(kw)
    if not base["sentence"]:
        base["sentence"] = str(base["text"])
    return Item(**base)  # type: ignore[arg-type]


def event(text: str, subject: str, action: str, target: str = "", **kw: object) -> Item:
    return item(kind="event", text=text, subject=subject, action=action, target=target, **kw)


def figure(text: str, value: float, unit: str, measure: str, subject: str, **kw: object) -> Item:
    return item(kind="quantity", text=text, value=value, unit=unit, measure=measure, subject=subject, **kw)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("buy", "acquire"),
        ("purchase", "buy"),
        ("unveil", "launch"),
        ("arrest", "capture"),
        ("release", "issue"),
    ],
)
def test_verbs_of_one_action_share_a_key(a: str, b: str) -> None:
    assert action_key(a) == action_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("visit", "meet"), ("kill", "shoot"), ("buy", "sell"), ("capture", "charm")]
)
def test_verbs_of_different_actions_do_not(a: str, b: str) -> None:
    assert action_key(a) != action_key(b)


def test_organisation_aliases_and_acronyms_agree() -> None:
    assert is_acronym("AMD", "Advanced Micro Devices")
    assert is_acronym("HP", "Hewlett-Packard")
    assert names_agree("Microsoft", "Microsoft Corp.")
    assert names_agree("Navy", "Indian Navy")
    assert not names_agree("Bill Clinton", "Hillary Clinton")
    assert not names_agree("John D. O'Connor", "John Gotti"), "a shared given name is not one person"
    assert names_agree("Japanese government", "Japan")
    assert not names_agree("Brazil", "Argentina")


def test_paraphrased_objects_agree_through_wordnet() -> None:
    assert things_agree("bulletproof vests", "body armor")
    assert things_agree("a 4.6 magnitude quake", "the earthquake")
    assert not things_agree("bulletproof vests", "helicopters")


def test_the_same_acquisition_told_in_other_words_is_one_event() -> None:
    a = event(
        "Advanced Micro Devices will buy ATI Technologies",
        "Advanced Micro Devices",
        "buy",
        "ATI Technologies",
    )
    b = event("AMD acquires ATI in a $5.4 billion deal", "AMD", "acquire", "ATI")
    assert compare(b, a) == SUPPORTS


def test_two_captures_with_different_counts_are_two_events() -> None:
    a = event("The Indian Navy captured 23 pirates", "Indian Navy", "capture", "23 pirates")
    b = event("Indian Navy captures 26 pirates off Somalia", "Indian Navy", "capture", "26 pirates")
    assert compare(b, a) is None


def test_two_candidates_poll_numbers_are_two_claims_not_a_conflict() -> None:
    clinton = figure(
        "46%", 46, "%", "support", "Hillary Clinton", sentence="Clinton had 46% support in the poll."
    )
    trump = figure("41%", 41, "%", "support", "Donald Trump", sentence="Trump had 41% support in the poll.")
    assert compare(trump, clinton) is None


def test_one_figure_of_two_groups_is_two_claims() -> None:
    approval = figure(
        "73%",
        73,
        "%",
        "approval rating",
        "Bill Clinton",
        date="1998",
        sentence="Bill Clinton's approval rating hit 73% in 1998.",
    )
    democrats = figure(
        "73%",
        73,
        "%",
        "Democrats",
        "",
        qualifiers="in Hillsborough County",
        sentence="73% of Democrats in Hillsborough County back the plan, a poll found.",
    )
    assert compare(democrats, approval) is None


def test_another_value_of_the_same_measure_contradicts_and_another_time_does_not() -> None:
    text = "Japan's assistance to Ukraine totals {} dollars, the ministry said."
    a = figure("$7.6 billion", 7.6e9, "USD", "assistance", "Japan", sentence=text.format("7.6 billion"))
    b = figure("$1.5 billion", 1.5e9, "USD", "assistance", "Japan", sentence=text.format("1.5 billion"))
    assert compare(b, a) == CONTRADICTS
    assert (
        compare(figure("$7.6bn", 7.6e9, "USD", "assistance", "Japan", sentence=text.format("7.6bn")), a)
        == SUPPORTS
    )
    earlier = figure(
        "$1.5 billion", 1.5e9, "USD", "assistance", "Japan", date="2022", sentence=text.format("1.5 billion")
    )
    dated = figure(
        "$7.6 billion", 7.6e9, "USD", "assistance", "Japan", date="2023", sentence=text.format("7.6 billion")
    )
    assert compare(earlier, dated) is None


def test_a_death_told_two_ways_is_one_event() -> None:
    a = event("Bettie Page died of pneumonia at the age of 85", "Bettie Page", "die")
    b = event("Page passed away late yesterday in a Los Angeles hospital", "Bettie Page", "pass away")
    assert compare(b, a) == SUPPORTS
    assert compare(event("Mary Page died on Monday", "Mary Page", "die"), a) is None


def test_same_action_by_another_actor_or_on_another_object_is_another_event() -> None:
    ents = ("Japan", "Ukraine")
    a = event("Japan sent bulletproof vests to Ukraine", "Japan", "send", "bulletproof vests", entities=ents)
    assert compare(event("Germany sent bulletproof vests", "Germany", "send", "bulletproof vests"), a) is None
    assert compare(event("Japan sent helicopters", "Japan", "send", "helicopters", entities=ents), a) is None
    armor = event("Japan supplied body armor to Ukraine", "Japan", "supply", "body armor", entities=ents)
    assert compare(armor, a) == SUPPORTS
    # A common-noun object alone does not say which sending it was: nothing else is shared.
    assert compare(event("Japan supplied body armor", "Japan", "supply", "body armor"), a) is None


def test_a_name_after_the_object_is_not_the_objects_name() -> None:
    # "to Ukraine" says who got the armour: the object is still a kind of thing, like the vests
    # and masks of the other report, not one named thing among a series.
    ents = ("Japan", "Ukraine")
    vests = event(
        "Japan provided Ukraine with bulletproof vests and protective masks",
        "Japan",
        "provide",
        "bulletproof vests and protective masks",
        entities=ents,
        date="2022",
    )
    armor = event(
        "Japan provided military equipment such as body armor to Ukraine",
        "Japan",
        "provide",
        "military equipment such as body armor to Ukraine",
        entities=ents,
        when=datetime(2022, 6, 30, tzinfo=UTC),
    )
    assert compare(armor, vests) == SUPPORTS
    # A plain plural against a name of its own stays apart: "states" is not "Rhode Island".
    one = event("Ana Lee won Rhode Island", "Ana Lee", "win", "Rhode Island", qualifiers="done")
    many = event(
        "Ana Lee won states in the north", "Ana Lee", "win", "states in the north", qualifiers="done"
    )
    assert compare(many, one) is None


IE = ("Microsoft", "Internet Explorer")


def test_undated_reports_months_apart_are_other_events() -> None:
    a = event("Microsoft released an emergency patch", "Microsoft", "release", "emergency patch", entities=IE)
    later = replace(a, when=datetime(2025, 1, 10, tzinfo=UTC))
    assert compare(later, a) is None
    issued = event("Microsoft issued an emergency patch", "Microsoft", "issue", "patch", entities=IE)
    assert compare(issued, a) == SUPPORTS


def test_an_event_that_cannot_be_placed_in_time_joins_only_another_that_cannot() -> None:
    dated = event(
        "Microsoft released an emergency patch", "Microsoft", "release", "emergency patch", entities=IE
    )
    unknown = replace(dated, text="Microsoft issued an emergency patch", action="issue", when=None)
    assert compare(unknown, dated) is None
    assert compare(unknown, replace(unknown, text="Microsoft has released an emergency patch")) == SUPPORTS


def test_a_figure_missing_what_it_measures_or_of_whom_is_never_matched() -> None:
    text = "About {} people were killed in the earthquake."
    a = figure("five people", 5, "person", "killed", "", sentence=text.format("five"))
    assert compare(figure("ten people", 10, "person", "killed", "", sentence=text.format("ten")), a) is None
    assert compare(figure("5 people", 5, "person", "killed", "", sentence=text.format("5")), a) is None
    poll = "Clinton leads Trump by {} percent to 42 percent."
    bare = figure("46 percent", 46, "%", "", "", sentence=poll.format(46))
    assert compare(figure("47 percent", 47, "%", "", "", sentence=poll.format(47)), bare) is None


def test_two_plans_figures_for_one_group_measure_different_things() -> None:
    text = "The top 1 percent would see an average tax {} of {}, the group said."
    rise = figure(
        "$78,000",
        78e3,
        "USD",
        "average tax increase",
        "top 1 percent",
        sentence=text.format("rise", "$78,000"),
    )
    cut = figure(
        "$275,000", 275e3, "USD", "average tax cut", "top 1 percent", sentence=text.format("cut", "$275,000")
    )
    assert compare(cut, rise) is None


def test_two_polls_figures_are_two_claims_and_running_tallies_days_apart_do_not_conflict() -> None:
    a = figure(
        "36 percent",
        36,
        "%",
        "support",
        "Ana Lee",
        sentence="Ana Lee had 36 percent in the Harbor College poll.",
    )
    b = figure(
        "44 percent", 44, "%", "support", "Ana Lee", sentence="A Gazette poll shows Ana Lee with 44 percent."
    )
    assert compare(b, a) is None
    same_poll = figure(
        "40 percent",
        40,
        "%",
        "support",
        "Ana Lee",
        sentence="In the Harbor College poll, Ana Lee won 40 percent.",
    )
    assert compare(same_poll, a) == CONTRADICTS
    tally = "Including superdelegates, Ana Lee has {} delegates."
    feb = figure("503", 503, "delegate", "delegates", "Ana Lee", sentence=tally.format(503))
    march = replace(
        figure("882", 882, "delegate", "delegates", "Ana Lee", sentence=tally.format(882)),
        when=datetime(2024, 5, 12, tzinfo=UTC),
    )
    assert compare(march, feb) is None


def test_other_named_objects_other_actors_and_plans_are_other_events() -> None:
    sc = event("Ana Lee won the South Carolina primary", "Ana Lee", "win", "South Carolina primary")
    assert (
        compare(event("Ana Lee won the Arkansas primary", "Ana Lee", "win", "Arkansas primary"), sc) is None
    )
    assert (
        compare(
            event("Ana Lee took the South Carolina primary", "Ana Lee", "take", "South Carolina primary"), sc
        )
        is None
    )
    both = event(
        "Ana Lee and Tom Reyes won the South Carolina primary",
        "Ana Lee and Tom Reyes",
        "win",
        "South Carolina primary",
    )
    assert compare(both, sc) is None
    again = event(
        "Ana Lee won the South Carolina primary on Saturday", "Ana Lee", "win", "South Carolina primary"
    )
    assert compare(again, sc) == SUPPORTS
    deal = event(
        "Harbor Bank accepted the offer",
        "Harbor Bank",
        "accept",
        "offer",
        entities=("Harbor Bank", "Lee Group"),
    )
    done = replace(deal, qualifiers="done")
    plan = replace(deal, text="Harbor Bank will accept the offer", qualifiers="planned")
    assert compare(plan, done) is None
    assert compare(plan, deal) == SUPPORTS, "a headline's present tense does not say it is done"


def test_what_is_said_of_a_count_must_agree() -> None:
    has = figure("67 delegates", 67, "delegate", "delegates", "Ana Lee", sentence="Ana Lee has 67 delegates.")
    needs = figure(
        "67 delegates", 67, "delegate", "delegates", "Ana Lee", sentence="Ana Lee needs 67 delegates."
    )
    assert compare(replace(needs, action="need"), replace(has, action="have")) is None
    assert compare(replace(has, action="have"), replace(has, action="have", text="67")) == SUPPORTS
    assert compare(needs, has) is None, "a bare count of delegates says not what is said of them"


def test_a_place_named_beside_the_object_counts_as_its_name() -> None:
    sc = event("Ana Lee won the South Carolina primary", "Ana Lee", "win", "South Carolina primary")
    in_arkansas = event("Ana Lee won the primary in Arkansas", "Ana Lee", "win", "primary", place="Arkansas")
    assert compare(in_arkansas, sc) is None
    in_sc = event(
        "Ana Lee won the primary in South Carolina", "Ana Lee", "win", "primary", place="South Carolina"
    )
    assert compare(in_sc, sc) == SUPPORTS


def test_a_plans_date_does_not_contradict_the_day_it_was_done() -> None:
    planned = item(
        kind="date", text="June 7", subject="Ana Lee", action="clinch", target="Democratic nomination",
        date="2024-06-07", qualifiers="planned", entities=("Ana Lee",),
    )  # fmt: skip
    done = replace(planned, text="Monday night", date="2024-06-06", qualifiers="done")
    assert compare(done, planned) is None
    assert compare(replace(done, qualifiers="planned"), planned) == CONTRADICTS


def test_a_person_named_by_a_short_form_or_another_spelling_is_one_person() -> None:
    assert names_agree("Frederick C. Morrow", "Fred Morrow")
    assert names_agree("Bettie Lang", "Betty Lang")
    assert names_agree("Christopher Dale", "Chris Dale")
    # Another given name, or two middle initials that differ, is another person.
    assert not names_agree("Dan Hale", "Don Hale")
    assert not names_agree("Ron Paul", "Rand Paul")
    assert not names_agree("Bobby Scott", "Tim Scott")
    assert not names_agree("Frederick C. Morrow", "Fred D. Morrow")


def test_a_tally_a_count_or_a_series_is_not_one_event() -> None:
    one = event("Ana Lee won the Ohio primary", "Ana Lee", "win", "Ohio primary", place="", qualifiers="done")
    for other in (
        event("Ana Lee wins more and more primaries", "Ana Lee", "win", "more and more primaries"),
        event("Ana Lee has won the most states", "Ana Lee", "win", "most states", qualifiers="done"),
        event(
            "Ana Lee has won 12.1 million votes", "Ana Lee", "win", "12.1 million votes", qualifiers="done"
        ),
        event("Ana Lee has won states with open primaries", "Ana Lee", "win", "states", qualifiers="done"),
    ):
        assert compare(other, one) is None, other.text
    seen = ("Coast Navy", "Gulf of Sirte")
    pirates = event(
        "The Coast Navy captured 23 pirates in the Gulf of Sirte",
        "Coast Navy",
        "capture",
        "23 pirates",
        qualifiers="done",
        entities=seen,
    )
    again = event(
        "The Coast Navy captured the pirates in the Gulf of Sirte",
        "Coast Navy",
        "capture",
        "pirates",
        qualifiers="done",
        entities=seen,
    )
    assert compare(again, pirates) == SUPPORTS, "a counted group and the group named again agree"


def test_a_named_occasion_is_not_a_more_general_unnamed_one() -> None:
    ohio = event("Ana Lee won the Ohio primary", "Ana Lee", "win", "Ohio primary", qualifiers="done")
    general = event("Ana Lee won the presidential election", "Ana Lee", "win", "presidential election")
    assert compare(general, ohio) is None, "WordNet files a primary under elections; that is not one"
    same = event(
        "Ana Lee won the primary in Ohio", "Ana Lee", "win", "primary", place="Ohio", qualifiers="done"
    )
    assert compare(same, ohio) == SUPPORTS
