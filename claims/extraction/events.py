"""Event claims: a named actor did something (visited, met, signed...) at a time or place.

Everything comes from the dependency parse: the verb, its subject, the named entities in its
clause and the date entities attached to it. Precision comes first: the actor must be a named
entity (or a pronoun that resolves to a person named just before), the verb one of a list of
event verbs, and negated or merely possible ("could", "might") clauses are skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .dates import DatedEntity, is_future
from .lexicon import wordnet
from .lexicon.verbs import EVENT_NOUNS, EVENT_VERBS
from .nlp import ents_within
from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

# Verbs that announce another event in their complement ("decided to contribute"): the
# complement is the claim, so the wrapper is not reported separately.
WRAPPER_VERBS = frozenset({"decide", "agree", "promise", "vow", "pledge", "begin", "start", "plan", "hope"})
REPORTING_VERBS = frozenset({"announce", "confirm", "declare", "decide", "agree", "promise", "pledge", "vow"})
CREDIT_OBJECTS = frozenset({"reporting", "research", "writing", "photography"})
HEDGES = frozenset({"could", "might", "may", "should", "must", "can", "cannot", "would've"})

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE"})
INVOLVED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})

# Nouns that make an institution out of a nationality or country ("the Japanese government").
INSTITUTION_NOUNS = frozenset(
    [
        "government",
        "ministry",
        "military",
        "army",
        "navy",
        "police",
        "parliament",
        "cabinet",
        "court",
        "administration",
        "embassy",
        "legislature",
        "senate",
        "congress",
        "council",
        "forces",
        "force",
    ]
)

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
FIRST_PERSON = frozenset({"i", "my", "me"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Children whose subtrees are separate statements, not part of this event's span.
CLAUSE_DEPS = frozenset({"advcl", "parataxis", "punct", "relcl", "mark", "dep", "appos"})
LINE_BREAKS = ("\n", "|")
LEADING_WORDS = frozenset(
    {"that", "which", "who", "when", "as", "because", "if", "while", "after", "before", "since"}
)


def entity_text(ent: Span) -> str:
    """The entity's name, extended over a cut-off hyphenated part and without "the" or "'s"."""
    doc = ent.doc
    end = ent.end
    # "Yoon Suk-yeol" is often tagged as "Yoon Suk".
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
    ):
        end += 2
    text = doc[ent.start : end].text
    if text.lower().startswith("the "):
        text = text[4:]
    if text.endswith(("’s", "'s")):
        text = text[:-2]
    if "(" in text and ")" not in text:
        text = text[: text.index("(")]
    return text.strip(" -–—|,")


def _name_of(ctx: ClaimContext, token: Token) -> str | None:
    """The named entity ``token`` is part of (full name for a surname), if it names an actor."""
    ent = ctx.entity(token)
    if ent is None or ent.label_ not in ACTOR_LABELS:
        return None
    if "\n" in ent.text:
        ent = _on_token_line(ent, token)
    name = entity_text(ent)
    return ctx.full_name(name, ent.label_) if name else None


def _on_token_line(ent: Span, token: Token) -> Span:
    """The part of an entity that the tagger ran across a line break which is on ``token``'s line."""
    start, end = token.i, token.i + 1
    while start > ent.start and "\n" not in ent.doc[start - 1].text_with_ws:
        start -= 1
    while end < ent.end and "\n" not in ent.doc[end - 1].text_with_ws:
        end += 1
    return Span(ent.doc, start, end, label=ent.label_)


def _institution(ctx: ClaimContext, token: Token) -> str | None:
    """ "Japanese government" / "Japan's foreign ministry": a national institution as an actor."""
    if token.lemma_.lower() not in INSTITUTION_NOUNS:
        return None
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss") and child.i < token.i:
            ent = ctx.entity(child)
            if ent is not None and ent.label_ in ("NORP", "GPE", "ORG"):
                start = min([ent.start, *(c.i for c in token.children if c.dep_ == "amod" and c.i < token.i)])
                return ctx.doc[start : token.i + 1].text.removeprefix("the ")
    return None


