"""A figure as a proposition: what is measured, of whom, narrowed how, when and where.

The parts come from the figure's place in the parse, read the way a grammar book reads them:

- the figure modifies a noun ("a $5 million grant", "a 73% approval rating") or is the object of
  "of" after one ("a loss of $2 billion", "growth of 3%"): that noun is the measure, its
  possessor the subject ("Japan's assistance");
- the figure is the complement of a verb of being or measuring ("totals", "was", "rose to"):
  the verb's subject is the measure ("Japan's assistance to Ukraine totals $7.6 billion");
- the figure is the object of any other verb ("Japan contributed $30 million"): the verb is the
  measure and its actor the subject;
- the figure (people counted, a share of people) is the subject of a verb ("five people were
  killed", "46% support Clinton"): the predicate is the measure, its object the subject;
- a poll's "46% for Clinton": the person after "for" is the subject and the measure is support.

Prepositional phrases on the figure, the measure and the verb are the qualifiers ("of Democrats
in Hillsborough County", "among likely voters"); a place entity among them is the place, a date
attached to the verb the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .events import actors_of, entity_text, subject_tokens
from .lexicon import wordnet
from .quantity_numbers import words

if TYPE_CHECKING:
    from .claimset import ClaimContext

# Verbs whose subject is the thing measured and whose complement is its amount: "be", and the
# verbs of reaching or changing a level. Any other verb is an act (pay, kill, raise) and is the
# measure itself.
LEVEL_VERBS = words(
    """be total reach stand amount come exceed top hit rise fall increase decrease grow drop climb
    jump remain equal hover sit decline slip average run sink soar surge plunge double triple near
    approach go shrink slide tumble edge dip balloon swell represent account touch"""
)
# Nouns of a bare amount that say nothing of what is measured ("a total of $5 million").
AMOUNT_NOUNS = words("total sum amount figure number level value worth tune rate")


def _vague(noun: Token, skip: Span | None = None) -> bool:
    """A bare amount noun ("the total", "a rate"); with modifiers it names a measure ("a 30 percent
    effective tax rate", "the unemployment rate")."""
    return noun.lemma_.lower() in AMOUNT_NOUNS and " " not in compact(noun, skip)


def verb_word(verb: Token) -> str:
    """The verb's dictionary form with its particle ("make up", "sign up"). The tagger's lemma is
    checked against WordNet and mended from the written form when it is no verb ("fined" is
    lemmatised "fin")."""
    lemma = verb.lemma_.lower()
    written = verb.lower_
    if (
        written == f"{lemma}ed"
        and re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma)
        and wordnet.known(f"{lemma}e", "verb")
    ):
        # A short verb ending consonant-vowel-consonant doubles its consonant before "-ed"
        # ("plan", "planned"), so "fined" is "fine" + "d", not "fin" + "ed".
        lemma = f"{lemma}e"
    elif not wordnet.known(lemma, "verb"):
        for cut, add in (("d", ""), ("ed", ""), ("s", ""), ("es", ""), ("ing", ""), ("ing", "e")):
            if written.endswith(cut) and wordnet.known(written[: -len(cut)] + add, "verb"):
                lemma = written[: -len(cut)] + add
                break
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return " ".join([lemma, *particles])


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_QUALIFIER_PREPS = words(
    "of in among for to from on at with across within between by under over after before during"
)
_MAX_PHRASE = 9  # tokens: a qualifier longer than this is a clause, not a narrowing phrase


@dataclass(frozen=True)
class Parts:
    measure: str | None = None
    subject: str | None = None
    qualifiers: tuple[str, ...] = ()
    date: str | None = None
    date_text: str | None = None
    place: str | None = None
    label: str | None = None  # the statement's left side: "Japan's assistance to Ukraine"
    share: str | None = None  # the whole a percentage is of ("of GDP"), written after the figure
    act: Token | None = None  # the verb that did what the figure counts, when not the figure's head


