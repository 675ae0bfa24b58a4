"""Direct quotes with their cue and resolved speaker.

Quotation marks are paired on the raw text (:mod:`.quote_marks`); each quoted stretch is then
attributed with the dependency parse (unless a name signs it after a dash, ``"..." ― Ana Diaz``),
trying in turn

1. a cue after the quote (``"...," said Hayashi`` / ``"...," he said``),
2. a cue before it ending in a colon or comma (``He told VOA: "..."``),
3. a reporting verb that governs the quote (``condemned Beijing's "heavy military buildup"``):
   a partial quote. Its span is then the whole reported content (the verb's complement, with the
   object of "called X "..."", up to a dash or semicolon after the last quoted words), since that
   is what the speaker is on record as saying; the quoted words are in ``Quote.parts``. The
   outermost speech verb of the sentence wins ("Trump said that Clinton called it "..."").
   A fragment running inside a sentence (``insisted that he has "won,"``) tries this step first,
4. nothing in its sentence: a quote that only continues the previous speaker's quote.

A quote split around its cue (``"...," he said. "..."``) is one Quote whose span runs from the
first part to the last, with each quoted part in ``Quote.parts`` and ``Quote.split`` set: its
words are the parts (``Quote.words``), not the cue between them. Quotes with no speaker (scare
quotes, titles) and quotes in headlines are not returned.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .nlp import doc_text
from .people import ResolvedSpeaker, SpeakerBook, describe_speaker, named_speaker, recent_speaker
from .quote_cues import (
    can_speak,
    cue_tokens,
    is_cue,
    looks_like_title,
    speaker_in,
    speaker_like,
    subject_of,
)
from .quote_lexicon import (
    REPORT_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
)
from .quote_marks import MarkedSpan, find_marked_spans
from .types import BoilerplateRange, Quote, Span, SpeakerRef

_MARK_CHARS = set('"“”„«»')
_STOP_TOKENS = {".", "!", "?"}
_MAX_CLAUSE = 45  # tokens looked at before or after a quote for its cue
# Where a partial quote's reported clause stops after its last quoted words.
_BREAK_RE = re.compile(r";|—|–| - |\(")
# A signature closing a quote's paragraph: "..." ― Ana Diaz
_SIGNATURE_RE = re.compile(
    r"[^\S\n]*(?:[―—–]|--?)[^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,4})[^\S\n.]*\.?[^\S\n]*(?:\n|$)"
)
# Prepositions of a phrase saying where or when something was said, not what.
_SETTING_PREPS = frozenset(["on", "in", "during", "at", "after", "before", "from", "via", "through"])
# Where words were said: "in a statement", "on Twitter".
_OCCASION_NOUNS = frozenset(
    [
        "interview",
        "statement",
        "tweet",
        "post",
        "speech",
        "rally",
        "email",
        "letter",
        "Twitter",
        "Facebook",
        "conference",
        "appearance",
        "briefing",
        "release",
        "op-ed",
        "show",
    ]
)
# Dependencies joining a verb beside another rather than inside its content.
_SIDE_DEPS = {"advcl", "conj", "parataxis", "npadvmod"}


@dataclass
class _Found:
    """A quote being built: the span emitted, the quoted parts, and its attribution."""

    start: int
    end: int
    parts: list[Span]
    paragraph: int
    cue: Token | None = None
    speaker_head: Token | None = None
    kind: str = "direct"  # direct | partial | continuation
    speaker: ResolvedSpeaker | None = None
    extra_cue: list[Token] = field(default_factory=list)
    signature: Span | None = None  # a name signing the quote after a dash
    split: bool = False  # its parts are direct quotes around the cue: "...," he said. "..."


class _Context:
    """Per-document lookups shared by the steps below."""

    def __init__(self, doc: Doc, marked: Sequence[MarkedSpan]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.tok_starts = [t.idx for t in doc]
        self.mark_starts = {m.start for m in marked}
        self.mark_ends = {m.end for m in marked}

    def token_at(self, char: int) -> int:
        """Index of the token covering ``char`` (or the last one before it)."""
        return max(0, bisect.bisect_right(self.tok_starts, char) - 1)

    def paragraph_bounds(self, char: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, char) + 1
        end = self.text.find("\n", char)
        return start, (len(self.text) if end < 0 else end)

    def breaks_after(self, tok: Token) -> bool:
        return "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text)

    def lead(self, first: int) -> list[Token]:
        """Tokens of the clause before token ``first``, back to the sentence or paragraph start."""
        out: list[Token] = []
        i = first - 1
        while i >= 0 and len(out) < _MAX_CLAUSE:
            tok = self.doc[i]
            if (
                tok.text in _STOP_TOKENS
                or self.breaks_after(tok)
                or tok.idx + len(tok.text) in self.mark_ends
            ):
                break
            if not tok.is_space:
                out.append(tok)
            i -= 1
        out.reverse()
        return out

    def tail(self, last: int) -> list[Token]:
        """Tokens of the clause after token ``last``, up to the sentence end or the next quote."""
        out: list[Token] = []
        if self.breaks_after(self.doc[last]):
            return out
        i = last + 1
        while i < len(self.doc) and len(out) < _MAX_CLAUSE:
            tok = self.doc[i]
            if tok.text in _STOP_TOKENS or tok.idx in self.mark_starts:
                break
            if not tok.is_space:
                out.append(tok)
            if self.breaks_after(tok):
                break
            i += 1
        return out


def _inner(text: str, m: MarkedSpan) -> tuple[int, int]:
    """The quoted words without their marks and the comma before a closing mark."""
    start = m.start + 1
    end = m.end - 1 if m.closed else m.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


# Subordinators of a clause of time, reason or condition: "“...,” when Clinton blasted him".
_SUBORDINATORS = frozenset(
    ["when", "as", "after", "before", "while", "because", "since", "if", "although", "until"]
)


def _subordinate(verb: Token) -> bool:
    """Whether ``verb`` heads a clause opened by a subordinator, which says when or why, not who."""
    return any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in verb.children) or any(
        t.lower_ in ("when", "while") and t.dep_ == "advmod" for t in verb.children if t.i < verb.i
    )


def _looks_like_headline(text: str, p_start: int, p_end: int) -> bool:
    """A line with no sentence-final punctuation, or in capitals, is a heading."""
    line = text[p_start:p_end].rstrip()
    letters = [c for c in line if c.isalpha()]
    if len(letters) > 8 and all(c.isupper() for c in letters):
        return True
    return not line.endswith((".", "!", "?", '"', "”", "’", "'", ")", ":", ",")) and len(line.split()) <= 25


def _attribute(ctx: _Context, m: MarkedSpan, paragraph: int) -> _Found | None:
    """Attribute one quoted stretch (steps 1-4 of the module docstring)."""
    doc, text = ctx.doc, ctx.text
    first = ctx.token_at(m.start)
    last = ctx.token_at(m.end - 1)
    start, end = _inner(text, m)
    if end <= start:
        return None
    found = _Found(start, end, [Span(start, end)], paragraph)
    signed = _SIGNATURE_RE.match(text, m.end) if m.closed else None
    if signed is not None:
        name_end = signed.end(1)
        if text[name_end - 1] == "." and not text[name_end - 3 : name_end - 1].isupper():
            name_end -= 1  # the full stop after "Ana Diaz.", not the one of an initial
        found.signature = Span(signed.start(1), name_end)
        return found
    tail = ctx.tail(last)
    lead = ctx.lead(first)
    closing = text[m.end - 2] if m.closed and m.end >= 2 else ""
    # A fragment inside a running sentence ("insisted that he has "expanded the party," adding")
    # is reported speech first: its comma is the sentence's, not the end of an utterance.
    embedded = bool(lead) and not lead[-1].is_punct
    title = looks_like_title(text[start:end])
    if title and _NAMED_WORK_RE.search(text, max(0, m.start - 30), m.start):
        return None  # 'on ABC's "This Week,"', 'a host of "Shark Tank"': the name of a show or book
    if embedded and _partial(ctx, m, found, title=title):
        return found
    # 1. cue after the quote: a speech verb, or any verb right after a quote ending in ",?!"
    #    ("...," Trump barked), where news style leaves no other reading.
    if tail and (closing in ",?!—–-" or not lead):
        for n, tok in enumerate(tail[:25]):
            loose = (
                closing in ",?!—–-"
                and n <= 8
                and tok.pos_ == "VERB"
                # "...," Trump barked — but not "...," Beijing needs to improve: that verb has its
                # own complement, so the quote is part of the sentence, not said by its subject.
                and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp") for c in tok.children)
            )
            if is_cue(tok, SPEECH_VERBS) or loose:
                if lead and _subordinate(tok):
                    break  # "... saying, “...,” when Clinton blasted him": a clause of time, not the cue
                found.cue, found.speaker_head = tok, speaker_in(tail, tok)
                if found.speaker_head is not None:
                    return found
                break
    # 2. cue before the quote, ending in a colon or comma (maybe at the end of the last paragraph),
    #    or a speech verb right before the opening mark (Ryan said "...").
    if not lead:
        prev = first - 1
        while prev >= 0 and doc[prev].is_space:
            prev -= 1
        if prev >= 0 and doc[prev].text == ":":
            lead = [*ctx.lead(prev), doc[prev]]
    introduced = bool(lead) and (lead[-1].text in (":", ",") or is_cue(lead[-1], SPEECH_VERBS))
    if introduced:
        for tok in reversed(lead):
            if is_cue(tok, SPEECH_VERBS):
                if any(t.i > tok.i and t.pos_ in ("VERB", "AUX") for t in lead) and _partial(ctx, m, found):
                    # "She said the crisis was not the banks' fault, "not by a long shot."": the
                    # quote ends a reported clause, which is what she is on record as saying.
                    return found
                found.cue, found.speaker_head = tok, speaker_in(lead, tok)
                if found.speaker_head is not None:
                    return found
                break
        for i in range(len(lead) - 2):
            if lead[i].lower_ == "according" and lead[i + 1].lower_ == "to":
                found.cue, found.speaker_head = lead[i], lead[i + 2]
                for j in range(i + 2, len(lead)):
                    if lead[j].dep_ == "pobj":
                        found.speaker_head = lead[j]
                        break
                return found
    # 3. a reporting verb governing the quote: a partial quote inside reported speech
    if not embedded and _partial(ctx, m, found, title=title):
        return found
    # 4. nothing in the sentence: a quote standing alone (or after a colon) continues or is
    #    given by the previous speaker; a fragment that is not a sentence is a scare quote.
    quoted = text[start:end]
    # A nested quote may close the sentence ("... saying, 'Do not quit.'").
    final = quoted.rstrip("'’‘)")[-1:]
    sentence_like = quoted[:1].isupper() and (final in ".?!…—-" or not m.closed or closing == ",")
    if (not lead or introduced) and sentence_like:
        found.kind = "continuation"
        if introduced and lead:
            for tok in reversed(lead):
                if tok.pos_ in ("VERB", "AUX"):
                    subject = subject_of(tok)
                    if subject is not None and speaker_like(subject):
                        found.cue, found.speaker_head = tok, subject
                    break
        return found
    return None


def _partial(ctx: _Context, m: MarkedSpan, found: _Found, *, title: bool = False) -> bool:
    """Step 3: attribute ``found`` to a reporting verb governing the quote; its span becomes the
    whole reported content (the verb's complement holding the quote). A quoted title needs a
    reporting verb: "hosts "This Week"" quotes nobody, and "said on "Face the Nation"" names the
    show, not what was said."""
    min_rank = 2 if title else 1
    doc, text = ctx.doc, ctx.text
    start, end = found.start, found.end
    inner_first, inner_last = ctx.token_at(start), ctx.token_at(end - 1)
    anchor = None
    for tok in doc[inner_first : inner_last + 1]:
        if not (start <= tok.head.idx < end):
            anchor = tok
            break
    # Climb from the quote to the sentence root. A speech verb wins over verbs of other kinds, and
    # the outermost of equal rank wins: in "Trump said that Clinton described it as "the gold
    # standard"" Trump is on record for the whole reported clause, which holds Clinton's words.
    cur = anchor
    # (rank, verb, child on path, speaker, first token of the reported words when an aside cue
    # decides it rather than the child's subtree)
    choice: tuple[int, Token, Token, Token, Token | None] | None = None
    topic = False  # the quote is a subject: only a speech or report verb above can take it
    if anchor is None:
        # The quote holds its clause's own verb ("as the paper noted, the mayor "has won fans""):
        # only an aside cue in that clause can attribute it.
        root = next((t for t in doc[inner_first : inner_last + 1] if t.head.i == t.i), None)
        if root is not None and root.pos_ in ("VERB", "AUX"):
            aside = _aside_cue(root, inner_first)
            if aside is not None:
                choice = (3, aside[0], root, aside[1], aside[2])
    for _ in range(16):
        if cur is None or cur.head.i == cur.i:
            break
        if (
            title
            and choice is None
            and cur.dep_ == "prep"
            and cur.lower_ in _SETTING_PREPS
            and cur.head.pos_ in ("VERB", "AUX")
            and is_cue(cur.head, SPEECH_VERBS)
        ):
            break  # "said on CNN's "State of the Union"": where it was said, not what
        if title and choice is None and cur.dep_ in ("dobj", "dative") and cur.head.lemma_ == "tell":
            break  # "told MSNBC's "Morning Joe"": who heard it
        parent = cur.head
        if (
            cur.dep_ == "conj"
            and choice is not None
            and choice[1].i == cur.i
            and choice[0] >= 2
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
        ):
            break  # "Cruz accuses ... and Trump says he's "...": a second speaker beside the first
        if (
            not (start <= parent.idx < end)
            and parent.pos_ == "NOUN"
            and parent.lemma_.lower() in SPEECH_NOUNS
            and cur.dep_ in ("acl", "ccomp")
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in cur.children)
        ):
            # "a report by the Herald that he "invented" the story": the noun's author said it.
            author = _author_of(parent)
            if author is not None:
                choice = (3, parent, cur, author, None)
        if not (start <= parent.idx < end) and parent.pos_ in ("VERB", "AUX"):
            if cur.dep_ in ("nsubj", "nsubjpass", "csubj") and choice is None:
                topic = True  # "the quote" is what this verb is about, not what someone said
            head = subject_of(parent)
            if head is not None and parent.pos_ == "VERB":
                rank = 3 if is_cue(parent, SPEECH_VERBS) else 2 if is_cue(parent, REPORT_VERBS) else 1
                if (rank == 1 and (topic or not speaker_like(head))) or rank < min_rank:
                    rank = 0
                if rank and (choice is None or rank >= choice[0]):
                    choice = (rank, parent, cur, head, None)
                if (
                    choice is not None
                    and choice[1].i == parent.i
                    and parent.dep_ in _SIDE_DEPS
                    and parent.tag_ == "VBG"
                ):
                    break  # "...," he said, adding that "...": a second cue beside the first
            aside = _aside_cue(parent, inner_first)
            if aside is not None:
                # "the two cities, Chen said, now have a "rare chance"": the cue is an aside in
                # the clause that holds the quote, and the whole clause is what was said.
                choice = (3, aside[0], parent, aside[1], aside[2])
        cur = parent
    if choice is not None:
        _, verb, child, head, reported = choice
        p_start, p_end = ctx.paragraph_bounds(m.start)
        left = reported or child.left_edge
        if (
            reported is None
            and child.dep_ in ("oprd", "prep", "xcomp", "advcl", "acomp")
            # "accused the mayor of "fanatic recklessness"", "likened the rules to "...": who
            # or what it was said about is not part of the words ("described X as" keeps it).
            and not (child.dep_ == "prep" and child.lower_ in ("of", "to"))
        ):
            # "called Wells Fargo's behavior "outrageous"": the object belongs to what was said.
            for obj in verb.rights:
                if obj.dep_ in ("dobj", "dative") and obj.i < child.i:
                    left = obj.left_edge
                    break
        sub_start = max(p_start, min(left.idx, m.start))
        right = child.right_edge
        sub_end = min(p_end, max(right.idx + len(right.text), m.end))
        # Words after the last quoted stretch run to the first break ("...," in an interview):
        # what follows a comma or dash is the writer's, not the speaker's.
        last_mark = max((e for e in ctx.mark_ends if m.end <= e <= sub_end), default=m.end)
        cut = _BREAK_RE.search(text, last_mark, sub_end)
        if cut is not None:
            sub_end = cut.start()
        nxt = ctx.token_at(last_mark)
        while nxt < len(doc) and doc[nxt].idx < last_mark:
            nxt += 1
        if nxt < len(doc) and doc[nxt].idx < sub_end and _is_setting(doc[nxt]):
            sub_end = doc[nxt].idx
        elif (
            sub_end <= last_mark
            and text[last_mark - 2] not in ".,?!;:…"
            and _RUN_ON_RE.match(text, last_mark)
            and not (nxt < len(doc) and _is_setting(doc[nxt]))
        ):
            # 'she was "not only here to do my job" but also to back her candidate': the
            # sentence runs on past the quote and its clause.
            limit = _run_on_end(ctx, last_mark, p_end)
            # ...but not into another report ("and Mayor Ortiz says") or the clause the cue
            # itself sits in ("Diaz's accusation that ... touched off a debate").
            above = {t.i for t in verb.ancestors}
            for tok in doc[nxt:]:
                if tok.idx >= limit:
                    break
                if tok.pos_ in ("VERB", "AUX") and (tok.i in above or is_cue(tok, SPEECH_VERBS)):
                    subject = subject_of(tok)
                    if subject is not None and subject.idx >= last_mark:
                        limit = min(subject.left_edge.idx, tok.idx)  # "and Mayor Ortiz says"
                    else:
                        limit = tok.idx
                    break
            sub_end = limit
            while sub_end > last_mark and text[sub_end - 1 : sub_end].isspace():
                sub_end -= 1
            for conj in (" and", " but", " or"):
                if text.endswith(conj, last_mark, sub_end):
                    sub_end -= len(conj)
        while sub_end > sub_start and text[sub_end - 1] in " ,.;:—–-":
            sub_end -= 1
        found.start, found.end = sub_start, sub_end
        found.cue, found.speaker_head, found.kind = verb, head, "partial"
        return True
    return False


# What comes right before the name of a show, book or film: "on CBS's", "a host of".
_NAMED_WORK_RE = re.compile(r"(?:\b(?:on|in|of|from|at|during|via|with)|['’]s)\s*$", re.IGNORECASE)
_RUN_ON_RE = re.compile(r" [a-z0-9$]")
_RUN_ON_STOP_RE = re.compile(r"[,;:(—–\"“”]| - ")


def _run_on(ctx: _Context, m: MarkedSpan, found: _Found) -> None:
    """A quote whose sentence runs on past the closing mark ("“You squeezed employees” to drive
    up the stock price, she said") reports the rest of that clause too: extend the span to the
    next comma, dash or the sentence end, short of the cue and speaker."""
    text = ctx.text
    if not m.closed or m.end < 2 or text[m.end - 2] in ".,?!;:…—–-" or not _RUN_ON_RE.match(text, m.end):
        return
    limit = len(text)
    for t in (found.cue, found.speaker_head):
        if t is not None and t.idx >= m.end:
            limit = min(limit, t.left_edge.idx if t.left_edge.idx >= m.end else t.idx)
    end = _run_on_end(ctx, m.end, limit)
    while end > m.end and text[end - 1] in " .?!":
        end -= 1
    if end > found.end:
        found.end = end


def _run_on_end(ctx: _Context, mark_end: int, limit: int) -> int:
    """Where a sentence running on past the closing mark at ``mark_end`` stops: the next comma,
    colon, dash or quotation mark, else the sentence end, and never past ``limit``."""
    limit = min(limit, ctx.doc[ctx.token_at(mark_end - 1)].sent.end_char)
    stop = _RUN_ON_STOP_RE.search(ctx.text, mark_end, limit)
    return stop.start() if stop else limit


def _author_of(noun: Token) -> Token | None:
    """Who made a statement named by ``noun``: "Diaz's accusation", "a report by the Herald"."""
    for child in noun.children:
        if child.dep_ == "poss" and speaker_like(child):
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and speaker_like(pobj):
                    return pobj
    return None


def _aside_cue(clause: Token, quote_first: int) -> tuple[Token, Token, Token] | None:
    """A cue set off inside the clause before the quote: "the cities, Chen said, now have ...",
    "Lopez told NPR, her plan is ...", "According to Lopez, the council is now ...".

    Returns the cue, the speaker, and the first token of the reported words: the clause's subject
    when it comes before the aside, else the first word after it."""
    for child in clause.children:
        if child.i >= quote_first:
            break
        # A set-off cue has its own subject, so a past participle is still a cue here ("as the
        # paper noted" is often tagged VBN).
        speech = child.pos_ == "VERB" and child.lemma_.lower() in SPEECH_VERBS
        if (child.dep_ == "parataxis" and speech) or (
            # "as the paper noted in an editorial, the mayor "has won a few fans""
            child.dep_ == "advcl"
            and speech
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children)
        ):
            speaker = subject_of(child)
        elif child.dep_ == "prep" and child.lower_ == "according":
            speaker = next(
                (g for t in child.children if t.lower_ == "to" for g in t.children if g.dep_ == "pobj"), None
            )
        else:
            continue
        if speaker is None or not can_speak(speaker) or speaker.i > child.right_edge.i:
            continue
        aside_start = min(child.left_edge.i, speaker.left_edge.i)
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        if subject is not None and (subject.i < aside_start or subject.left_edge.i > child.right_edge.i):
            return child, speaker, subject.left_edge
        first = child.right_edge.i + 1
        doc = clause.doc
        while first < quote_first and (doc[first].is_punct or doc[first].is_space):
            first += 1
        return child, speaker, doc[first]
    return None


def _is_setting(tok: Token) -> bool:
    """Whether ``tok`` opens a phrase saying when or where words were said, right after the quote
    ("a "crazy system" during a campaign stop", "... Wednesday", "in a statement")."""
    if tok.lower_ == "during" or tok.ent_type_ in ("DATE", "TIME"):
        return True
    return tok.lower_ in ("in", "on") and any(
        c.dep_ == "pobj" and c.lemma_ in _OCCASION_NOUNS for c in tok.children
    )


def _paragraph_numbers(text: str) -> tuple[list[int], list[int]]:
    """Line starts, and for each line its number among non-blank lines (blank lines do not count)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    numbers = []
    n = -1
    for i, st in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        if text[st:end].strip():
            n += 1
        numbers.append(n)
    return starts, numbers


def find_quotes(
    doc: Doc, *, skip: Sequence[BoilerplateRange] = (), people: SpeakerBook | None = None
) -> tuple[list[Quote], list[SpeakerRef]]:
    """Direct and partial quotes of ``doc`` with resolved speakers, and the article's speakers.

    ``people`` is the document's people index (the pipeline builds one for quotes and claims).
    """
    text = doc_text(doc)
    ranges = sorted((r.start, r.end) for r in skip)
    marked = [m for m in find_marked_spans(text) if not any(s < m.end and m.start < e for s, e in ranges)]
    if not marked:
        return [], []
    ctx = _Context(doc, marked)
    line_starts, para_of_line = _paragraph_numbers(text)
    index = people if people is not None else SpeakerBook(doc, ranges)
    index.note_quoted([(m.start, m.end) for m in marked])
    built: list[_Found] = []
    for m in marked:
        line = bisect.bisect_right(line_starts, m.start) - 1
        line_end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
        signed = m.closed and _SIGNATURE_RE.match(text, m.end) is not None
        if not signed and _looks_like_headline(text, line_starts[line], line_end):
            continue
        p = para_of_line[line]
        found = _attribute(ctx, m, p)
        if found is None:
            continue
        prev = built[-1] if built else None
        if found.signature is not None:
            sig = found.signature
            token = doc[ctx.token_at(sig.start)]
            found.speaker = named_speaker(text[sig.start : sig.end], sig, token, index)
        elif found.kind == "continuation" and found.speaker_head is None:
            if prev is not None and prev.paragraph == p and prev.kind == "direct":
                # "...," he said. "..." — the same quote, split around its cue.
                prev.parts.extend(found.parts)
                prev.end = max(prev.end, found.end)
                prev.split = True
                continue
            if prev is not None and p - prev.paragraph <= 2:
                found.cue, found.speaker = prev.cue, prev.speaker
            else:
                found.speaker = recent_speaker(doc[ctx.token_at(m.start)], index)
        elif (
            prev is not None
            and found.cue is not None
            and prev.cue is not None
            and found.cue.i == prev.cue.i
            and ((prev.kind == found.kind == "direct") or found.start < prev.end)
        ):
            # One cue for two stretches: "...," he said, "..." or partial quotes in one clause.
            prev.split = prev.split or (prev.kind == found.kind == "direct" and found.start >= prev.end)
            prev.parts.extend(found.parts)
            prev.end = max(prev.end, found.end)
            continue
        if found.speaker is None and found.speaker_head is not None:
            found.speaker = describe_speaker(found.speaker_head, index)
        if found.kind != "partial" and found.signature is None:
            _run_on(ctx, m, found)
        built.append(found)
    quotes = [_to_quote(doc, f, text) for f in built if f.speaker is not None]
    used = {name for q in quotes for name in (q.speaker, *q.speaker_candidates) if name}
    return quotes, index.refs(used)


def _to_quote(doc: Doc, f: _Found, text: str) -> Quote:
    speaker = f.speaker
    assert speaker is not None
    cue_text, cue_span = None, None
    if f.cue is not None:
        toks = cue_tokens(f.cue)
        cue_span = Span(toks[0].idx, toks[-1].idx + len(toks[-1].text))
        cue_text = text[cue_span.start : cue_span.end]
    first_tok = doc.char_span(f.start, f.start + 1, alignment_mode="expand")
    sentence = first_tok[0].sent.text if first_tok is not None and len(first_tok) else ""
    confidence = 0.9 if f.kind == "direct" else 0.7
    if speaker.kind == "person" and speaker.name == text[speaker.span.start : speaker.span.end]:
        confidence += 0.05  # named in full right at the quote, nothing resolved
    return Quote(
        speaker_status=speaker.status,
        # No words at all when the phrase found is not a source ("the country's capabilities").
        speaker_text=text[speaker.span.start : speaker.span.end] if speaker.text or speaker.name else None,
        speaker_candidates=speaker.candidates,
        speaker_confidence=round(speaker.confidence, 2),
        start=f.start,
        end=f.end,
        text=text[f.start : f.end],
        speaker=speaker.name,
        speaker_kind=speaker.kind,
        speaker_span=speaker.span,
        cue=cue_text,
        cue_span=cue_span,
        sentence=sentence,
        confidence=confidence,
        parts=tuple(f.parts),
        split=f.split,
    )