def _resolve_pronoun(ctx: ClaimContext, token: Token) -> str | None:
    """He/she -> the person the document's people index resolves it to, when it is sure."""
    resolution = ctx.people.resolve_pronoun(token)
    if resolution.status != "resolved" or resolution.person is None or not resolution.person.full:
        return None
    return resolution.person.name


def _resolve_it(ctx: ClaimContext, token: Token) -> str | None:
    """ "It" as the subject is the one country or organisation named in its sentence before it or
    in the sentence before; with two candidates it stays unresolved."""
    sent = token.sent
    start = sent.start
    if start > 0:
        start = ctx.doc[start - 1].sent.start
    found: set[str] = set()
    topics: set[str] = set()  # named as a subject, or as the possessor of one ("Japan's performance")
    for ent in ents_within(ctx.doc, start, token.i):
        if ent.label_ in ("GPE", "ORG") and not ctx.skipped(ent.start_char, ent.end_char):
            name = ctx.full_name(entity_text(ent), ent.label_)
            found.add(name)
            root = ent.root
            if root.dep_ in ("nsubj", "nsubjpass") or (
                root.dep_ == "poss" and root.head.dep_ in ("nsubj", "nsubjpass")
            ):
                topics.add(name)
    if len(found) == 1:
        return found.pop()
    return topics.pop() if len(topics) == 1 else None


def actors_of(ctx: ClaimContext, token: Token) -> tuple[list[str], float]:
    """The named actors a subject token refers to, with a confidence factor."""
    if (name := _name_of(ctx, token)) is not None:
        return [name], 1.0
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return actors_of(ctx, token.head.head)
    names: list[str] = []
    for child in token.children:
        # "Prime Minister Fumio Kishida" may be headed by "Minister"; "three leaders — A, B and C".
        if (child.dep_ == "appos" or (child.dep_ == "compound" and token.pos_ == "PROPN")) and _same_line(
            child, token
        ):
            for part in (child, *child.conjuncts):
                if (name := _name_of(ctx, part)) is not None and name not in names:
                    names.append(name)
    if names:
        return names, 0.9
    if (institution := _institution(ctx, token)) is not None:
        return [institution], 0.9
    if token.lower_ in PERSONAL_PRONOUNS and (name := _resolve_pronoun(ctx, token)) is not None:
        return [name], 0.75
    if token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass") and (name := _resolve_it(ctx, token)):
        return [name], 0.7
    if token.lower_ in FIRST_PERSON and ctx.byline and not ctx.people.inside_quote(token.idx):
        # A signed piece in its own words: "when I attended the meeting" is its author.
        author = ctx.byline.split(",")[0].split(" and ")[0].strip()
        if len(author.split()) >= 2:
            return [author], 0.8
    return [], 0.0


