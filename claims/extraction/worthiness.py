"""Check-worthiness: how much a fact-checker gains by checking a claim, from 0 to 1, with reasons.

The features follow Full Fact's published claim types (quantities, comparisons and records,
attributed statements, predictions, opinions) and ClaimBuster's split of check-worthy factual
sentences from opinion. The score goes up for a specific figure (an exact number, a money
amount, a percentage), a comparison or record, attribution to a named person or organisation, a
prominent subject (named people, organisations and places; a person the article names often) and a
stated time; it goes down for opinion (evaluative words, "I think", "should"), predictions, hedges,
vague quantities, questions and conditionals. Every feature that counted is one reason, "+ ..." or
"- ...", so an editor sees why a claim ranks where it does.

:class:`Worthiness` reads each sentence once (its result is kept for the other claims of the same
sentence), so scoring a document stays linear in its length.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .nlp import doc_ents
from .people.names import fold_word
from .types import ClaimItem

if TYPE_CHECKING:  # claimset imports this module
    from .claimset import ClaimContext


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Where a claim starts before anything is known of its sentence: a figure or a record is the
# classic checkable claim; a bare date claim says least.
BASE = {"quantity": 0.35, "first": 0.35, "event": 0.3, "date": 0.2}
DEFAULT_BASE = 0.3

# Weights of the features. Ups and downs are on one scale; the sum is clamped to [0, 1].
W_EXACT_FIGURE = 0.2
W_APPROX_FIGURE = 0.1
W_MONEY = 0.1
W_PERCENT = 0.1
W_FIGURE_IN_SENTENCE = 0.1  # a claim that is no quantity, in a sentence that states a number
W_RECORD = 0.15
W_NAMED_SOURCE = 0.15
W_UNNAMED_SOURCE = 0.05
W_ENTITY = 0.05  # each named person, organisation or place, up to MAX_ENTITIES of them
MAX_ENTITIES = 2
W_PROMINENT_PERSON = 0.05
W_TIME = 0.05
W_OPINION_BELIEF = -0.25
W_OPINION_WORD = -0.2
W_OUGHT = -0.15
W_PREDICTION = -0.2
W_HEDGE = -0.15
W_VAGUE = -0.1
W_QUESTION = -0.25
W_CONDITIONAL = -0.15

PROMINENT_NAMED = 3  # a person the article names this often is its subject
SOURCE_REACH = 8  # tokens either side of a source's head where its name is looked for

CURRENCIES = _words(
    """USD EUR GBP JPY CNY RMB INR KRW RUB UAH CHF CAD AUD NZD HKD SGD TWD BRL MXN ZAR TRY SEK
    NOK DKK PLN"""
)
# Labels of what makes a subject prominent (ClaimBuster and Full Fact both weigh named entities).
PROMINENT_LABELS = frozenset({"PERSON", "ORG", "GPE"})
SOURCE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
FIGURE_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
TIME_LABELS = frozenset({"DATE", "TIME"})

# Verbs that attribute a statement to its source ("said", "told", "announced", "according to").
REPORTING_VERBS = _words(
    """say tell announce state report confirm estimate show find claim add note write testify
    disclose reveal publish declare insist warn"""
)
# Subjects of a reporting verb that are a source without a name ("officials said").
UNNAMED_SOURCES = _words(
    """official spokesman spokeswoman spokesperson source expert analyst researcher scientist
    authority police ministry government agency department data figure study survey report"""
)
# Comparisons and records: words that state one, beyond superlatives and "more than" ("doubled").
RECORD_WORDS = _words(
    """record first double triple quadruple halve unprecedented surpass outnumber overtake exceed
    highest lowest largest biggest smallest"""
)
# Superlatives that only say "the bulk of" ("most people"): a vague quantity, not a record.
VAGUE_SUPERLATIVES = frozenset({"most", "least"})
# Evaluative adjectives: they judge instead of stating (ClaimBuster's "opinion" sentences).
EVALUATIVE = _words(
    """good bad great terrible wonderful awful excellent horrible fantastic amazing brilliant
    disastrous disgraceful shameful outrageous ridiculous absurd stupid silly unfair unjust
    fair wrong right beautiful ugly lovely nice dreadful appalling pathetic tremendous
    incredible shocking scandalous reckless irresponsible foolish wise admirable remarkable
    impressive disappointing unacceptable inexcusable wasteful pointless useless"""
)
# Verbs of belief with a first-person subject: "I think", "we believe".
BELIEF_VERBS = _words("think believe feel guess suppose reckon hope doubt")
FIRST_PERSON = frozenset({"i", "we"})
OUGHT_MODALS = frozenset({"should", "ought", "must"})
FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo"})  # "wo" is how spaCy splits "won't"
HEDGE_MODALS = frozenset({"could", "may", "might", "would"})
HEDGE_ADVERBS = _words("perhaps possibly probably likely reportedly allegedly maybe")
# "expected to", "likely to", "set to", "forecast to": the verb or adjective before "to" + verb.
HEDGE_BEFORE_TO = _words("expect expected likely set forecast project predict due")
HEDGE_BEFORE_TO_VERBS = frozenset({"appear", "seem"})
VAGUE_QUANTITIES = _words("many some several few numerous various lots plenty countless multiple")
CONDITIONALS = frozenset({"if", "unless"})


@dataclass(frozen=True)
class Feature:
    weight: float
    reason: str  # without the sign: "specific figure: $412 billion"

    @property
    def text(self) -> str:
        return f"{'+' if self.weight > 0 else '-'} {self.reason}"


@dataclass(frozen=True)
class _Sentence:
    """What one sentence says about every claim in it; vague words carry their offsets, since a
    claim's own words ("as many as 2 million") are its figure, not a vague quantity."""

    features: tuple[Feature, ...]
    vague: tuple[tuple[int, int, str], ...]
    has_time: Feature | None
    figures: tuple[tuple[int, int, str], ...]