def _phrase(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def compact(noun: Token, skip: Span | None = None) -> str:
    """The noun with its compound and adjective modifiers ("approval rating", "defence spending")."""
    doc = noun.doc
    left = noun.i
    while left > 0:
        previous = doc[left - 1]
        inside = skip is not None and skip.start <= previous.i < skip.end
        modifier = previous.dep_ in ("compound", "amod", "nmod") or (
            previous.text in ("-", "–") and not previous.whitespace_
        )
        if left <= previous.head.i <= noun.i and not inside and not previous.like_num and modifier:
            left -= 1
            continue
        break
    text = doc[left : noun.i + 1].text
    first = doc[left]
    if first.is_sent_start and first.pos_ != "PROPN" and not first.text.isupper():
        text = text[:1].lower() + text[1:]  # "Defence spending ..." opening a sentence
    return text


def of_name(noun: Token) -> Token | None:
    """ "margin of error", "cost of living", "rate of return": an "of" right after the noun whose
    object is one bare singular noun (no determiner, possessor, number or modifier) names one
    thing with it, a compound written with "of". "the cost of the war" is a noun narrowed by a
    phrase instead."""
    doc = noun.doc
    if noun.i + 2 >= len(doc):
        return None
    prep, obj = doc[noun.i + 1], doc[noun.i + 2]
    if prep.lower_ != "of" or prep.head.i != noun.i or obj.head.i != prep.i or obj.dep_ != "pobj":
        return None
    if (
        obj.tag_ != "NN"
        or obj.ent_type_
        or obj.like_num
        or any(c.i < obj.i or c.dep_ != "prep" for c in obj.children)
    ):
        return None
    return obj


def measure_head(noun: Token) -> Token:
    """The noun a measure is named by: "margin" for "error" in "a margin of error of 4%"."""
    above = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else None
    if (
        above is not None
        and above.pos_ == "NOUN"
        and (named := of_name(above)) is not None
        and named.i == noun.i
    ):
        return above
    return noun


def name_of(ctx: ClaimContext, token: Token) -> str | None:
    """A name for ``token`` (full name for a surname, a resolved pronoun), else its noun phrase."""
    names, _ = actors_of(ctx, token)
    if names:
        return " and ".join(names)
    if token.pos_ == "PRON":
        return None
    ent = ctx.entity(token)
    if ent is not None and ent.label_ in NAME_LABELS:
        return ctx.full_name(entity_text(ent), ent.label_)
    if token.pos_ in ("NOUN", "PROPN"):
        left = token.left_edge.i
        while left < token.i and token.doc[left].dep_ in ("det", "predet", "poss", "case"):
            left += 1
        return token.doc[left : token.i + 1].text
    return None


# A nationality adjective names its country when counting which country an article is about.
_COUNTRY_OF = {"japanese": "Japan", "american": "United States", "chinese": "China", "british": "Britain",
               "french": "France", "german": "Germany", "russian": "Russia", "indian": "India",
               "ukrainian": "Ukraine", "korean": "Korea", "canadian": "Canada", "italian": "Italy"}  # fmt: skip

# Verbs whose object is wanted, not had: "the party wants defence spending of 2% of GDP" is no
# spending of the party's.
WISH_VERBS = frozenset(
    {"want", "seek", "propose", "plan", "hope", "aim", "expect", "need", "demand", "urge", "call"}
)


def actor(ctx: ClaimContext, verb: Token) -> str | None:
    """Who does ``verb``: the named actors of its subject, else the subject's plain noun phrase.

    Like :func:`.events.describe_actor` without the clause's entities, which cost a scan of the
    clause per figure (a 300-item sentence of amounts would take minutes).
    """
    subjects, _ = subject_tokens(verb)
    names: list[str] = []
    for token in subjects:
        for name in actors_of(ctx, token)[0]:
            if name not in names:
                names.append(name)
    if names:
        return " and ".join(names)
    if not subjects:
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if subjects and subjects[0].lower_ in ("which", "that", "who") and subjects[0].head.dep_ == "relcl":
        subjects = [subjects[0].head.head]  # "the Northern Dispatch group, which prints 42 papers"
    if subjects and subjects[0].pos_ in ("NOUN", "PROPN"):
        if subjects[0].lower_ == "government" and not any(
            c.dep_ in ("amod", "compound", "poss") for c in subjects[0].children
        ):
            country = salient_country(ctx)
            if country is not None:
                return country  # "the government has invested": the government of the article's country
        return name_of(ctx, subjects[0])
    return None


def salient_country(ctx: ClaimContext) -> str | None:
    """The country an article is about: the place it names most, if it names one at least three
    times and half again as often as any other (a bare "the government" is that country's)."""
    if hasattr(ctx, "_salient_country"):
        cached: str | None = ctx._salient_country
        return cached
    counts: dict[str, int] = {}
    for ent in ctx.doc.ents:
        if ent.label_ in ("GPE", "NORP") and not ctx.skipped(ent.start_char, ent.end_char):
            name = _COUNTRY_OF.get(ent.text.casefold(), ent.text)
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    found = None
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or 2 * ranked[0][1] >= 3 * ranked[1][1]):
        found = ranked[0][0]
    ctx._salient_country = found  # type: ignore[attr-defined]
    return found


