"""Dates in a document, and date claims: the date of a stated event.

Every DATE entity is resolved against the publication date by :func:`resolve_date` (see
:mod:`.date_values` for which occurrence "Tuesday" or "April" means), with the tense of the clause
it belongs to and, for "a year earlier", the date the sentence is about.

A date claim is the date of a stated event, never a bare date. The rule, clause by clause:

* The date must belong to a verb (the nearest verb above it in the dependency parse). A date that
  only modifies a noun ("the 2015 plan", "Sunday's ceremony") or stands on a dateline is no claim.
* The verb must state that something happened (or will happen) then: an action, with its actor
  as subject ("Stoltenberg visited Japan in January"; a passive names what it happened to: "the
  law was passed in 2010"). A clause without an identifiable actor (an unresolved "it", "we")
  gives no claim: nobody could check "it happened on Monday".
* Not a speech verb. "said on Monday", "told reporters Tuesday", "added Friday" date the
  reporting, not the news; they are routine and not worth checking. Announcing verbs ("announce",
  "confirm", "reveal"...) count only with a nominal object ("announced his resignation on
  Monday": the resignation is news); with a clause ("announced on Monday that ...") the date is
  again that of the speaking and is dropped.
* Not a state ("was", "has", "remains", "wants"...), not negated ("did not attend on Monday")
  and not merely possible ("could visit in May"): none of these dates an event.
* An event claim that already carries the date (see :mod:`.events`) is not repeated.

The claim carries ``subject`` (who, full names via the people index), ``action`` (the verb's
lemma), ``target`` (what it was done to) and a ``statement`` an editor reads alone:
"<actor> <verb as tensed> <object>: <readable date>", e.g. "Jens Stoltenberg visited Japan: January 2023".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .date_periods import readable_date
from .date_values import MONTHS, WEEKDAYS, clean_expression, needs_anchor, resolve_date
from .nlp import doc_ents
from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "DatedEntity",
    "clause_tense",
    "clean_expression",
    "date_entities",
    "find_date_claims",
    "governing_verb",
    "is_future",
    "readable_date",
    "resolve_date",
]

FUTURE_MARKERS = frozenset({"will", "'ll", "shall", "wo"})
# Verbs whose clause states a condition rather than an event: a date there dates nothing checkable.
STATIVE_VERBS = frozenset(
    {
        "be", "have", "seem", "become", "remain", "stay", "need", "want", "hope", "accord", "appear",
        "look", "feel", "think", "believe", "know", "like", "love", "mean", "continue", "expect", "get",
        "keep", "live", "stand", "sit", "trail", "do",
    }
)  # fmt: skip
# Verbs of saying: a date on them dates the reporting ("said Monday"), which nobody checks.
SPEECH_VERBS = frozenset(
    {
        "say", "tell", "add", "note", "state", "explain", "write", "claim", "argue", "insist", "reply",
        "respond", "comment", "remark", "ask", "warn", "testify", "tweet", "post", "complain",
        "acknowledge", "admit", "suggest", "contend", "assert", "allege", "predict", "describe",
        "recall", "concede", "emphasize", "stress", "tout", "call", "urge", "speak", "talk", "answer",
        "vow", "promise", "joke", "quip", "continue", "reiterate", "repeat", "point", "caution",
        "weigh", "echo", "criticize", "praise", "blast", "slam", "accuse", "escalate",
    }
)  # fmt: skip
# Verbs that make news with a nominal object and report speech with a clause.
ANNOUNCING_VERBS = frozenset(
    {"announce", "confirm", "reveal", "disclose", "declare", "deny", "indicate", "signal", "unveil", "report"}
)
# Words that make a TIME entity a day ("Tuesday afternoon", "last night").
DAY_WORDS = frozenset({*WEEKDAYS, "yesterday", "today", "tonight", "night", "tomorrow"})
TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})
RUNNING_PERIOD = frozenset({"so far", "thus far", "up to"})
HEDGES = frozenset({"could", "might", "may", "should", "must", "can", "would"})
# Governors that put the verb they control in the future ("plans to visit", "is set to meet"),
# including the adjectives of a prediction ("is likely to wrap up in June", "is poised to win").
FUTURE_GOVERNORS = frozenset(
    {
        "plan",
        "schedule",
        "set",
        "expect",
        "due",
        "go",
        "intend",
        "aim",
        "prepare",
        "likely",
        "unlikely",
        "poise",
    }
)
# Irregular past participles whose simple past differs ("has given" -> "gave").
_PAST_OF_PARTICIPLE = {
    "been": "was", "given": "gave", "taken": "took", "done": "did", "gone": "went", "seen": "saw",
    "written": "wrote", "begun": "began", "known": "knew", "spoken": "spoke", "chosen": "chose",
    "driven": "drove", "flown": "flew", "grown": "grew", "drawn": "drew", "thrown": "threw",
    "broken": "broke", "stolen": "stole", "risen": "rose", "fallen": "fell", "beaten": "beat",
    "forgotten": "forgot", "hidden": "hid", "ridden": "rode", "sworn": "swore", "torn": "tore",
    "worn": "wore", "eaten": "ate", "shaken": "shook", "undertaken": "undertook", "withdrawn": "withdrew",
    "overtaken": "overtook", "forbidden": "forbade", "won": "won", "run": "ran", "come": "came",
    "become": "became", "overcome": "overcame",
}  # fmt: skip
OBJECT_PRONOUNS = frozenset({"him", "her"})


@dataclass(frozen=True)
class DatedEntity:
    """A DATE entity, its resolved value (or None), the verb it is attached to (or None) and the
    tense of that verb's clause ("past", "future" or None when unknown)."""

    ent: Span
    value: str | None
    verb: Token | None
    tense: str | None = None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the parse (the clause the token belongs to)."""
    current = token
    for _ in range(40):  # parses are trees; the bound only guards against malformed input
        if current.pos_ in ("VERB", "AUX") and current is not token:
            return current
        if current.head is current:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def is_future(verb: Token) -> bool:
    """Whether the clause of ``verb`` is in the future tense ("will attend", "is going to")."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in FUTURE_MARKERS:
            return True
    return verb.lower_ == "going" and any(child.dep_ == "xcomp" for child in verb.children)