def _quoted(word: str) -> str:
    return f"“{word}”"


class Worthiness:
    """Scores the claims of one document; one instance per :class:`ClaimContext`."""

    def __init__(self, ctx: ClaimContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self._sentences: dict[int, _Sentence] = {}
        # Sentences, their first tokens and their entities, read once for the whole document.
        try:
            self._sents = list(self.doc.sents)
        except ValueError:  # no sentence boundaries (a blank pipeline): the document is one
            self._sents = [self.doc[:]] if len(self.doc) else []
        self._sent_starts = [sent.start for sent in self._sents]
        self._token_starts = [t.idx for t in self.doc]
        self._ents: list[list[Span]] = [[] for _ in self._sents]
        for ent in doc_ents(self.doc):
            if self._sents:
                self._ents[bisect.bisect_right(self._sent_starts, ent.start) - 1].append(ent)
        # A person the article names often, by folded full name and surname.
        self._named: dict[str, tuple[str, int]] = {}
        for person in ctx.people.people:
            if person.named >= PROMINENT_NAMED and person.full:
                for key in (fold_word(person.name), person.surname):
                    if person.named > self._named.get(key, ("", 0))[1]:
                        self._named[key] = (person.name, person.named)

    def __call__(self, claim: ClaimItem) -> ClaimItem:
        score, reasons = self.score(claim)
        return replace(claim, worthiness=score, worthiness_reasons=reasons)

    def score(self, claim: ClaimItem) -> tuple[float, tuple[str, ...]]:
        features = list(self._claim_features(claim))
        number = self._sentence_of(claim)
        if number is not None:
            info = self._sentence(number)
            features.extend(info.features)
            if info.has_time is not None:
                features.append(info.has_time)
            elif claim.date:
                features.append(Feature(W_TIME, f"states a time: {claim.date}"))
            if claim.kind != "quantity":
                figure = next((t for s, e, t in info.figures if e <= claim.start or s >= claim.end), None)
                figure = figure or next((t for _s, _e, t in info.figures), None)
                if figure is not None:
                    features.append(Feature(W_FIGURE_IN_SENTENCE, f"states a figure: {figure}"))
            vague = [w for s, e, w in info.vague if e <= claim.start or s >= claim.end]
            if vague:
                features.append(Feature(W_VAGUE, "vague quantity: " + ", ".join(dict.fromkeys(vague))))
        elif claim.date:
            features.append(Feature(W_TIME, f"states a time: {claim.date}"))
        total = BASE.get(claim.kind, DEFAULT_BASE) + sum(f.weight for f in features)
        ordered = sorted(features, key=lambda f: f.weight < 0)  # ups first, each group in found order
        return round(min(1.0, max(0.0, total)), 2), tuple(f.text for f in ordered)

    # -- the claim itself ---------------------------------------------------------------------

    @staticmethod
    def _claim_features(claim: ClaimItem) -> Iterable[Feature]:
        if claim.kind == "quantity" and claim.value is not None:
            if claim.approximate:
                yield Feature(W_APPROX_FIGURE, f"approximate figure: {claim.text}")
            else:
                yield Feature(W_EXACT_FIGURE, f"specific figure: {claim.text}")
            if claim.unit in CURRENCIES:
                yield Feature(W_MONEY, "money amount")
            elif claim.unit == "%":
                yield Feature(W_PERCENT, "percentage")
        if claim.kind == "first":
            yield Feature(W_RECORD, f"record or first: {claim.text}")

    def _sentence_of(self, claim: ClaimItem) -> int | None:
        """The number of the sentence the claim starts in (``Token.sent`` would walk the sentence
        on every call: a long sentence with many claims would cost its length each time)."""
        if not self._sents:
            return None
        token = max(0, bisect.bisect_right(self._token_starts, claim.start) - 1)
        return bisect.bisect_right(self._sent_starts, token) - 1

    # -- the sentence, once -------------------------------------------------------------------

    def _sentence(self, number: int) -> _Sentence:
        found = self._sentences.get(number)
        if found is None:
            found = self._sentences[number] = self._read_sentence(self._sents[number], self._ents[number])
        return found

    def _read_sentence(self, sent: Span, ents: list[Span]) -> _Sentence:
        features: list[Feature] = []
        features.extend(_comparison(sent))
        features.extend(self._attribution(sent))
        features.extend(self._prominence(ents))
        features.extend(_opinion(sent))
        features.extend(_prediction_and_hedges(sent))
        features.extend(_question_and_conditional(sent))
        times = [e.text for e in ents if e.label_ in TIME_LABELS]
        has_time = Feature(W_TIME, f"states a time: {times[0]}") if times else None
        figures = tuple((e.start_char, e.end_char, e.text) for e in ents if e.label_ in FIGURE_LABELS)
        vague = tuple(
            (t.idx, t.idx + len(t), t.lower_)
            for t in sent
            if t.lower_ in VAGUE_QUANTITIES and not _before_number(t) and not _in_as_many_as(t)
        )
        return _Sentence(tuple(features), vague, has_time, figures)

    def _prominence(self, ents: list[Span]) -> Iterable[Feature]:
        named = [e for e in ents if e.label_ in PROMINENT_LABELS]
        names = list(dict.fromkeys(self.ctx.full_name(e.text, e.label_) for e in named))
        if names:
            shown = names[:MAX_ENTITIES]
            yield Feature(W_ENTITY * len(shown), "names " + ", ".join(shown))
        for name in names:
            # The small model often tags a lone surname an organisation: look it up whatever the label.
            words = name.split()
            hit = self._named.get(fold_word(name)) or (
                self._named.get(fold_word(words[-1])) if words else None
            )
            if hit is not None:
                yield Feature(W_PROMINENT_PERSON, f"about {hit[0]}, named {hit[1]} times in the article")
                return

    def _source_name(self, source: Token) -> str | None:
        """The named person or organisation a source phrase is, or names: its own head first, then a
        person in it ("Harbour Authority chief Mirela Kovac"), then any other name. Only the words
        near the head are read: a name lies there, and a long clause is read once, not per verb."""
        lo = max(source.left_edge.i, source.i - SOURCE_REACH)
        hi = min(source.right_edge.i, source.i + SOURCE_REACH) + 1
        near = source.doc[lo:hi]
        for token in (source, *(t for t in near if t.ent_type_ == "PERSON"), *near):
            if token.ent_type_ in SOURCE_LABELS:
                ent = self.ctx.entity(token)
                return ent.text if ent is not None else token.text
        return None

    def _attribution(self, sent: Span) -> Iterable[Feature]:
        unnamed: str | None = None
        for t in sent:
            sources: list[Token] = []
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in REPORTING_VERBS:
                sources = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
            elif t.lower_ == "according" and t.i + 1 < sent.end and t.doc[t.i + 1].lower_ == "to":
                sources = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
            for source in sources:
                named = self._source_name(source)
                if named is not None:
                    yield Feature(W_NAMED_SOURCE, f"attributed to {named}")
                    return
                if unnamed is None and source.lemma_.lower() in UNNAMED_SOURCES:
                    unnamed = source.text
        if unnamed is not None:
            yield Feature(W_UNNAMED_SOURCE, f"attributed to unnamed {unnamed}")


def _comparison(sent: Span) -> Iterable[Feature]:
    for t in sent:
        lemma = t.lemma_.lower()
        low = t.lower_
        if t.ent_type_ in TIME_LABELS:
            continue  # "the first quarter", "last year's highest..." dates are not records
        if low in RECORD_WORDS or lemma in RECORD_WORDS:
            yield Feature(W_RECORD, f"comparison or record: {_quoted(t.text)}")
            return
        if t.tag_ in ("JJS", "RBS") and low not in VAGUE_SUPERLATIVES:
            yield Feature(W_RECORD, f"comparison or record: {_quoted(t.text)}")
            return
        if t.tag_ == "RBS" and t.i + 1 < sent.end and t.doc[t.i + 1].pos_ == "ADJ":
            yield Feature(W_RECORD, f"comparison or record: {_quoted(t.text + ' ' + t.doc[t.i + 1].text)}")
            return
        if t.tag_ in ("JJR", "RBR") and any(
            x.lower_ == "than" for x in t.doc[t.i + 1 : min(t.i + 4, sent.end)]
        ):
            yield Feature(W_RECORD, f"comparison: {_quoted(t.text + ' ... than')}")
            return


def _opinion(sent: Span) -> Iterable[Feature]:
    belief = next(filter(None, (_belief(t) for t in sent)), None)
    word = next((t.text for t in sent if t.pos_ == "ADJ" and t.lemma_.lower() in EVALUATIVE), None)
    ought = next((t.text for t in sent if t.tag_ == "MD" and t.lower_ in OUGHT_MODALS), None)
    if belief is not None:
        yield Feature(W_OPINION_BELIEF, f"opinion: {_quoted(belief)}")
    if word is not None:
        yield Feature(W_OPINION_WORD, f"opinion: evaluative word {_quoted(word)}")
    if ought is not None:
        yield Feature(W_OUGHT, f"opinion: {_quoted(ought)}")


def _belief(t: Token) -> str | None:
    """ "I think", "we believe", "in my view": the speaker's own opinion."""
    if t.lemma_.lower() in BELIEF_VERBS:
        subject = next((c for c in t.children if c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON), None)
        if subject is not None:
            return f"{subject.text} {t.text}"
    if t.lower_ in ("view", "opinion") and t.i >= 2:
        before = t.doc[t.i - 2 : t.i]
        if before[0].lower_ == "in" and before[1].lower_ in ("my", "our"):
            return f"in {before[1].text} {t.text}"
    return None


def _prediction_and_hedges(sent: Span) -> Iterable[Feature]:
    future = next(filter(None, (_future(t, sent.end) for t in sent)), None)
    hedge = next(filter(None, (_hedge(t, sent.end) for t in sent)), None)
    if future is not None:
        yield Feature(W_PREDICTION, f"prediction: {_quoted(future)}")
    if hedge is not None:
        yield Feature(W_HEDGE, f"hedged: {_quoted(hedge)}")


def _to_verb(t: Token, end: int) -> bool:
    """Whether "to" and a verb follow the token ("expected to rise", "going to open")."""
    doc = t.doc
    return t.i + 2 < end and doc[t.i + 1].lower_ == "to" and doc[t.i + 2].tag_ == "VB"


def _future(t: Token, end: int) -> str | None:
    if t.tag_ == "MD" and t.lower_ in FUTURE_MODALS:
        return t.text
    if t.lower_ == "going" and _to_verb(t, end):
        return "going to"
    return None


def _hedge(t: Token, end: int) -> str | None:
    if (t.tag_ == "MD" and t.lower_ in HEDGE_MODALS) or (
        t.lower_ in HEDGE_ADVERBS and t.pos_ in ("ADV", "ADJ")
    ):
        return t.text
    if (t.lower_ in HEDGE_BEFORE_TO or t.lemma_.lower() in HEDGE_BEFORE_TO_VERBS) and _to_verb(t, end):
        return f"{t.text} to"
    return None


def _question_and_conditional(sent: Span) -> Iterable[Feature]:
    if sent.text.rstrip().rstrip("\"'”’»").endswith("?"):
        yield Feature(W_QUESTION, "question")
    cond = next((t for t in sent if t.lower_ in CONDITIONALS and t.pos_ == "SCONJ"), None)
    if cond is not None:
        yield Feature(W_CONDITIONAL, f"conditional: {_quoted(cond.text)}")


def _before_number(token: Token) -> bool:
    """ "some 300 people" is an approximate figure, not a vague quantity."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and (nxt.like_num or nxt.ent_type_ in FIGURE_LABELS)


def _in_as_many_as(token: Token) -> bool:
    """ "as many as 2 million" bounds a figure."""
    doc = token.doc
    return 0 < token.i < len(doc) - 1 and doc[token.i - 1].lower_ == "as" and doc[token.i + 1].lower_ == "as"