def _possessor(ctx: ClaimContext, noun: Token) -> str | None:
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return name_of(ctx, child)
        if child.dep_ == "poss" and child.pos_ == "PRON":
            return name_of(ctx, child)
    return None


def _prep_phrase(prep: Token) -> str | None:
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objects:
        return None
    tokens = [t for t in prep.subtree if t.dep_ not in ("relcl", "acl", "appos") or t is objects[0]]
    tokens = [t for t in tokens if not t.is_space]
    end = tokens[0].i
    for t in tokens:
        if t.i - prep.i >= _MAX_PHRASE or (t.is_punct and t.text not in ("-", "–", "'s", "’s", ".")):
            break
        end = t.i
    text = prep.doc[prep.i : end + 1].text.rstrip(" ,;")
    return text if " " in text else None


def _date_of(ctx: ClaimContext, verb: Token | None, tokens: list[Token]) -> tuple[str | None, str | None]:
    """The resolved date attached to the verb, or a date entity inside the figure's own phrases."""
    candidates = list(ctx.dates_by_verb().get(verb.i, [])) if verb is not None else []
    for dated in candidates:
        if dated.value:
            head = dated.ent.root.head
            text = dated.ent.text
            if head.dep_ == "prep" and head.i == dated.ent.start - 1:
                text = f"{head.text} {text}"
            return dated.value, text
    # The first dated entity, in the text's order, that starts inside the phrases.
    by_start = ctx.dates_by_start()
    for i in sorted({t.i for t in tokens}):
        for dated in by_start.get(i, ()):
            if dated.value:
                return dated.value, dated.ent.text
    return None, None


class _Builder:
    def __init__(self, ctx: ClaimContext, span: Span, anchor: Token) -> None:
        self.ctx = ctx
        self.span = span
        self.anchor = anchor
        self.used: set[int] = set(range(span.start, span.end))
        self.qualifiers: list[str] = []
        self.qualifier_tokens: list[Token] = []

    def measure(self, noun: Token, skip: Span | None = None) -> str:
        """The measure ``noun`` names: its compact form, with its "of" compound ("margin of
        error"), which is then part of the measure, not a qualifier."""
        text = compact(noun, skip)
        obj = of_name(noun)
        if obj is None:
            return text
        self.used.update((obj.i - 1, obj.i))
        return f"{text} of {obj.text.lower()}"

    def add_preps(self, token: Token, *, exclude: tuple[str, ...] = ()) -> None:
        for child in token.children:
            if child.dep_ != "prep" or child.i in self.used or child.lower_ in exclude:
                continue
            if child.lower_ not in _QUALIFIER_PREPS:
                continue
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if (
                objects
                and (ent := self.ctx.entity(objects[0])) is not None
                and ent.label_ in ("DATE", "TIME")
            ):
                continue  # the date, not a qualifier
            if any(self.span.start <= t.i < self.span.end for t in child.subtree):
                continue
            phrase = _prep_phrase(child)
            if phrase and phrase not in self.qualifiers:
                self.qualifiers.append(phrase)
                self.qualifier_tokens.extend(child.subtree)
                self.used.update(t.i for t in child.subtree)


