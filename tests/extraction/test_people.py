"""Who a surname, title, description or pronoun refers to, when several people share a surname or
a gender; ambiguous and unresolved speakers; organisations and non-sources. Sentences written here."""

from __future__ import annotations

import pytest

from claims.extraction.pipeline import extract_text
from claims.extraction.types import Extraction, Quote


def quote_with(ex: Extraction, text: str, words: str) -> Quote:
    for q in ex.quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker_span is not None:
            assert text[q.speaker_span.start : q.speaker_span.end] == q.speaker_text
        if words in q.text:
            return q
    raise AssertionError(f"no quote contains {words!r}")


FAMILY = (
    "President Carl Bergman met Senator Ruth Halvorsen in the capital on Monday.\n\n"
    "Bergman, who leads the coalition, spoke for an hour. His wife, Greta Bergman, sat in the front row. "
    "Halvorsen listened. Her husband, Nils Halvorsen, a farmer, waited outside.\n\n"
    "“The budget is ready,” Bergman said.\n\n"
    "“We will read it first,” Halvorsen said.\n\n"
    "“I enjoyed the evening,” Mrs. Bergman said.\n\n"
    "“It was a long day,” Mr. Halvorsen said."
)


@pytest.fixture(scope="module")
def family() -> Extraction:
    return extract_text(FAMILY)


def test_bare_surname_is_the_prominent_person_not_the_relative(family: Extraction) -> None:
    assert quote_with(family, FAMILY, "The budget is ready").speaker == "Carl Bergman"
    assert quote_with(family, FAMILY, "We will read it first").speaker == "Ruth Halvorsen"


def test_honorific_picks_the_person_of_that_gender(family: Extraction) -> None:
    assert quote_with(family, FAMILY, "I enjoyed the evening").speaker == "Greta Bergman"
    assert quote_with(family, FAMILY, "It was a long day").speaker == "Nils Halvorsen"


def test_two_equally_prominent_people_with_one_surname_are_ambiguous() -> None:
    text = "Peter Lund met Maria Lund at the bakery on Friday.\n\n“Bread is back,” Lund said."
    q = quote_with(extract_text(text), text, "Bread is back")
    assert q.speaker_status == "ambiguous"
    assert set(q.speaker_candidates) == {"Peter Lund", "Maria Lund"}
    assert q.speaker == q.speaker_candidates[0]
    assert q.speaker_confidence < 0.5


def test_pronoun_with_nobody_to_refer_to_is_unresolved() -> None:
    text = "The bridge reopened on Tuesday.\n\n“It took too long,” he said."
    q = quote_with(extract_text(text), text, "It took too long")
    assert q.speaker is None
    assert q.speaker_kind is None
    assert q.speaker_status == "unresolved"
    assert q.speaker_display == "unknown speaker (he)"


def test_pronoun_follows_gender_past_a_nearer_man() -> None:
    text = (
        "Judge Olivia Brandt heard the case in March. Prosecutor Tomas Weller asked for a delay, "
        "and Weller's deputy agreed.\n\n"
        "“The court will not wait,” she said."
    )
    q = quote_with(extract_text(text), text, "The court will not wait")
    assert q.speaker == "Olivia Brandt"


def test_definite_description_resolves_to_the_person_with_that_role() -> None:
    text = (
        "Mayor Ana Duarte and Police Chief Rui Costa toured the flooded district on Sunday.\n\n"
        "“We will rebuild every street,” the mayor said.\n\n"
        "“Nobody was hurt,” the chief said."
    )
    ex = extract_text(text)
    assert quote_with(ex, text, "We will rebuild").speaker == "Ana Duarte"
    assert quote_with(ex, text, "Nobody was hurt").speaker == "Rui Costa"


def test_description_of_a_relative_nobody_names_is_unresolved() -> None:
    text = "I grew up on a farm.\n\n“Work before play,” my father said."
    q = quote_with(extract_text(text), text, "Work before play")
    assert q.speaker is None and q.speaker_status == "unresolved"


def test_country_and_city_used_as_source_are_organisations() -> None:
    text = (
        "France and Japan met in Geneva.\n\n"
        "“We reject the plan,” Paris said on Monday.\n\n"
        "“The talks will go on,” Japan said."
    )
    ex = extract_text(text)
    for words, name in (("We reject the plan", "Paris"), ("The talks will go on", "Japan")):
        q = quote_with(ex, text, words)
        assert (q.speaker, q.speaker_kind) == (name, "organisation")
    assert not any(s.kind == "person" and s.name in ("Paris", "Japan") for s in ex.speakers)


def test_person_named_after_an_organisation_title_is_a_person() -> None:
    text = "“The talks were useful,” Chinese Foreign Ministry spokesman Wang Wenbin said on Friday."
    q = quote_with(extract_text(text), text, "The talks were useful")
    assert (q.speaker, q.speaker_kind) == ("Wang Wenbin", "person")


def test_headline_capitals_are_not_a_name() -> None:
    text = (
        "Envoy Praises Karlsson Over Trade Deal\n\n"
        "Ambassador Elin Karlsson signed the trade deal on Monday.\n\n"
        "“It is a fair deal,” Karlsson said."
    )
    ex = extract_text(text)
    assert quote_with(ex, text, "It is a fair deal").speaker == "Elin Karlsson"
    assert all("Praises" not in s.name for s in ex.speakers)