def _same_line(a: Token, b: Token) -> bool:
    lo, hi = (a, b) if a.i <= b.i else (b, a)
    return "\n" not in a.doc[lo.i : hi.i].text_with_ws  # the span, not the whole text rebuilt


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The subject tokens of ``verb`` (with conjuncts), and whether they were inherited.

    A verb without its own subject takes the subject of the verb it is conjoined to or
    controlled by ("went to Europe to attend", "met X and signed"); after "invite/ask/urge X to"
    the object is the one who acts.
    """
    current = verb
    inherited = False
    for _ in range(6):
        subjects = [c for c in current.children if c.dep_ == "nsubj"]
        if not subjects:
            agents = [c for c in current.children if c.dep_ == "agent"]
            subjects = [g for a in agents for g in a.children if g.dep_ == "pobj"]
        if subjects and _same_line(subjects[0], verb):
            heads = subjects[:1]
            heads.extend(c for c in subjects[0].conjuncts if c.i > subjects[0].i)
            return heads, inherited
        if subjects:
            return _line_start_subjects(verb), inherited
        controlled = current.dep_ == "xcomp" or (
            current.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        )
        if current.dep_ == "xcomp":
            objects = [c for c in current.head.children if c.dep_ == "dobj"]
            if objects and _same_line(objects[0], verb):
                return [objects[0], *objects[0].conjuncts], True
        if (controlled or current.dep_ == "conj") and current.head != current:
            current = current.head
            inherited = True
            continue
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head.head  # "escalating ... by launching missiles"
            inherited = True
            continue
        break
    return [], inherited


def _line_start_subjects(verb: Token) -> list[Token]:
    """Names opening the verb's line when the parser took a subject from the line above.

    Headlines and captions run into the next line without a full stop ("...Vilnius\nPresident
    Joe Biden met..."); if nothing but names and titles precede the verb on its line, those
    names are its subject.
    """
    first, _last = _line_bounds(verb)
    before = verb.doc[first : verb.i]
    if not len(before) or any(t.pos_ in ("VERB", "AUX") for t in before):
        return []
    return [
        ent.root for ent in ents_within(verb.doc, first, verb.i) if ent.label_ in ("PERSON", "ORG", "GPE")
    ]


def describe_actor(ctx: ClaimContext, verb: Token) -> tuple[str | None, tuple[str, ...]]:
    """Subject text (named actors, else the plain noun phrase) and entities of ``verb``'s clause."""
    subjects, _ = subject_tokens(verb)
    names: list[str] = []
    for token in subjects:
        for name in actors_of(ctx, token)[0]:
            if name not in names:
                names.append(name)
    entities = _clause_entities(ctx, verb, names)
    if names:
        return " and ".join(names), entities
    if not subjects:
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if subjects and subjects[0].lower_ in RELATIVE_PRONOUNS and subjects[0].head.dep_ == "relcl":
        subjects = [subjects[0].head.head]  # "the program, which encompasses..." -> "program"
    if subjects and subjects[0].pos_ in ("NOUN", "PROPN") and _same_line(subjects[0], verb):
        head = subjects[0]
        return _strip_determiner(ctx.doc[head.left_edge.i : head.i + 1].text), entities
    return None, entities


def _strip_determiner(text: str) -> str:
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def clause_tokens(verb: Token, *, with_complement: bool = False) -> list[Token]:
    """The verb with its arguments on its own line, leaving out subordinate and coordinated clauses."""
    first, last = _line_bounds(verb)
    out: list[Token] = []
    stack = [verb]
    while stack:
        token = stack.pop()
        if first <= token.i <= last:
            out.append(token)
        for child in token.children:
            if child.is_space or (
                child.dep_ in CLAUSE_DEPS and not (child.dep_ == "appos" and child.pos_ == "PROPN")
            ):
                continue
            if child.dep_ in ("conj", "cc") and (token is verb or child.pos_ in ("VERB", "AUX")):
                continue  # another statement joined with "and"; conjoined nouns stay
            if child.dep_ == "acl" and len(list(child.subtree)) > 6:
                continue  # "totaling $7.6 billion" stays; a long participle clause does not
            if child.dep_ == "ccomp" and not (token is verb and with_complement):
                continue
            if child.dep_ in ("nsubj", "nsubjpass") and token is not verb:
                continue
            if child.dep_ == "prep" and any(g.dep_ == "pcomp" and g.pos_ == "VERB" for g in child.children):
                continue  # "by emphasizing that...": a second statement
            stack.append(child)
    return out


def _clause_entities(ctx: ClaimContext, verb: Token, names: list[str]) -> tuple[str, ...]:
    found: list[str] = list(names)
    for token in sorted(clause_tokens(verb), key=lambda t: t.i):
        ent = ctx.entity(token)
        if ent is None or ent.label_ not in INVOLVED_LABELS or ent.start != token.i:
            continue
        if ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound"):
            continue  # "Japanese" as an adjective names nobody
        name = ctx.full_name(entity_text(ent), ent.label_)
        if name and name[0].isalnum() and name not in found and not any(name in f for f in found):
            found.append(name)
    return tuple(found)


HABITUAL_ADVERBS = frozenset(
    {
        "typically",
        "usually",
        "often",
        "always",
        "generally",
        "normally",
        "routinely",
        "regularly",
        "frequently",
        "rarely",
        "seldom",
        "never",
    }
)


def _habitual(verb: Token) -> bool:
    """ "Microsoft typically releases patches on Tuesdays": a habit, not an event that happened."""
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in verb.children)


