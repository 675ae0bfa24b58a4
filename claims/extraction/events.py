"""Event claims: a named actor did something (visited, met, signed...) at a time or place.

Everything comes from the dependency parse: the verb, its subject, the named entities in its
clause and the date entities attached to it. Precision comes first: the actor must be a named
entity (or a pronoun that resolves to a person named just before), the verb one of a list of
event verbs, and negated clauses are skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .dates import governing_verb, is_future
from .types import ClaimItem

if TYPE_CHECKING:
    from .claimset import ClaimContext

EVENT_VERBS = frozenset(
    """
    visit meet announce sign contribute attend hold launch approve invade send dispatch provide
    host pledge donate adopt ratify agree impose lift join leave withdraw deploy fire test arrest
    elect appoint nominate resign release open close kill attack seize annex occupy capture
    sanction condemn unveil introduce pass veto enact ban suspend propose formulate establish
    found create travel fly arrive return win lose defeat award grant lend allocate spend invest
    pay raise cut reduce increase double triple deliver supply ship export import order buy sell
    acquire purchase declare publish issue report confirm reject accept vote begin start end
    complete conduct stage dispatch recognize recognise inaugurate convene summon expel
    participate decide promise vow call name hire fire sue charge convict sentence acquit
    """.split()
)

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
INVOLVED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})

# Nouns that make an institution out of a nationality or country ("the Japanese government").
INSTITUTION_NOUNS = frozenset(
    """
    government ministry military army navy police parliament cabinet court administration
    embassy president leader forces force coast guard legislature senate congress council
    """.split()
)

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
SUBJECT_DEPS = ("nsubj",)
# Children whose subtrees are separate statements, not part of this event's span.
CLAUSE_DEPS = frozenset({"conj", "cc", "advcl", "ccomp", "parataxis", "punct", "relcl", "mark", "dep", "xcomp"})


def _name_of(ctx: ClaimContext, token: Token) -> tuple[str, Span] | None:
    """The named entity ``token`` is part of (full name for a surname), if it names an actor."""
    ent = ctx.entity(token)
    if ent is not None and ent.label_ in ACTOR_LABELS:
        if ent.label_ == "NORP":
            return None  # "Japanese" alone is an adjective, not an actor
        text = ent.text
        if text.lower().startswith("the "):
            text = text[4:]
        if text.endswith(("’s", "'s")):
            text = text[:-2]
        return ctx.full_name(text, ent.label_), ent
    return None


def _institution(ctx: ClaimContext, token: Token) -> str | None:
    """"Japanese government" / "Japan's foreign ministry": a national institution as an actor."""
    if token.lemma_.lower() not in INSTITUTION_NOUNS:
        return None
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss") and child.i < token.i:
            ent = ctx.entity(child)
            if ent is not None and ent.label_ in ("NORP", "GPE", "ORG"):
                start = min(ent.start, *(c.i for c in token.children if c.dep_ == "amod" and c.i < token.i))
                words = ctx.doc[start : token.i + 1].text
                return words.removeprefix("the ")
    return None


def _resolve_pronoun(ctx: ClaimContext, token: Token) -> str | None:
    """He/she -> the last person named in this or the previous sentence, if there is just one."""
    sent = token.sent
    window_start = sent.start
    if sent.start > 0:
        window_start = ctx.doc[sent.start - 1].sent.start
    people: list[str] = []
    for ent in ctx.doc[window_start : token.i].ents:
        if ent.label_ == "PERSON":
            name = ctx.full_name(ent.text, "PERSON")
            if name not in people:
                people.append(name)
    return people[-1] if len(people) == 1 else None


def actor_of(ctx: ClaimContext, token: Token) -> tuple[str, float] | None:
    """The named actor a subject token refers to, with a confidence factor."""
    named = _name_of(ctx, token)
    if named is not None:
        return named[0], 1.0
    for child in token.children:
        # "Prime Minister Fumio Kishida" is sometimes headed by "Minister".
        if child.dep_ in ("compound", "appos") and (named := _name_of(ctx, child)) is not None:
            return named[0], 0.9
    if (institution := _institution(ctx, token)) is not None:
        return institution, 0.9
    if token.lower_ in PERSONAL_PRONOUNS and (name := _resolve_pronoun(ctx, token)) is not None:
        return name, 0.75
    return None


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The subject tokens of ``verb`` (with conjuncts), and whether they were inherited.

    A verb without its own subject takes the subject of the verb it is conjoined to or
    controlled by ("went to Europe to attend", "met X and signed").
    """
    current = verb
    inherited = False
    for _ in range(6):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if not subjects:
            agents = [c for c in current.children if c.dep_ == "agent"]
            subjects = [g for a in agents for g in a.children if g.dep_ == "pobj"]
        if subjects:
            heads = subjects[:1]
            heads.extend(c for c in subjects[0].conjuncts if c.i > subjects[0].i)
            return heads, inherited
        if current.dep_ in ("conj", "xcomp") and current.head is not current:
            current = current.head
            inherited = True
            continue
        break
    return [], inherited