def test_speaker_aliases_are_full_names_only() -> None:
    text = (
        "Kenji Morita, director of the Osaka Institute for Maritime Studies, spoke.\n\n"
        "“Ports are the key,” Morita said.\n\n"
        "Kenzi Morita, director of the Osaka Institute of Maritime Study, said: “We need cranes.”"
    )
    ex = extract_text(text)
    (ref,) = [s for s in ex.speakers if s.kind == "person"]
    assert ref.name == "Kenji Morita"
    assert all(len(a.split()) > 1 for a in ref.aliases)


def test_juror_number_after_a_named_person_is_an_anonymous_source() -> None:
    text = "Tom Nichols testified for two days.\n\n“We were searching,” Juror No. 12 said."
    q = quote_with(extract_text(text), text, "We were searching")
    assert (q.speaker, q.speaker_kind) == ("Juror No. 12", "anonymous")


def test_number_alone_after_the_cue_is_an_anonymous_source() -> None:
    text = "The jury met on Monday.\n\n“Fine,” said No. 12."
    q = quote_with(extract_text(text), text, "Fine")
    assert (q.speaker, q.speaker_kind) == ("No. 12", "anonymous")


def test_shorter_form_of_a_long_name_is_the_same_person() -> None:
    text = (
        "Ahmad Shah Massoud Rahimi opened the clinic on Monday. Massoud Rahimi is its director.\n\n"
        "“We treat everyone,” he said."
    )
    ex = extract_text(text)
    assert quote_with(ex, text, "We treat everyone").speaker == "Ahmad Shah Massoud Rahimi"
    assert [s.name for s in ex.speakers if s.kind == "person"] == ["Ahmad Shah Massoud Rahimi"]


def test_surname_misspelt_by_one_letter_is_the_person_named_in_full() -> None:
    text = "Councilwoman Tamsin Gallagher spoke at the meeting.\n\n“The vote is tonight,” Galagher said."
    q = quote_with(extract_text(text), text, "The vote is tonight")
    assert q.speaker == "Tamsin Gallagher"


def test_definite_organisation_noun_refers_to_the_organisation_named_before() -> None:
    text = (
        "The Harbour Safety Commission met on Monday to review the ferry crash.\n\n"
        "“The crew followed the rules,” the commission said in its report."
    )
    q = quote_with(extract_text(text), text, "The crew followed the rules")
    assert (q.speaker, q.speaker_kind, q.speaker_status) == (
        "Harbour Safety Commission",
        "organisation",
        "resolved",
    )


def test_they_after_a_named_organisation_is_that_organisation() -> None:
    text = (
        "The Northern Rail Workers Union rejected the offer on Friday.\n\n"
        "“It does not keep up with prices,” they said."
    )
    q = quote_with(extract_text(text), text, "It does not keep up")
    assert q.speaker_kind == "organisation" and "Northern Rail Workers Union" in (q.speaker or "")


def test_relative_pronoun_after_an_apposition_is_the_person_named() -> None:
    text = (
        "The senate met on Tuesday. Its leader is Lena Marsh, now the committee chairwoman, "
        "who said the bill was “a good start for the country.”"
    )
    q = quote_with(extract_text(text), text, "a good start")
    assert (q.speaker, q.speaker_text) == ("Lena Marsh", "who")


def test_short_name_of_an_organisation_named_in_full_before_is_the_full_name() -> None:
    text = (
        "The Albany Daily Times published the audit on Sunday.\n\n"
        "“The figures do not add up,” the Times said in an editorial."
    )
    q = quote_with(extract_text(text), text, "The figures do not add up")
    assert (q.speaker, q.speaker_kind) == ("Albany Daily Times", "organisation")


def test_people_named_only_in_boilerplate_are_never_candidates() -> None:
    from claims.extraction.nlp import load_nlp
    from claims.extraction.people import PeopleIndex

    related = "Related: Senator Victor Hale opens new bridge"
    text = f"{related}\n\nThe council voted on Monday.\n\n“It took too long,” he said."
    doc = load_nlp()(text)
    index = PeopleIndex(doc, [(0, len(related))])
    assert index.people == []
    he = next(t for t in doc if t.lower_ == "he")
    assert index.resolve_pronoun(he).status == "unresolved"
    assert PeopleIndex(doc).people  # the same name outside boilerplate is a candidate


def test_a_name_inside_the_quote_is_not_who_he_is() -> None:
    text = (
        "Henrik Dale, who chairs the party's youth wing, was not impressed.\n\n"
        "“Nobody sings for Olsen. Karl Berg had a band,” he said."
    )
    q = quote_with(extract_text(text), text, "Nobody sings for Olsen")
    assert q.speaker == "Henrik Dale"


def test_surname_matches_across_apostrophes_and_diacritics() -> None:
    text = (
        "Police Commissioner Sean O’Dowd spoke first, then Mayor Zeynep Erdoğan.\n\n"
        "“The street is closed,” said O'Dowd.\n\n"
        "“We will reopen it soon,” Erdogan said."
    )
    ex = extract_text(text)
    assert quote_with(ex, text, "The street is closed").speaker == "Sean O’Dowd"
    assert quote_with(ex, text, "We will reopen it soon").speaker == "Zeynep Erdoğan"


def test_given_name_and_surname_tagged_as_an_organisation_is_a_person() -> None:
    from spacy.tokens import Span

    from claims.extraction.nlp import load_nlp
    from claims.extraction.people.index import looks_like_person

    doc = load_nlp()("The report came from James Holloway and Harbour Logistics on Monday.")
    assert looks_like_person(Span(doc, 4, 6, label="ORG"))  # "James Holloway"
    assert not looks_like_person(Span(doc, 7, 9, label="ORG"))  # "Harbour Logistics"