def clause_tense(verb: Token) -> str | None:
    """ "future" ("will meet", "plans to meet", "is meeting"), "past" ("met", "has met", "was
    elected") or None (a simple present, a bare infinitive: the text does not say)."""
    if is_future(verb):
        return "future"
    head = verb.head
    if verb.dep_ == "xcomp" and head is not verb:
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
            return None  # "is likely to have met in June": a perfect infinitive looks back
        planned = head.lemma_.lower() in FUTURE_GOVERNORS and head.tag_ in ("VBZ", "VBP", "VBN", "VBG", "JJ")
        if planned and not (
            head.tag_ == "VBN" and any(c.tag_ == "VBD" for c in head.children if c.dep_.startswith("aux"))
        ):
            return "future"
        return clause_tense(head) if head.pos_ in ("VERB", "AUX") else None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"  # "has met": done by now
    if verb.tag_ == "VBN" and any(a.dep_ == "auxpass" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return None
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "future"  # "is visiting Japan on Tuesday": a plan
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in STATIVE_VERBS | SPEECH_VERBS:
        return "future"  # "the film opens Friday": news writes a scheduled event in the present
    if any(a.lower_ == "to" for a in auxes) and any(
        a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in verb.head.children if verb.head is not verb
    ):
        return "future"
    return None


def _attached_verb(ent: Span) -> Token | None:
    """The verb a date belongs to; none for a date that only modifies a noun ("the 2015 plan")."""
    root = ent.root
    if root.dep_ in ("compound", "nummod", "amod", "poss", "nmod", "npadvmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        return None
    verb = governing_verb(root)
    if verb is None:
        return None
    lo, hi = sorted((verb.i, ent.start))
    if "\n" in ent.doc[lo:hi].text_with_ws:  # the tokens between, not the whole text rebuilt
        return None  # a dateline or caption date next to an unrelated sentence
    return verb


def _granular(value: str) -> bool:
    """Whether a value names something smaller than a year (a month, quarter, season or day)."""
    return len(value) > 4 and "/" not in value


def date_entities(ctx: ClaimContext) -> Iterator[DatedEntity]:
    """Every DATE entity outside the skipped ranges, with its resolved value (or None).

    Expressions counted from another date ("a year earlier") are resolved after the others, from
    the sentence's own date about a month or quarter, else the latest date before them.
    """
    found: list[tuple[Span, Token | None, str | None]] = []
    for ent in doc_ents(ctx.doc):
        if ent.label_ not in ("DATE", "TIME") or ctx.skipped(ent.start_char, ent.end_char):
            continue
        if (
            ent.label_ == "TIME"
            and found
            and found[-1][0].end == ent.start
            and ent.text.lower() in TIMES_OF_DAY
        ):
            ent = Span(ctx.doc, found[-1][0].start, ent.end, label="DATE")  # "Saturday" + "morning"
            found.pop()
        elif ent.label_ == "TIME" and not any(t.lower_ in DAY_WORDS for t in ent):
            continue  # "2 a.m.": a time of day; "Tuesday afternoon" (also TIME to the model) is a day
        if ent.start >= 2 and ctx.doc[ent.start - 2 : ent.start].text.lower() in RUNNING_PERIOD:
            continue  # "killed so far this year": the period of a running count, not a date
        if ent[-1].tag_ == "POS" or ent.text.endswith(("’s", "'s")):
            continue  # "tomorrow's East Asia": a figure of speech
        verb = _attached_verb(ent)
        found.append((ent, verb, clause_tense(verb) if verb is not None else None))
    values: list[str | None] = []
    for ent, _verb, tense in found:
        values.append(
            None if needs_anchor(ent.text) else resolve_date(ent.text, ctx.published_at, tense=tense)
        )
    by_sentence: dict[int, list[int]] = {}  # only read when an expression needs an anchor
    if any(needs_anchor(ent.text) for ent, _, _ in found):
        for m, (e, _, _) in enumerate(found):
            by_sentence.setdefault(e.sent.start, []).append(m)
    for n, (ent, _verb, tense) in enumerate(found):
        if not needs_anchor(ent.text):
            continue
        same = [v for m in by_sentence[ent.sent.start] if (v := values[m]) and m != n]
        anchor = next((v for v in same if _granular(v)), None)
        if anchor is None and not clean_expression(ent.text).endswith("ago"):
            anchor = next((v for v in reversed(values[:n]) if v), None)
        values[n] = resolve_date(ent.text, ctx.published_at, tense=tense, anchor=anchor)
    for (ent, verb, tense), value in zip(found, values, strict=True):
        yield DatedEntity(ent, value, verb, tense)


# ---------------------------------------------------------------------------------------------
# Date claims


def not_an_event(verb: Token) -> str | None:
    """Why a date on ``verb`` dates no checkable event ("speech", "state"...), or None."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in ANNOUNCING_VERBS and not any(c.dep_ in ("dobj", "nsubjpass") for c in children):
        return "speech"
    if lemma in STATIVE_VERBS or verb.pos_ == "AUX":
        return "state"
    if verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in children):
        return "state"  # "the organization's founding", "holding a rally": no clause of its own
    if any(c.dep_ == "neg" for c in children):
        return "negated"
    if any(c.dep_ == "aux" and c.lower_ in HEDGES for c in children):
        return "possible"
    return None


def _phrase(ctx: ClaimContext, token: Token, date: Span) -> str:
    """A compact noun phrase for ``token``: its left modifiers and an "of" phrase, no clauses."""
    doc = ctx.doc
    start = token.left_edge.i
    while start < token.i and (doc[start].is_punct or date.start <= start < date.end):
        start += 1
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            sub = list(child.subtree)
            inside = any(date.start <= t.i < date.end for t in sub)
            if len(sub) <= 6 and not inside and not any("\n" in t.text_with_ws for t in sub[:-1]):
                end = sub[-1].i + 1
        elif child.dep_ in ("compound", "nummod", "amod") and child.i == end:
            end = child.i + 1
    words = [t for t in doc[start:end] if not (date.start <= t.i < date.end)]
    return "".join(t.text_with_ws for t in words).strip(" ,")


def _strip_determiner(text: str) -> str:
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def _object_of(
    ctx: ClaimContext, verb: Token, date: Span, passive_agent: bool
) -> tuple[str | None, str | None]:
    """(what the statement writes after the verb, the target): "Japan", "to Japan", "the bill"."""
    wanted = ("nsubjpass",) if passive_agent else ("dobj",)
    objects = [c for c in verb.children if c.dep_ in wanted]
    if objects:
        obj = objects[0]
        if obj.pos_ == "PRON":
            if obj.lower_ not in OBJECT_PRONOUNS:
                return None, None
            resolution = ctx.people.resolve_pronoun(obj)
            if resolution.status != "resolved" or resolution.person is None:
                return None, None
            return resolution.person.name, resolution.person.name
        ent = ctx.entity(obj)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE") and ent.root is obj:
            name = ctx.full_name(
                _strip_determiner(ent.text).removesuffix("’s").removesuffix("'s"), ent.label_
            )
            return name, name
        text = _phrase(ctx, obj, date)
        return (text, _strip_determiner(text)) if text else (None, None)
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < verb.i or date.start <= prep.i < date.end:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.pos_ == "PRON" or date.start <= pobj.i < date.end:
            continue
        ent = ctx.entity(pobj)
        if ent is not None and ent.label_ in ("DATE", "TIME"):
            continue
        text = _phrase(ctx, pobj, date)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE") and ent.root is pobj:
            text = ctx.full_name(_strip_determiner(ent.text), ent.label_)
        return (f"{prep.lower_} {text}", _strip_determiner(text)) if text else (None, None)
    return None, None


def _verb_words(verb: Token, tense: str | None, *, active: bool) -> str:
    """The verb as the statement writes it: "visited", "will visit", "was elected", "went off"."""
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return " ".join([_verb_core(verb, tense, active=active), *particles])


def _verb_core(verb: Token, tense: str | None, *, active: bool) -> str:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    word = verb.lower_
    head = verb.head
    if verb.dep_ == "xcomp" and verb.tag_ == "VB" and head is not verb and head.pos_ == "VERB":
        to = " to" if any(a.lower_ == "to" for a in auxes) else ""
        return f"{_verb_words(head, None, active=True)}{to} {word}"  # "helped reach", "plans to visit"
    if tense == "future" or any(a.lower_ in FUTURE_MARKERS for a in auxes):
        passive = not active and any(a.dep_ == "auxpass" for a in auxes)
        return f"will be {word}" if passive else f"will {verb.lemma_.lower()}"
    if active and verb.tag_ == "VBN":
        return _PAST_OF_PARTICIPLE.get(word, word)  # "has visited", "was signed by": "visited", "signed"
    if not active and verb.tag_ == "VBN":
        be = next((a for a in auxes if a.dep_ == "auxpass"), None)
        plural = be is not None and be.lower_ in ("were", "are", "have")
        return (
            f"{'were' if plural else 'was'} {word}"
            if tense == "past" or be is None
            else f"{be.lower_} {word}"
        )
    if verb.tag_ == "VBG":
        be = next((a for a in auxes if a.lemma_ == "be"), None)
        return f"{be.lower_} {word}" if be is not None else word
    return word


def _subject_words(ctx: ClaimContext, verb: Token, names: str, date: Span) -> str:
    """The actor as the statement writes it: full names, else the noun phrase with its article."""
    from .events import subject_tokens  # local: events imports this module

    tokens, _ = subject_tokens(verb)
    if not tokens:
        tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if tokens and tokens[0].lower_ in ("which", "that") and tokens[0].head.dep_ == "relcl":
        tokens = [tokens[0].head.head]  # "the program, which was created": "The program"
    if tokens and tokens[0].pos_ == "NOUN" and ctx.entity(tokens[0]) is None and " and " not in names:
        text = _phrase(ctx, tokens[0], date)  # with its article: "The program", "Obama's coalition"
        if text:
            return text[:1].upper() + text[1:]
    return names[:1].upper() + names[1:]


def _passive_pronoun(ctx: ClaimContext, verb: Token) -> str | None:
    """Who acts when the actor finder sees nobody: the person a passive's he/she refers to ("She
    was awarded a medal in 2012"), the name after "one of" ("One of ..., Antonin Scalia, died")."""
    from .events import actors_of  # local: events imports this module

    for child in verb.children:
        if child.dep_ == "nsubjpass" and child.lower_ in ("he", "she"):
            names, _ = actors_of(ctx, child)
            return " and ".join(names) or None
        if child.dep_ == "nsubj" and child.lower_ == "one":
            # "One of the court's justices, Antonin Scalia, died": the name in apposition
            for token in child.subtree:
                ent = ctx.entity(token)
                if token.dep_ == "appos" and ent is not None and ent.label_ == "PERSON":
                    return ctx.full_name(ent.text, ent.label_)
    return None


def _date_tense(verb: Token, tense: str | None) -> tuple[str, ...]:
    if tense == "future" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return ("planned",)
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children)):
        return ("done",)
    return ()