def _clause(anchor: Token, span: Span) -> tuple[str, Token | None, Token | None]:
    """The figure's role: ("noun", noun, verb), ("object", None, verb), ("subject", None, verb)."""
    token = anchor
    while span.start <= token.head.i < span.end and token.head.i != token.i and token.head.pos_ != "ADP":
        token = token.head  # "minus 3%": the phrase's head is "minus"
    while (
        token.like_num
        and token.dep_ in ("quantmod", "compound", "nmod")
        and token.head.like_num
        and 0 < token.head.i - token.i <= 8
    ):
        token = token.head  # "$500,000 to more than $1 million": the range's far end carries the role
    for _ in range(3):
        coordinated = token.dep_ == "conj" and token.head.dep_ in (
            "dobj",
            "attr",
            "nsubj",
            "pobj",
            "npadvmod",
            "conj",
        )
        if coordinated or token.dep_ == "appos":
            token = token.head
        else:
            break
    head = token.head
    if token.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod") and head.pos_ in ("NOUN", "PROPN"):
        while head.dep_ == "compound" and head.head.pos_ == "NOUN" and head.head.i > head.i:
            head = head.head  # "a 15 percent polling threshold": the threshold
        return "noun", head, _verb_above(head)
    if token.dep_ == "npadvmod" and head.dep_ == "amod" and head.head.pos_ == "NOUN":
        return "noun", head.head, _verb_above(head.head)  # "a 30 percent effective tax rate"
    if token.dep_ == "pobj" and head.dep_ == "prep":
        above = head.head
        degree = above.pos_ in ("ADJ", "ADV") and above.dep_ in ("acomp", "advmod")
        if degree and above.head.pos_ in ("VERB", "AUX"):
            return "object", None, above.head  # "goes as high as 39.6 percent"
        if above.pos_ in ("NOUN", "PROPN") and head.lower_ in ("of", "at", "with") and above.i < head.i:
            return "noun", above, _verb_above(above)
        if above.pos_ in ("VERB", "AUX"):
            return "object", None, above
        return "none", None, _verb_above(above)
    if token.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return "subject", None, head
    if token.dep_ == "npadvmod" and head.pos_ in ("ADJ", "ADV") and head.head.pos_ in ("VERB", "AUX"):
        return "object", None, head.head  # "costs 50 pence more"
    if token.dep_ in ("dobj", "attr", "oprd", "npadvmod", "dative", "acomp", "advmod") and head.pos_ in (
        "VERB",
        "AUX",
    ):
        return "object", None, head
    return "none", None, _verb_above(token)


def _verb_above(token: Token) -> Token | None:
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current is not token:
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def _nominal_subject(verb: Token) -> Token | None:
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("which", "that", "who") and current.dep_ == "relcl":
                    return current.head  # "salaries that touch $16.50": the salaries
                return child
        if current.dep_ == "ccomp" and current.head.pos_ == "VERB":
            # "explaining the firings amounted to 1 percent": the parser took the clause's
            # subject for the object of the verb above it.
            before = [c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i]
            if (
                before
                and before[-1].pos_ in ("NOUN", "PROPN")
                and before[-1].right_edge.i + 1 == current.left_edge.i
            ):
                return before[-1]
        if current.dep_ in ("xcomp", "conj", "advcl") and current.head.pos_ in ("VERB", "AUX"):
            current = current.head
        else:
            break
    return None


def _object_of(verb: Token, span: Span) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and not span.start <= child.i < span.end:
            return child
    return None