def _unrealised(verb: Token) -> bool:
    """An infinitive that says what someone wants, should or was to do, not what is done or will
    be: "vital for Microsoft to release a fix", "was to release", "invited Japan to participate".
    A headline's "DeGeneres to host Oscars" (she will) and "agreed to buy" (a wrapper reporting
    the event) stay events."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return True
    head = verb.head
    if head.i == verb.i:
        return False
    if verb.dep_ == "xcomp" and head.pos_ == "VERB":
        return head.lemma_.lower() not in WRAPPER_VERBS | EVENT_VERBS
    return head.pos_ in ("ADJ", "AUX") or head.lemma_.lower() == "be"


def _tense(verb: Token) -> tuple[str, ...]:
    """ "planned" for an act announced, "done" for one reported in the past tense, else nothing
    (a headline's present, an infinitive): a plan never joins a report that it was done."""
    if (
        _planned(verb)
        or _reported_would(verb)
        or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return ("planned",)  # "DeGeneres to host the Oscars", "agreed to buy", "will accept"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children)):
        return ("done",)
    return ()


def _planned(verb: Token) -> bool:
    """Future, or the complement of an agreement or decision ("agreed to buy", "will acquire"):
    the act is announced, not done."""
    return is_future(verb) or (
        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in WRAPPER_VERBS and verb.head.i != verb.i
    )


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


CONTROL_HEDGES = frozenset({"have", "need", "want", "hope", "plan", "seek", "try", "aim"})
NEGATIVE_WRAPPERS = frozenset({"refuse", "decline", "fail", "deny", "avoid", "reject"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})


# Verbs of saying and thinking: after them "would" is the future of the past ("said he would
# vote"), a plan reported; elsewhere it is a condition ("Clinton would beat Trump").
SAYING_VERBS = frozenset(
    {"say", "tell", "announce", "reveal", "confirm", "promise", "pledge", "vow", "insist", "declare",
     "add", "write", "report", "state", "indicate", "warn", "predict", "believe", "think", "expect"}
)  # fmt: skip
WISH_VERBS = frozenset({"want", "wish", "hope", "pray", "need", "urge", "ask", "like", "prefer"})


def _forms(token: Token) -> set[str]:
    """The tagger's lemma and the written form without an inflection ("hoped" is lemmatised "hop")."""
    low = token.lower_
    out = {token.lemma_.lower(), low}
    for cut in ("d", "ed", "s", "es", "ing"):
        if low.endswith(cut) and len(low) - len(cut) >= 3:
            out.add(low[: -len(cut)])
    return out


def _reported_would(verb: Token) -> bool:
    """ "said she would vote for Moss": "would" in a clause a verb of saying reports is the future of
    the past, a plan reported."""
    if not any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children):
        return False
    governor = verb.head.head if verb.dep_ == "conj" else verb.head  # "said X and would Y"
    return verb.dep_ in ("ccomp", "conj") and bool(_forms(governor) & SAYING_VERBS)


def _not_asserted(verb: Token) -> bool:
    """Clauses that state no event, read from their grammar:

    - a conditional "would" outside reported speech ("Clinton would beat Trump in a match-up");
    - a condition on the clause ("he would win the primary if turnout were high");
    - a counterfactual inversion ("Had Sanders won the popular vote, ...");
    - an imperative, a base-form verb with no subject or auxiliary ("just vote for Clinton");
    - an infinitive of purpose, or the complement of a wish ("To win the White House, Trump ...",
      "Putin wanted Trump to win", "he hoped that Trump wins the election");
    - a light verb holding a state ("Clinton holds a commanding lead")."""
    children = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ == "would" for c in children) and not _reported_would(verb):
        return True
    if any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children)
        for c in children
    ):
        return True
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(c.dep_ == "aux" and c.lower_ == "had" and subjects and c.i < subjects[0].i for c in children):
        return True
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    if verb.tag_ == "VB" and not subjects and not to and not any(c.dep_ == "aux" for c in children):
        quoted = verb.dep_ == "xcomp" and bool(_forms(verb.head) & SAYING_VERBS)  # "saying, 'vote for X'"
        if quoted or verb.dep_ in ("ROOT", "ccomp", "parataxis") or verb.i == verb.sent.start:
            return True
    if to and verb.dep_ == "advcl" and verb.i < verb.head.i:
        return True  # "To win the White House, Trump is going to need ..."
    # "wanted Trump to win", "hoped that Trump wins the election"
    return verb.dep_ in ("ccomp", "xcomp", "advcl") and bool(_forms(verb.head) & WISH_VERBS)