def find_date_claims(ctx: ClaimContext, *, taken: set[int]) -> list[ClaimItem]:
    """Dates of stated events (see the module docstring for the rule).

    ``taken`` holds the start offsets of date entities already carried by an event claim;
    those are not repeated as separate date claims.
    """
    from .events import describe_actor  # local: events imports this module

    claims: list[ClaimItem] = []
    for dated in ctx.dates():
        ent, verb = dated.ent, dated.verb
        if dated.value is None or ent.start_char in taken or verb is None or not_an_event(verb):
            continue
        if ent.root.head.lower_ == "by" and ent.root.dep_ == "pobj":
            continue  # "cut emissions by 2030": a deadline, not when something happened
        if needs_anchor(ent.text) and len(ctx.dates_by_verb().get(verb.i, [])) > 1:
            continue  # "rose in March from a year earlier": the base of a comparison
        subject, entities = describe_actor(ctx, verb)
        if not subject:
            subject = _passive_pronoun(ctx, verb)
        if not subject:
            continue
        passive_agent = any(c.dep_ == "agent" for c in verb.children) and any(
            c.dep_ == "nsubjpass" for c in verb.children
        )
        active = passive_agent or not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        shown, target = _object_of(ctx, verb, ent, passive_agent)
        words = [_subject_words(ctx, verb, subject, ent), _verb_words(verb, dated.tense, active=active)]
        complement = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if shown is None and complement is not None:
            more, target = _object_of(ctx, complement, ent, False)
            shown = " ".join(w for w in ("to", complement.lower_, more) if w)  # "tried to explain"
        if shown:
            words.append(shown)
        named = bool(entities) and subject in entities
        claims.append(
            ClaimItem(
                kind="date",
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                sentence=ctx.sentence(ent.root),
                date=dated.value,
                subject=subject,
                action=verb.lemma_.lower(),
                target=target,
                entities=entities,
                confidence=round((0.7 if named else 0.6) * (0.9 if dated.tense == "future" else 1.0), 2),
                statement=f"{' '.join(words)}: {readable_date(dated.value)}",
                # "on track to clinch ... June 7" is a plan; "clinched on Monday" is done: a
                # plan's date never contradicts the date it was done.
                qualifiers=_date_tense(verb, dated.tense),
            )
        )
    return claims