def _is_people(token: Token) -> bool:
    """A group of people ("Democrats", "voters", "Americans"): a plural noun, a NORP entity or a
    noun WordNet files under persons and social groups."""
    if token.ent_type_ == "NORP" or token.tag_ in ("NNS", "NNPS"):
        return True
    # A collective noun of people ("the youth", "the sales force", "the country" as its people)
    compounds = [c.lower_ for c in token.lefts if c.dep_ == "compound"]
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (
        wordnet.names_people(" ".join([*compounds, lemma])) or wordnet.names_people(lemma)
    )


def _poll_name(ctx: ClaimContext, span: Span) -> tuple[str, int] | None:
    """ "46% for Clinton": the person or party right after "for", and the token after the name."""
    doc = ctx.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "for":
        return None
    ent = ctx.entity(doc[span.end + 1])
    if ent is None or ent.label_ not in ("PERSON", "ORG", "NORP") or ent.start != span.end + 1:
        return None
    return ctx.full_name(entity_text(ent), ent.label_), ent.end


# Verbs of standing in a contest: "Clinton beats Trump by 46 percent to 42 percent".
CONTEST_VERBS = words("beat lead top trail edge outpace outpoll defeat")
_SHARE_WORDS = frozenset({"percent", "%", "points", "pct"})


def _side(ctx: ClaimContext, token: Token) -> Span | None:
    ent = ctx.entity(token)
    if ent is None or ent.label_ not in ("PERSON", "ORG", "NORP") or ent.end != token.i + 1:
        return None
    return ent


def _poll_pair(ctx: ClaimContext, anchor: Token) -> tuple[str, Token] | None:
    """ "Clinton beats Trump by 46 percent to 42 percent", "Smith leads Jones by 48% to 40%": two
    named sides of a contest scored "by A to B" give the first share to the first side and the
    second to the other. Read from the words in order, as the parser often takes "beats" for an
    auxiliary here. Returns the side's name and the other share's preposition."""
    doc = ctx.doc
    k = anchor.i
    if anchor.lower_ not in _SHARE_WORDS or k < 5:
        return None

    def share_at(i: int) -> bool:  # "46 percent" ending at i
        return 0 < i < len(doc) and doc[i].lower_ in _SHARE_WORDS and doc[i - 1].like_num

    if doc[k - 2].lower_ == "by" and k + 3 < len(doc) and doc[k + 1].lower_ == "to" and share_at(k + 3):
        by, other, first = k - 2, doc[k + 1], True
    elif doc[k - 2].lower_ == "to" and share_at(k - 3) and k >= 8 and doc[k - 5].lower_ == "by":
        by, other, first = k - 5, doc[k - 5], False
    else:
        return None
    second_side = _side(ctx, doc[by - 1])
    if second_side is None or second_side.start < 2:
        return None
    verb = doc[second_side.start - 1]
    if verb.lemma_.lower() not in CONTEST_VERBS and verb.lower_.rstrip("s") not in CONTEST_VERBS:
        return None
    first_side = _side(ctx, doc[verb.i - 1])
    if first_side is None:
        return None
    side = first_side if first else second_side
    return ctx.full_name(entity_text(side), side.label_), other