# Verbs that are events only through their object: "held talks" happened, "held a lead" is a state.
LIGHT_VERBS = frozenset({"hold"})


def _stative(verb: Token) -> bool:
    """ "Clinton holds a commanding lead", "held his own among women": holding an attribute (or
    one's own) is a standing, not an event; "held talks", "held an election" are events."""
    if verb.lemma_.lower() not in LIGHT_VERBS:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return False
    noun = objects[0]
    if noun.pos_ not in ("NOUN", "PROPN"):
        return True  # "held his own"
    lemma = noun.lemma_.lower()
    return wordnet.names_attribute(lemma) and not wordnet.names_occasion(lemma)


def _object_elsewhere(verb: Token) -> bool:
    """ "the state which she won in 2008": the object is a relative pronoun, so what was done is
    said of a noun outside the clause; the clause itself names no object."""
    return any(c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for c in verb.children)


def _hedged(verb: Token) -> bool:
    """ "could attend", "may visit", "would have to start", "should ... and release", "if he had
    released", "refused to release": possibilities, conditions and refusals, not events."""
    if _not_asserted(verb) or _object_elsewhere(verb) or _stative(verb):
        return True
    current = verb
    for _ in range(4):
        if any(
            (c.dep_ == "aux" and c.lower_ in HEDGES) or (c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS)
            for c in current.children
        ):
            return True
        if current.dep_ not in ("xcomp", "conj") or current.head == current:
            return False
        current = current.head  # a coordinated verb shares the modal of the first ("should X and Y")
        if current.lemma_ in CONTROL_HEDGES | NEGATIVE_WRAPPERS:
            return True
        if _negated(current) and verb.dep_ == "xcomp":
            return True  # "did not agree to buy"
    return False


def _line_bounds(verb: Token) -> tuple[int, int]:
    """Token index range [first, last] of the sentence, cut at line breaks around the verb."""
    doc = verb.doc
    sent = verb.sent
    first, last = sent.start, sent.end - 1
    for i in range(verb.i - 1, sent.start - 1, -1):
        if any(mark in doc[i].text for mark in LINE_BREAKS):
            first = i + 1
            break
    for i in range(verb.i + 1, sent.end):
        if any(mark in doc[i].text for mark in LINE_BREAKS):
            last = i - 1
            break
    return first, last


