"""Direct quotes: quotation marks, cues, spans and speakers, on short texts written for the tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from claims.extraction.nlp import load_nlp
from claims.extraction.quote_marks import find_marked_spans
from claims.extraction.quotes import find_quotes
from claims.extraction.types import BoilerplateRange, Quote, SpeakerRef

Finder = Callable[..., tuple[list[Quote], list[SpeakerRef]]]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="module")
def quotes_of(nlp: Language) -> Finder:
    def run(text: str, skip: tuple[BoilerplateRange, ...] = ()) -> tuple[list[Quote], list[SpeakerRef]]:
        quotes, refs = find_quotes(nlp(text), skip=skip)
        for q in quotes:
            assert text[q.start : q.end] == q.text
            if q.speaker_span is not None:
                assert 0 <= q.speaker_span.start < q.speaker_span.end <= len(text)
            for part in q.parts:
                assert q.start <= part.start < part.end <= q.end
        return quotes, refs

    return run


def test_curly_quote_with_cue_after_and_full_name(quotes_of: Finder) -> None:
    text = "Mayor Anna Lindqvist opened the bridge. “It took us ten years,” Lindqvist said."
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == "It took us ten years"
    assert q.speaker == "Anna Lindqvist"
    assert text[q.speaker_span.start : q.speaker_span.end] == "Lindqvist"
    assert q.cue == "said"


def test_straight_quotes_are_paired(quotes_of: Finder) -> None:
    text = 'Pedro Alvarez runs the port. "Ships are waiting longer than ever," Alvarez said on Monday.'
    quotes, _ = quotes_of(text)
    assert [q.text for q in quotes] == ["Ships are waiting longer than ever"]
    assert quotes[0].speaker == "Pedro Alvarez"


def test_inverted_cue_names_the_speaker(quotes_of: Finder) -> None:
    text = "Health Minister Carla Moretti visited. “We are ready,” said Moretti, who arrived late."
    quotes, _ = quotes_of(text)
    assert quotes[0].speaker == "Carla Moretti"
    assert quotes[0].cue == "said"


def test_title_is_stripped_from_speaker(quotes_of: Finder) -> None:
    text = "“Prices will fall,” said Finance Minister Olaf Brandt."
    quotes, refs = quotes_of(text)
    assert quotes[0].speaker == "Olaf Brandt"
    assert refs[0].name == "Olaf Brandt"


def test_quote_split_around_cue_is_one_quote(quotes_of: Finder) -> None:
    text = "“We will not give up,” Maria Keller said. “The people have spoken.”"
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert [text[p.start : p.end] for p in q.parts] == ["We will not give up", "The people have spoken."]
    assert q.speaker == "Maria Keller"


def test_split_quote_words_leave_out_the_cue(quotes_of: Finder) -> None:
    text = (
        "“The cranes came three weeks late,” said Lena Okafor, who runs the port. “We still open in June.” "
        "“Every time you ask that,” Okafor added, “you forget the storm.”"
    )
    quotes, _ = quotes_of(text)
    assert [q.split for q in quotes] == [True, True]
    assert [q.words for q in quotes] == [
        "The cranes came three weeks late. We still open in June.",
        "Every time you ask that, you forget the storm.",
    ]
    assert [[text[p.start : p.end] for p in q.passages] for q in quotes][1] == [
        "Every time you ask that",
        "you forget the storm.",
    ]


def test_partial_quote_is_one_passage(quotes_of: Finder) -> None:
    text = "Mayor Ana Diaz called the budget “a reckless gamble” on Monday."
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1 and not quotes[0].split
    assert quotes[0].passages[0].start == quotes[0].start and quotes[0].words == quotes[0].text


def test_quote_over_several_paragraphs_is_one_quote(quotes_of: Finder) -> None:
    text = (
        "Tom Reyes spoke at the meeting.\n\n"
        "“The harbour needs dredging. Boats run aground every week.\n\n"
        "“We asked for help last year,” Reyes said."
    )
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("The harbour needs dredging.")
    assert quotes[0].text.endswith("last year")
    assert quotes[0].speaker == "Tom Reyes"


def test_colon_cue_with_pronoun_resolves_to_person_named_before(quotes_of: Finder) -> None:
    text = (
        "Ingrid Holm, a researcher at the Nordic Policy Centre, said talks would resume.\n\n"
        "She told Radio North: “Nobody wants another winter like the last one.”"
    )
    quotes, _ = quotes_of(text)
    q = quotes[0]
    assert q.text == "Nobody wants another winter like the last one."
    assert q.speaker == "Ingrid Holm"
    assert text[q.speaker_span.start : q.speaker_span.end] == "She"
    assert q.cue == "told Radio North"


def test_he_said_colon_resolves_to_sentence_subject_not_object(quotes_of: Finder) -> None:
    text = (
        "Omar Haddad, the union's chairman, said Leila Nasser had agreed to the plan.\n\n"
        "He said: “This is a good day for workers.”"
    )
    quotes, _ = quotes_of(text)
    assert quotes[0].speaker == "Omar Haddad"


def test_nested_quotes_stay_inside_the_outer_quote(quotes_of: Finder) -> None:
    text = (
        "Paul Ngata spoke to reporters.\n\n"
        "He said: “We all want a “safe and open” sea, and we call it ‘our commons’ for a reason.”"
    )
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("We all want a “safe and open” sea")
    assert quotes[0].text.endswith("for a reason.")
    assert quotes[0].speaker == "Paul Ngata"


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "Norway’s plan shouldn’t change, the ’90s are over and the farmers' union agrees."
    assert find_marked_spans(text) == []


def test_partial_quote_in_reported_speech_is_attributed_to_the_subject(quotes_of: Finder) -> None:
    text = "Defence chief Elena Marsh condemned the rival navy's “reckless manoeuvres” near the coast."
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.speaker == "Elena Marsh"
    assert q.cue == "condemned"
    assert "“reckless manoeuvres”" in q.text
    assert [text[p.start : p.end] for p in q.parts] == ["reckless manoeuvres"]


def test_partial_quote_span_covers_the_reported_content(quotes_of: Finder) -> None:
    text = "Sara Olsen said that the new law was “a step backwards” for small farms."
    quotes, _ = quotes_of(text)
    assert quotes[0].text == "that the new law was “a step backwards” for small farms"
    assert quotes[0].speaker == "Sara Olsen"


def test_scare_quote_without_speaker_is_not_a_quote(quotes_of: Finder) -> None:
    text = "The “quiet period” that worries traders the most begins in June."
    quotes, _ = quotes_of(text)
    assert quotes == []


def test_quoted_headline_is_not_a_quote(quotes_of: Finder) -> None:
    text = "Harbour Board Calls Delay ‘Unacceptable’\nMinister Says “No More Delays” In Port Plan\n\nThe port opened."
    quotes, _ = quotes_of(text)
    assert quotes == []


def test_anonymous_source_is_its_own_kind(quotes_of: Finder) -> None:
    text = "The deal is fragile. “Nothing is agreed yet,” a senior trade ministry official said."
    quotes, refs = quotes_of(text)
    assert quotes[0].speaker == "a senior trade ministry official"
    assert quotes[0].speaker_kind == "anonymous"
    assert refs == [SpeakerRef(name="a senior trade ministry official", kind="anonymous")]


def test_document_is_a_speaker_of_its_own_kind(quotes_of: Finder) -> None:
    text = "The joint statement said the two sides “share deep concern” about the blockade."
    quotes, _ = quotes_of(text)
    assert quotes[0].speaker == "The joint statement"
    assert quotes[0].speaker_kind == "document"


def test_nothing_is_found_inside_skip_ranges(quotes_of: Finder) -> None:
    text = "Related: “Rates will rise,” said Ada Berg.\nBody text here."
    quotes, _ = quotes_of(text, skip=(BoilerplateRange(0, 42, "related"),))
    assert quotes == []


def test_cue_before_quote_with_comma(quotes_of: Finder) -> None:
    text = "Later, Hugo Lanz said, “We expect a decision by Friday.”"
    quotes, _ = quotes_of(text)
    assert quotes[0].text == "We expect a decision by Friday."
    assert quotes[0].speaker == "Hugo Lanz"


def test_markup_attribute_quotes_are_ignored() -> None:
    text = '<tweet author="someone" id="12">Good news today.</tweet>'
    assert find_marked_spans(text) == []


def test_partial_quote_takes_the_outermost_speech_verb(quotes_of: Finder) -> None:
    text = "Senator Ruth Ng said that the mayor once described the tunnel as “a bottomless pit” in 2019."
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].speaker == "Ruth Ng"
    assert quotes[0].text.startswith("that the mayor once described")


def test_quote_split_around_cue_with_nested_quote_is_one_quote(quotes_of: Finder) -> None:
    text = (
        "“That talk went past the hall. It went past the hour,” said Dana Berk, chair of the group. "
        "“That was the mayor saying, ‘Do not quit now.’”"
    )
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert len(quotes[0].parts) == 2
    assert quotes[0].speaker == "Dana Berk"


def test_speaker_is_the_subject_next_to_the_cue_not_inside_the_quote(quotes_of: Finder) -> None:
    text = "“She would be a fine judge. One of the best,” Councillor Omar Haddad said in a phone interview."
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].speaker == "Omar Haddad"


def test_fragment_inside_a_sentence_spans_the_reported_clause(quotes_of: Finder) -> None:
    text = "The governor insisted that she has “rebuilt the port,” pointing to new cranes."
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("that she has “rebuilt the port")
    assert quotes[0].speaker_span is not None
    assert text[quotes[0].speaker_span.start : quotes[0].speaker_span.end] == "The governor"


def test_called_keeps_its_object_with_the_quoted_words(quotes_of: Finder) -> None:
    text = "Mayor Lena Park called the new budget “a disgrace to the city.”"
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("the new budget")
    assert quotes[0].speaker == "Lena Park"


def test_show_title_in_quotes_is_not_a_quote(quotes_of: Finder) -> None:
    text = "Kim Ortiz also hosts “Morning Table With Kim” on a local channel every Sunday."
    quotes, _ = quotes_of(text)
    assert quotes == []


def test_closing_mark_typed_as_opener_starts_a_quote() -> None:
    text = "Readers wrote in.\n”Fear. I am afraid of what comes next.” ― Lena Ortiz\n"
    spans = find_marked_spans(text)
    assert [text[s.start + 1 : s.end - 1] for s in spans] == ["Fear. I am afraid of what comes next."]


def test_dash_signature_names_the_speaker(quotes_of: Finder) -> None:
    text = (
        "Readers answered our call.\n\n"
        "“The bus never comes on time.” ― Maria Lopez\n"
        "“Fix the roads first.”― Tom Becker.\n"
    )
    quotes, _ = quotes_of(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The bus never comes on time.", "Maria Lopez"),
        ("Fix the roads first.", "Tom Becker"),
    ]
    assert text[quotes[1].speaker_span.start : quotes[1].speaker_span.end] == "Tom Becker"


def test_dash_signature_followed_by_a_no_break_space_names_the_speaker(quotes_of: Finder) -> None:
    text = "Readers answered our call.\n\n“The bus never comes.”\u00a0― Maria Lopez\u00a0\n“Fix the roads.”― Tom Becker\u00a0\n"
    quotes, _ = quotes_of(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The bus never comes.", "Maria Lopez"),
        ("Fix the roads.", "Tom Becker"),
    ]


def test_show_title_where_something_was_said_is_not_a_quote(quotes_of: Finder) -> None:
    text = (
        "The harbour plan is late, Governor Ruth Adler said on Sunday's “Coast Report.”\n\n"
        "Adler told BRN's “Morning Tide” that the funds would come."
    )
    quotes, _ = quotes_of(text)
    assert quotes == []


def test_partial_quote_in_second_conjunct_keeps_its_own_speaker(quotes_of: Finder) -> None:
    text = 'Governor Hale accused the council of "wasting money" and Mayor Ortiz says he is "tired of the attacks."'
    quotes, _ = quotes_of(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ('the council of "wasting money"', "Hale"),
        ('he is "tired of the attacks."', "Ortiz"),
    ]


def test_partial_quote_leaves_out_when_and_where_it_was_said(quotes_of: Finder) -> None:
    text = 'Mayor Ortiz criticized the budget as a "reckless gamble" during a town hall in Dayton.'
    quotes, _ = quotes_of(text)
    assert [q.text for q in quotes] == ['the budget as a "reckless gamble"']


@pytest.mark.parametrize(
    ("text", "speaker", "starts", "cue"),
    [
        (
            'By 2030, the two ports, Chen said, will have a "rare chance" to grow their trade.',
            "Chen",
            "the two ports, Chen said, will have",
            "said",
        ),
        (
            'Instead, Lopez told NPR, her plan would only be "to wait and see" if she wins the seat.',
            "Lopez",
            "her plan would only be",
            "told NPR",
        ),
        (
            'According to Lopez, the council was once a friend but is now "the biggest obstacle we have."',
            "Lopez",
            "the council was once a friend",
            "According to",
        ),
    ],
)
def test_cue_set_off_inside_the_reported_clause(
    quotes_of: Finder, text: str, speaker: str, starts: str, cue: str
) -> None:
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.speaker == speaker and q.cue == cue
    assert q.text.startswith(starts)


def test_sentence_running_on_past_the_closing_mark_is_part_of_the_quote(quotes_of: Finder) -> None:
    text = 'Senator Ruth Ng grilled the chief. "You squeezed your staff to the limit" to lift the share price, she said.'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.endswith("to lift the share price")
    assert quotes[0].speaker == "Ruth Ng"


def test_quote_closed_by_its_own_punctuation_does_not_run_on(quotes_of: Finder) -> None:
    text = '"We are done," said Ruth Ng, the senator, as the hearing ended.'
    quotes, _ = quotes_of(text)
    assert [q.text for q in quotes] == ["We are done"]


def test_accused_of_leaves_out_who_was_accused(quotes_of: Finder) -> None:
    text = 'The union accused the harbour master, Piet Vos, of "reckless cost-cutting" at the docks.'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith('of "reckless cost-cutting"')
    assert "Piet Vos" not in quotes[0].text


def test_quote_mark_glued_to_the_cue_punctuation(quotes_of: Finder) -> None:
    text = "Paul Ryan spoke.\n\nRyan said,“Look, these posters have no place in a campaign. Candidates know that.”"
    quotes, _ = quotes_of(text)
    assert [(q.text[:4], q.speaker, q.cue) for q in quotes] == [("Look", "Paul Ryan", "said")]


def test_speaker_label_with_colon_before_the_quote(quotes_of: Finder) -> None:
    text = 'Rep. Tom Gray (R-S.C.):"I have not heard anyone cite that figure. Who told you that?"'
    quotes, _ = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Tom Gray"]


def test_quote_ending_a_reported_clause_spans_the_clause(quotes_of: Finder) -> None:
    text = 'Mayor Ana Diaz spoke. She also said the crisis was not mainly the fault of the banks, "not by a long shot."'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("the crisis was not mainly")
    assert quotes[0].speaker == "Ana Diaz"


def test_according_to_outranks_the_verb_of_its_clause(quotes_of: Finder) -> None:
    text = 'According to the Herald, Diaz praised her "wonderful donors" in the room, and she asked the banks to wait.'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].speaker == "the Herald" or quotes[0].speaker == "Herald"
    assert quotes[0].cue == "According to"
    assert quotes[0].text.startswith("Diaz praised her")


def test_as_the_paper_noted_attributes_the_clause(quotes_of: Finder) -> None:
    text = 'But as the city paper noted in an editorial Thursday, the mayor "has surprisingly won a few fans downtown."'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].cue == "noted"
    assert quotes[0].text.startswith('the mayor "has surprisingly won')


def test_noun_of_saying_with_that_clause(quotes_of: Finder) -> None:
    text = 'Diaz\'s accusation that Lopez is playing the "gender card" touched off a debate.'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].cue == "accusation"
    assert quotes[0].text == 'that Lopez is playing the "gender card"'
    assert text[quotes[0].speaker_span.start : quotes[0].speaker_span.end] == "Diaz"


def test_names_of_shows_are_not_quotes(quotes_of: Finder) -> None:
    text = (
        'On this weekend\'s broadcast of "Harbour Talk Live," Mayor Ana Diaz said the port would open. '
        '"We are ready," Diaz said on WXYZ\'s "Morning Desk."'
    )
    quotes, _ = quotes_of(text)
    assert [q.text for q in quotes] == ["We are ready"]


def test_speaker_before_the_cue_not_the_network_after_it(quotes_of: Finder) -> None:
    text = (
        '"He is right. The staff and the board have lost touch," Lee, a senior adviser, said Thursday '
        'on Channel Four\'s "Morning Desk." "There is a lot of frustration in the ranks."'
    )
    quotes, _ = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Lee"]
    assert quotes[0].split


def test_partial_quote_runs_on_to_the_end_of_its_sentence(quotes_of: Finder) -> None:
    text = 'Councillor Mia Berg said she was "not only here to do my job" but also to back her candidate.'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.endswith("but also to back her candidate")


def test_partial_quote_stops_before_when_it_was_said(quotes_of: Finder) -> None:
    text = 'Councillor Mia Berg called the plan "a waste of money" during a debate on Monday.'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert "debate" not in quotes[0].text


def test_perfect_tense_cue_attributes_a_partial_quote(quotes_of: Finder) -> None:
    text = (
        "The county's auditors had said that most city files held private data, "
        'but the vast majority were just "routine."'
    )
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].cue == "said"
    assert "auditors" in (quotes[0].speaker or "")


def test_second_cue_beside_the_first_keeps_the_partial_quote_to_its_clause(quotes_of: Finder) -> None:
    text = 'The mayor said the port would open, adding that the cranes were "finally working."'
    quotes, _ = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].cue == "adding"
    assert quotes[0].text.startswith("that the cranes")


def test_clause_of_time_after_a_quote_is_not_its_cue(quotes_of: Finder) -> None:
    text = (
        "Ines Varga answered, “That is my job,” when Paul Roth pressed her on the budget.\n\n"
        "The video shows Ines Varga saying during the hearing, “I read every line,” "
        "as Paul Roth asked her about the budget."
    )
    quotes, _ = quotes_of(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("That is my job", "Ines Varga"),
        ("I read every line", "Ines Varga"),
    ]