def _object_before(verb: Token, span: Span) -> Token | None:
    """ "It has a margin of error +/- 4 percent": a figure set right after another object of its
    verb, with only signs between, is that noun's value (an apposition the parser split)."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ != "dobj" or child.pos_ != "NOUN" or child.i >= span.start:
            continue
        between = doc[child.right_edge.i + 1 : span.start]
        if all(not any(ch.isalnum() for ch in t.text) for t in between):
            return child
    return None


def _group_after(ctx: ClaimContext, span: Span, anchor: Token) -> str | None:
    """The people group named right after a share: "3% Polish American", "12 percent Hispanic"."""
    doc = ctx.doc
    if span.end >= len(doc):
        return None
    group = next((c for c in anchor.children if c.dep_ in ("appos", "amod") and c.i >= span.end), None)
    if group is None or doc[span.end].ent_type_ != "NORP" or group.i - span.end > 3:
        return None
    return doc[span.end : group.i + 1].text


def _relative_act(span: Span) -> Token | None:
    """ "the $18 million he raised", "the 40 jobs that the plant cut": a relative clause on the
    figure whose verb has no object of its own (the figure is its object) says what was done;
    through a verb of saying ("the $18 million he says he raised")."""
    for token in span:
        if span.start <= token.head.i < span.end and token.head.i != token.i:
            continue
        for clause in token.children:
            if clause.dep_ != "relcl" or clause.pos_ != "VERB" or clause.left_edge.i != span.end:
                continue
            if clause.left_edge.is_punct:
                continue  # a restrictive clause right after the figure, not one after a bracket
            verb = clause
            inner = [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB"]
            if verb.lemma_.lower() in SAYING_VERBS and inner:
                verb = inner[0]
            own = [
                c for c in verb.children if c.dep_ in ("dobj", "attr") and c.lower_ not in ("that", "which")
            ]
            actors = [
                c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("who", "that", "which")
            ]  # "the people who depend on it" is the figure's own act; "$4 million to repair" no act
            if (
                actors
                and not own
                and verb.lemma_.lower() not in LEVEL_VERBS
                and verb.lemma_.lower() not in SAYING_VERBS
            ):
                return verb
    return None


SAYING_VERBS = words("say claim think believe estimate report tell insist argue suggest expect")


def proposition(ctx: ClaimContext, span: Span, anchor: Token, kind: str, population: str | None) -> Parts:
    """The parts of the figure at ``span`` whose head token is ``anchor``.

    ``kind`` is money | percent | count; ``population`` is what a count counts ("people").
    """
    b = _Builder(ctx, span, anchor)
    role, noun, verb = _clause(anchor, span)
    act = _relative_act(span) if role in ("object", "none") else None
    if act is not None:
        role, verb = "object", act
    elif role == "object" and verb is not None:
        before = _object_before(verb, span)
        if before is not None:
            role, noun = "noun", before
    if noun is not None:
        noun = measure_head(noun)
    measure: str | None = None
    subject: str | None = None
    label: str | None = None
    measure_noun: Token | None = None

    # The figure's own "in"/"of" phrase names what money is ("$7.6 billion in assistance").
    if kind == "money":
        doc = ctx.doc
        after = [doc[span.end]] if span.end < len(doc) and doc[span.end].dep_ == "prep" else []
        # "wrote off €2.5bn in loans": the phrase right after the amount, wherever the parser hung it
        for child in [*anchor.children, *after]:
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                objects = [
                    c
                    for c in child.children
                    if c.dep_ == "pobj"
                    and c.pos_ in ("NOUN", "PROPN")
                    and c.ent_type_ not in ("DATE", "TIME")
                ]
                if objects and objects[0].lemma_.lower() not in AMOUNT_NOUNS:
                    measure_noun = objects[0]
                    b.used.update((child.i, *range(objects[0].left_edge.i, objects[0].i + 1)))
                    break
    share_of: Token | None = None
    share: str | None = None
    who: str | None = None  # a share of people: "Democrats in Hillsborough County"
    poll = _poll_name(ctx, span) if kind == "percent" else None
    if poll is not None:
        subject, measure = poll[0], "support"
        b.used.update(range(span.end, poll[1]))
        label = f"Support for {poll[0]}"
    elif kind == "percent" and (pair := _poll_pair(ctx, anchor)) is not None:
        subject, measure = pair[0], "support"
        b.used.update(t.i for t in pair[1].subtree)
        b.used.update((pair[1].i, anchor.head.i))
        label = f"Support for {pair[0]}"
        poll = (pair[0], span.end)
    if kind == "percent":
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                phrase = _prep_phrase(child)
                if objects and phrase:
                    share_of = objects[0]
                    b.qualifiers.append(phrase)
                    b.qualifier_tokens.extend(child.subtree)
                    b.used.update(t.i for t in child.subtree)
                    break
        b.add_preps(anchor)
        if share_of is not None and _is_people(share_of):
            who = " ".join(q.removeprefix("of ") for q in b.qualifiers)
        elif share_of is not None:
            share = next((q for q in b.qualifiers if q.startswith("of ")), None)

    if poll is not None:
        pass
    elif measure_noun is not None:
        measure = b.measure(measure_noun)
        b.add_preps(measure_noun)
        if verb is not None:
            subject = actor(ctx, verb)
    elif role == "noun" and noun is not None and not _vague(noun, span):
        measure_noun = noun
        measure = b.measure(noun, span)
        subject = _possessor(ctx, noun)
        governor = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" else None
        if (
            subject is None
            and governor is not None
            and governor.pos_ == "VERB"
            and governor.lemma_ not in WISH_VERBS
        ):
            # "he took a $916 million loss", "Trump claimed a loss of $916 million": whose loss
            # is the actor's of the verb it is the object of.
            subject = actor(ctx, governor)
        b.add_preps(noun)
    elif role == "noun" and noun is not None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ == "VERB":
        # "invested a total of $1.5 billion in assistance to Ukraine": a bare amount noun; what is
        # measured is what the verb puts it in (else the verb), whose is the verb's actor.
        governor = noun.head
        target = next(
            (g for p in governor.children if p.dep_ == "prep" and p.lower_ in ("in", "on", "for", "into")
             for g in p.children if g.dep_ == "pobj" and g.pos_ == "NOUN"),
            None,
        )  # fmt: skip
        if target is not None:
            measure_noun = target
            measure = b.measure(target)
            b.used.update(t.i for t in target.head.subtree if t.i <= target.i)
            b.add_preps(target)
        else:
            measure = verb_word(governor)
        if governor.lemma_ not in WISH_VERBS:
            subject = actor(ctx, governor)
        verb = governor
    elif (
        role == "object"
        and verb is not None
        and verb.dep_ == "acl"
        and verb.tag_ in ("VBG", "VBN")
        and verb.head.pos_ == "NOUN"
    ):
        # "announced support for Ukraine totaling $7.6 billion": the noun the participle hangs on
        # is what is measured, whose is the actor of the verb above it, and its phrases narrow it.
        measure_noun = verb.head
        for _ in range(4):  # "support for Ukraine and its neighbours totaling ...": the support
            if measure_noun.dep_ == "conj":
                measure_noun = measure_noun.head
            elif (
                measure_noun.dep_ == "pobj"
                and measure_noun.head.dep_ == "prep"
                and measure_noun.head.head.pos_ == "NOUN"
            ):
                measure_noun = measure_noun.head.head
            else:
                break
        measure = b.measure(measure_noun)
        b.used.add(verb.i)
        b.add_preps(measure_noun)
        subject = _possessor(ctx, measure_noun)
        governor = measure_noun.head
        if subject is None and measure_noun.dep_ in ("dobj", "pobj") and governor.pos_ in ("VERB", "ADP"):
            governor = governor.head if governor.pos_ == "ADP" else governor
            if governor.pos_ == "VERB" and governor.lemma_ not in WISH_VERBS:
                subject = actor(ctx, governor)
        verb = governor if governor.pos_ == "VERB" else verb
    elif role == "object" and verb is not None:
        nsubj = _nominal_subject(verb)
        lemma = verb.lemma_.lower()
        # "The fine amounts to £3m": the tagger may take a subject noun for an adjective.
        group = _group_after(ctx, span, anchor) if kind == "percent" and lemma == "be" else None
        if group is not None and nsubj is not None:
            # "Florida is nearly 3% Polish American": the share of the place's people in a group
            measure, subject = group, name_of(ctx, nsubj)
            label = f"Share of {subject} that is {group}" if subject else None
        elif lemma in LEVEL_VERBS and nsubj is not None and nsubj.pos_ in ("NOUN", "PROPN", "ADJ"):
            # A common noun is what is measured even when the tagger took it for a name.
            names = actors_of(ctx, nsubj)[0] if nsubj.pos_ == "PROPN" else []
            if names or _vague(nsubj):
                subject = " and ".join(names) if names else _possessor(ctx, nsubj)
                if names == [] and _vague(nsubj):
                    b.add_preps(nsubj)
            else:
                measure_noun = nsubj
                measure = b.measure(nsubj)
                subject = _possessor(ctx, nsubj)
                b.add_preps(nsubj)
        elif lemma not in LEVEL_VERBS:
            measure = verb_word(verb)
            subject = actor(ctx, verb)
            if kind == "count":
                measure = population
            obj = _object_of(verb, span)
            obj_text = ""
            if obj is not None and obj.right_edge.i - obj.left_edge.i < 6:
                obj_text = ctx.doc[obj.left_edge.i : obj.right_edge.i + 1].text
                b.used.update(t.i for t in obj.subtree)
            label = " ".join(p for p in (subject, verb.text, obj_text) if p)
        else:
            subject = name_of(ctx, nsubj) if nsubj is not None else None
    elif role == "subject" and verb is not None:
        passive = anchor.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children)
        measure = verb.text.lower() if passive else verb_word(verb)
        obj = _object_of(verb, span)
        if obj is not None and (ent := ctx.entity(obj)) is not None and ent.label_ in NAME_LABELS:
            subject = name_of(ctx, obj)  # "46% support Clinton": the figure is about Clinton
        who = who or population
        if verb.lemma_.lower() == "be":
            attr = _object_of(verb, span)
            state = next((c for c in verb.children if c.dep_ == "acomp"), None)
            if attr is not None:
                measure = b.measure(attr)
            elif state is not None:
                measure = state.lower_  # "58 percent of the youth is unemployed": the state counted
            elif share_of is not None and not _is_people(share_of):
                measure = compact(share_of)  # "43 percent of the money was from small donors"
            else:
                measure = None
            label = None
        else:
            # "who have given", "who did not vote": the verb with its auxiliaries and negation
            helpers = [c.text for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i]
            predicate = " ".join([*helpers, verb.text]) if not passive else verb.text
            if obj is not None:
                predicate = f"{predicate} {ctx.doc[obj.left_edge.i : obj.right_edge.i + 1].text}"
                b.used.update(t.i for t in obj.subtree)
            label = predicate
            if share_of is not None and not _is_people(share_of):
                measure = compact(share_of)  # "58 percent of the giving came from small donors"
            if who:
                label = f"{who} {predicate}" if passive else f"{who} who {predicate}"
    if verb is not None:
        b.add_preps(verb, exclude=("for",) if poll else ())
    if kind == "count" and population and role != "subject":
        # What a count counts is its noun ("more than 80,000 troops" in "a maneuver of ..."); the
        # noun or verb it hangs on stays in the statement's label.
        if measure and measure != population and label is None:
            label = f"{subject}'s {measure}" if subject and measure_noun is not None else measure
        # the counted noun with its modifiers: "500 million solar panels" counts solar panels
        measure = compact(anchor) if anchor.lower_ == population else population
    date, date_text = _date_of(ctx, verb, [*span, *b.qualifier_tokens])
    place = None
    for token in b.qualifier_tokens:
        ent = ctx.entity(token)
        if ent is not None and ent.label_ in PLACE_LABELS and token.dep_ == "pobj":
            place = entity_text(ent)
            break
    if label is None:
        if measure is not None and measure_noun is not None:
            label = f"{subject}'s {measure}" if subject else measure
        elif subject:
            label = subject if measure is None else f"{subject} {measure}"
        elif measure:
            label = measure
        elif population:
            label = population
    if label and b.qualifiers:
        extra = [
            q for q in b.qualifiers if q not in label and q.removeprefix("of ") not in label and q != share
        ]
        label = " ".join([label, *extra])
    if label and date_text and date_text not in label:
        label = f"{label} {date_text}"
    return Parts(
        measure=measure,
        subject=subject,
        qualifiers=tuple(b.qualifiers),
        date=date,
        date_text=date_text,
        place=place,
        label=label[:1].upper() + label[1:] if label else None,
        share=share,
        act=act,
    )