def event_span(ctx: ClaimContext, verb: Token, subjects: list[Token], dates: list[DatedEntity]) -> Span:
    """From the subject (or a leading date) to the end of the verb's own clause, on one line."""
    with_complement = verb.lemma_.lower() in REPORTING_VERBS and not any(
        c.dep_ == "dobj" for c in verb.children
    )
    clause = [t for t in clause_tokens(verb, with_complement=with_complement)]
    first, last = _line_bounds(verb)
    # Leading adverbials ("In response to...,") are left out unless they hold the date.
    start_i = min([verb.i, *(s.left_edge.i for s in subjects if s.i < verb.i)])
    for dated in dates:
        if dated.ent.start < start_i:
            head = dated.ent.root.head
            start_i = head.i if head.dep_ == "prep" and head.i < dated.ent.start else dated.ent.start
    end_i = max(t.i for t in clause if t.i >= start_i)
    start_i, end_i = max(start_i, first), min(end_i, last)
    doc = ctx.doc
    while start_i < verb.i and (doc[start_i].is_punct or doc[start_i].lower_ in LEADING_WORDS):
        start_i += 1
    while end_i > verb.i and (
        (doc[end_i].is_punct and doc[end_i].text not in (")", "”", "’")) or doc[end_i].is_space
    ):
        end_i -= 1
    # Close a quotation the clause opened ("rejected the move as “a matter of principle,”").
    opened = sum(1 for t in doc[start_i : end_i + 1] if t.text == "“") - sum(
        1 for t in doc[start_i : end_i + 1] if t.text == "”"
    )
    if opened > 0:
        for i in range(end_i + 1, min(last, end_i + 4) + 1):
            if doc[i].text == "”":
                end_i = i
                break
    return doc[start_i : end_i + 1]


OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "off", "outside", "inside"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
GOAL_PREPOSITIONS = frozenset({"to", "into", "for", "against", "on", "with"})


def event_target(verb: Token) -> Token | None:
    """What the action was done to: the direct object, else the object of a goal preposition
    ("travelled to Japan", "voted against the bill")."""
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and child.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            # "provided Ukraine with bulletproof vests": the object is who got it, "with" what.
            theme = next(
                (
                    g
                    for p in verb.children
                    if p.dep_ == "prep" and p.lower_ == "with"
                    for g in p.children
                    if g.dep_ == "pobj"
                ),
                None,
            )
            return (
                theme if theme is not None and child.ent_type_ in ("GPE", "ORG", "PERSON", "NORP") else child
            )
    for child in verb.children:
        if child.dep_ == "ccomp" and verb.lemma_.lower() in REPORTING_VERBS:
            return child  # "announced that Japan would send vests": what was announced
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in GOAL_PREPOSITIONS:
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.ent_type_ not in ("DATE", "TIME"):
                    return grand
    for child in verb.children:
        # "participated in the gathering": an "in" phrase that names no place or time is the theme
        if child.dep_ == "prep" and child.lower_ == "in":
            for grand in child.children:
                if (
                    grand.dep_ == "pobj"
                    and grand.pos_ == "NOUN"
                    and grand.ent_type_ not in PLACE_LABELS | {"DATE", "TIME"}
                ):
                    return grand
    return None


def phrase(ctx: ClaimContext, head: Token, limit: Span) -> str:
    """The noun phrase ``head`` heads, inside ``limit``, without a leading determiner (for a
    clause, the clause without its "that")."""
    if head.pos_ in ("VERB", "AUX"):
        tokens = [t for t in head.subtree if limit.start <= t.i < limit.end and t.dep_ != "mark"]
        return ctx.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else ""
    start = max(head.left_edge.i, limit.start)
    end = min(head.right_edge.i + 1, limit.end)
    for child in head.children:
        listing = child.lower_ in ("including", "like") or (
            child.lower_ == "as" and any(g.lower_ == "such" for g in child.children)
        )
        if child.i > head.i and (
            child.dep_ in ("relcl", "acl") or (child.dep_ == "prep" and child.lower_ != "of" and not listing)
        ):
            end = min(end, child.left_edge.i)  # "23 pirates in the Gulf": what, not where
            break
    for i in range(head.i + 1, end):
        if ctx.doc[i].ent_type_ in ("DATE", "TIME"):
            end = i  # "an emergency patch Wednesday": when, not what
            break
    tokens = [t for t in ctx.doc[start:end] if t.dep_ not in ("relcl", "punct") or t.i == head.i]
    text = ctx.doc[start:end].text if len(tokens) == end - start else " ".join(t.text for t in tokens)
    return _strip_determiner(text.strip(" ,;:")).removesuffix("’s").removesuffix("'s")