def describe_actor(ctx: ClaimContext, verb: Token) -> tuple[str | None, tuple[str, ...]]:
    """Subject text (a named actor, else the plain noun phrase) and entities of ``verb``'s clause."""
    subjects, _ = subject_tokens(verb)
    names: list[str] = []
    for token in subjects:
        found = actor_of(ctx, token)
        if found is not None:
            names.append(found[0])
    entities = _clause_entities(ctx, verb, names)
    if names:
        return " and ".join(names), entities
    if subjects and subjects[0].pos_ in ("NOUN", "PROPN"):
        chunk = ctx.doc[subjects[0].left_edge.i : subjects[0].i + 1].text
        return chunk.removeprefix("the ").removeprefix("The "), entities
    return None, entities


def _clause_tokens(verb: Token) -> list[Token]:
    """The verb with its arguments, leaving out subordinate and coordinated clauses."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS and (token is verb or child.pos_ in ("VERB", "AUX")):
                continue
            if child.dep_ in ("nsubj", "nsubjpass") and token is not verb:
                continue
            stack.append(child)
    return out


def _clause_entities(ctx: ClaimContext, verb: Token, names: list[str]) -> tuple[str, ...]:
    found: list[str] = list(names)
    for token in sorted(_clause_tokens(verb), key=lambda t: t.i):
        ent = ctx.entity(token)
        if ent is None or ent.label_ not in INVOLVED_LABELS or ent.start != token.i:
            continue
        name = ctx.full_name(ent.text.removeprefix("the "), ent.label_)
        if name not in found:
            found.append(name)
    return tuple(found)


def dates_by_verb(ctx: ClaimContext) -> dict[int, list[tuple[Span, str | None]]]:
    """Date entities grouped by the index of their nearest governing verb."""
    grouped: dict[int, list[tuple[Span, str | None]]] = {}
    for ent, resolved in ctx.dates():
        verb = governing_verb(ent.root)
        if verb is not None:
            grouped.setdefault(verb.i, []).append((ent, resolved))
    return grouped


def _negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" for child in verb.children)


def find_events(ctx: ClaimContext) -> tuple[list[ClaimItem], set[int]]:
    """Event claims, and the start offsets of the date entities they carry."""
    claims: list[ClaimItem] = []
    taken: set[int] = set()
    by_verb = dates_by_verb(ctx)
    for verb in ctx.doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in EVENT_VERBS or _negated(verb):
            continue
        if verb.dep_ in ("amod", "acl") or verb.tag_ == "VBG" and verb.dep_ != "ROOT" and verb.dep_ != "conj":
            continue  # "the invading army", "totaling $5m": descriptions, not reported events
        subjects, inherited = subject_tokens(verb)
        names: list[str] = []
        factor = 1.0
        for token in subjects:
            found = actor_of(ctx, token)
            if found is not None:
                names.append(found[0])
                factor = min(factor, found[1])
        if not names:
            continue
        clause = _clause_tokens(verb)
        start_i = min(min(t.i for t in clause), subjects[0].i if not inherited else verb.i)
        if not inherited:
            start_i = min(start_i, subjects[0].left_edge.i)
        end_i = max(t.i for t in clause)
        # Keep the claim to its own sentence and leave out a trailing comma or quote mark.
        sent = verb.sent
        start_i = max(start_i, sent.start)
        end_i = min(end_i, sent.end - 1)
        while end_i > verb.i and ctx.doc[end_i].is_punct:
            end_i -= 1
        span = ctx.doc[start_i : end_i + 1]
        if ctx.skipped(span.start_char, span.end_char):
            continue
        attached = by_verb.get(verb.i, [])
        resolved = next((value for _, value in attached if value is not None), None)
        for ent, value in attached:
            if value is not None:
                taken.add(ent.start_char)
        confidence = 0.75 * factor * (0.85 if inherited else 1.0) * (0.9 if is_future(verb) else 1.0)
        claims.append(
            ClaimItem(
                kind="event",
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                sentence=ctx.sentence(verb),
                date=resolved,
                subject=" and ".join(names),
                action=verb.lemma_.lower(),
                entities=_clause_entities(ctx, verb, names),
                confidence=round(confidence, 2),
            )
        )
    return claims, taken