def event_place(ctx: ClaimContext, verb: Token, target: Token | None) -> str | None:
    """Where it happened: a place named in an "in/at/near" phrase of the verb or its object."""
    for head in (verb, target):
        if head is None:
            continue
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in PLACE_PREPOSITIONS:
                continue
            for grand in child.children:
                ent = ctx.entity(grand)
                if grand.dep_ == "pobj" and ent is not None and ent.label_ in PLACE_LABELS:
                    return entity_text(ent)
    return None


def event_statement(ctx: ClaimContext, verb: Token, span: Span, actor: str, date: str | None) -> str:
    """The event as a line an editor reads alone: the actor's full name, then the clause from its
    verb group ("Jens Stoltenberg visited Tokyo"), with a date stated before the subject."""
    group = verb.head if verb.dep_ == "xcomp" and verb.head.i < verb.i else verb  # "agreed to buy"
    first = min(
        [group.i, *(c.i for c in group.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < group.i)]
    )
    if group is verb:
        first = max(first, span.start)
    rest = ctx.doc[first : span.end].text if first < span.end else verb.text
    statement = f"{actor} {rest}".strip()
    if date and not any(
        d.start_char >= ctx.doc[first].idx
        for d in ents_within(ctx.doc, span.start, span.end)
        if d.label_ == "DATE"
    ):
        statement += f" ({date})"
    return statement


def phrasal_lemma(verb: Token) -> str:
    """The verb's lemma with its particle ("passed away" -> "pass away", "stepped down")."""
    lemma = verb.lemma_.lower()
    particle = next(
        (
            c
            for c in verb.children
            if c.i == verb.i + 1
            and (
                c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ("away", "down", "out", "over", "off"))
            )
        ),
        None,
    )
    if particle is None and lemma == "pass" and _dies(verb):
        return "pass away"  # "she passed peacefully this morning"
    return f"{lemma} {particle.lower_}" if particle is not None else lemma


# Complements that make "pass" a movement or a transfer: "passed through", "passed it to".
_PASS_COMPLEMENTS = frozenset({"dobj", "prt", "dative", "ccomp", "xcomp", "attr", "oprd", "agent"})
_PASS_PLACES = frozenset({"by", "through", "into", "over", "to", "from", "under", "across", "along", "on"})


def _dies(verb: Token) -> bool:
    """Intransitive "pass" of a person, with no object, particle or path, means "die" (WordNet's
    sense "pass away"): "the actress passed peacefully", not "the bill passed", "he passed the ball"."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) != 1 or any(c.dep_ in _PASS_COMPLEMENTS or c.dep_ == "auxpass" for c in verb.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in _PASS_PLACES for c in verb.children):
        return False
    subject = subjects[0]
    return subject.ent_type_ == "PERSON" or (
        subject.pos_ == "NOUN" and subject.tag_ == "NN" and wordnet.names_people(subject.lemma_.lower())
    )


def nominal_events(ctx: ClaimContext) -> list[ClaimItem]:
    """Events named by a noun with its actor as possessor: "Stoltenberg's visit to Japan",
    "his trip to Kyiv" (the pronoun resolved), "AMD's acquisition of ATI"."""
    claims: list[ClaimItem] = []
    for noun in ctx.doc:
        verb = EVENT_NOUNS.get(noun.lemma_.lower()) if noun.pos_ == "NOUN" else None
        if verb is None or noun.tag_ == "NNS":
            continue  # "her attacks on Sanders": a plural names a series of acts, not one event
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        goal = next(
            (
                g
                for p in noun.children
                if p.dep_ == "prep" and p.lower_ in ("to", "of", "with", "on", "in")
                for g in p.children
                if g.dep_ == "pobj"
            ),
            None,
        )
        if owner is None or goal is None:
            continue
        names, weight = actors_of(ctx, owner)
        if not names:
            continue
        span = ctx.doc[owner.left_edge.i : goal.right_edge.i + 1]
        if "\n" in span.text or ctx.skipped(span.start_char, span.end_char) or len(span) > 12:
            continue
        actor = " and ".join(names)
        target = phrase(ctx, goal, span)
        claims.append(
            ClaimItem(
                kind="event",
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                sentence=ctx.sentence(noun),
                subject=actor,
                action=verb,
                target=target,
                entities=tuple(dict.fromkeys([*names, target])),
                confidence=round(0.6 * weight, 2),
                statement=f"{actor}: {noun.text} {ctx.doc[noun.i + 1 : span.end].text}".strip(),
            )
        )
    return claims


def find_events(ctx: ClaimContext) -> tuple[list[ClaimItem], set[int]]:
    """Event claims, and the start offsets of the date entities they carry."""
    claims: list[ClaimItem] = []
    taken: set[int] = set()
    by_verb = ctx.dates_by_verb()
    for verb in ctx.doc:
        lemma = phrasal_lemma(verb)
        if verb.pos_ != "VERB" or lemma not in EVENT_VERBS or _negated(verb) or _hedged(verb):
            continue
        if verb.dep_ in ("amod", "acl", "pcomp", "csubj") or (
            verb.tag_ == "VBG" and verb.dep_ not in ("ROOT", "conj")
        ):
            continue  # "the invading army", "totaling $5m": descriptions, not reported events
        if lemma in WRAPPER_VERBS and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in EVENT_VERBS for c in verb.children
        ):
            continue  # "decided to contribute $30m": the contribution is the claim
        if any(c.i > verb.i and c.lower_ in CREDIT_OBJECTS for c in verb.children):
            continue  # "X and Y contributed reporting": a byline credit, not news
        if _habitual(verb) or _unrealised(verb):
            continue
        subjects, inherited = subject_tokens(verb)
        names: list[str] = []
        factor = 1.0
        for token in subjects:
            found, weight = actors_of(ctx, token)
            for name in found:
                if name not in names:
                    names.append(name)
                    factor = min(factor, weight)
        if not names:
            continue
        dated = list(by_verb.get(verb.i, []))
        if (
            not dated
            and verb.dep_ == "advcl"
            and any(c.lower_ in ("when", "as", "after") for c in verb.children)
        ):
            dated = list(by_verb.get(verb.head.i, []))  # "In 2014, when Russia invaded Crimea, ..."
        if not dated and verb.dep_ == "conj":
            # "Last year, Japan reviewed the rules and provided vests": a time stated before the
            # first verb holds for the verbs coordinated with it.
            dated = [d for d in by_verb.get(verb.head.i, []) if d.ent.start < verb.head.i]
        span = event_span(ctx, verb, [] if inherited else subjects, dated)
        if ctx.skipped(span.start_char, span.end_char):
            continue
        resolved = next((d.value for d in dated if d.value is not None), None)
        taken.update(d.ent.start_char for d in dated if d.value is not None)
        confidence = 0.75 * factor * (0.85 if inherited else 1.0) * (0.9 if is_future(verb) else 1.0)
        actor = " and ".join(names)
        target = event_target(verb)
        if target is None and lemma in REPORTING_VERBS:
            continue  # "the ministry announced on Friday": what it announced is elsewhere
        claims.append(
            ClaimItem(
                kind="event",
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                sentence=ctx.sentence(verb),
                date=resolved,
                subject=actor,
                action=lemma,
                target=phrase(ctx, target, span)
                if target is not None and span.start <= target.i < span.end
                else None,
                place=event_place(ctx, verb, target),
                # "will accept" is a plan, not the acceptance: it never joins a report of the act.
                qualifiers=_tense(verb),
                entities=_clause_entities(ctx, verb, names),
                confidence=round(confidence, 2),
                statement=event_statement(ctx, verb, span, actor, resolved),
            )
        )
    claims.extend(nominal_events(ctx))
    return claims, taken
