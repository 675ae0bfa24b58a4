"""Domain model: outlets, articles, speakers, claims, their mentions, history and claim sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.web_urls import validate_web_url


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="The publisher's name as readers know it.")
    domain = models.CharField(max_length=200, blank=True, help_text="Web domain, e.g. japantimes.co.jp.")
    country = models.CharField(max_length=100, blank=True)
    ownership_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="Outlets with the same ownership group count as one source when corroborating a claim.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source_key(self) -> str:
        """What makes two outlets independent of each other: their group, or else the outlet itself."""
        return (self.ownership_group or self.name).casefold()


class ArticleQuerySet(models.QuerySet["Article"]):
    def extracted(self) -> ArticleQuerySet:
        return self.filter(state=Article.State.EXTRACTED)


class Article(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "waiting for extraction"
        EXTRACTED = "extracted", "extracted"
        FAILED = "failed", "extraction failed"

    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(
        max_length=1000,
        blank=True,
        validators=[validate_web_url],
        help_text="Where the article was published, if known.",
    )
    byline = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the outlet published it.")
    language = models.CharField(max_length=10, default="en")
    text = models.TextField(help_text="The article text exactly as ingested; every offset refers to it.")
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the text: ingesting the same text again is a no-op."
    )
    source_path = models.CharField(max_length=1000, blank=True, help_text="The file it was ingested from.")
    boilerplate = models.JSONField(
        default=list,
        blank=True,
        help_text="Detected page furniture as [start, end, kind] ranges; extraction skips them.",
    )
    republished_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="republications",
        help_text="Set when this is a syndicated copy: a copy never counts as independent corroboration.",
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of the body text without boilerplate: finds republished copies.",
    )
    revision_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
        help_text="Set when this text is a later fetch of the same web address with changed text: the "
        "article's first version. A revision is never an independent source of what its first version says.",
    )
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a later fetch of this article's address brought changed text (stored as a revision).",
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    error = models.TextField(blank=True, help_text="Why extraction failed, when it did.")
    ingested_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            # One article per address; its later revisions share the address.
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url="") & Q(revision_of=None), name="claims_article_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "extracted", "failed"]), name="claims_article_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(republished_from=models.F("id")), name="claims_article_not_own_copy"
            ),
            models.CheckConstraint(
                condition=~Q(revision_of=models.F("id")), name="claims_article_not_own_revision"
            ),
        ]
        indexes = [
            # Article lists and API filters by publication date.
            models.Index(fields=["published_at"], name="claims_article_published_idx"),
            # Finding the original of a republished copy at ingest.
            models.Index(fields=["fingerprint"], name="claims_article_fingerprint_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def boilerplate_ranges(self) -> list[tuple[int, int, str]]:
        return [(int(r[0]), int(r[1]), str(r[2])) for r in self.boilerplate]

    @property
    def published_value(self) -> dt.date | dt.datetime | None:
        """When the article was published: a date-only publication (stored as midnight UTC) as
        its day, so that no time zone shifts it a day; otherwise the aware moment."""
        if self.published_at is None:
            return None
        utc = self.published_at.astimezone(dt.UTC)
        if (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0):
            return utc.date()
        return self.published_at

    @property
    def published_label(self) -> str:
        """The publication date as an editor reads it: a date-only one as its day, never
        "midnight"; a time in the project's TIME_ZONE."""
        value = self.published_value
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
        return value.isoformat()


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation"
        DOCUMENT = "document", "document"
        ANONYMOUS = "anonymous", "anonymous source"

    name = models.CharField(max_length=300, help_text="Canonical name: the full name, without titles.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        max_length=300, blank=True, help_text="Title or affiliation as the sources give it."
    )
    disambiguation = models.CharField(
        max_length=120,
        blank=True,
        help_text='Tells two speakers of the same name apart ("actor", "county attorney"); empty for most.',
    )
    editor_locked = models.BooleanField(
        default=False,
        help_text="An editor renamed, merged, split or kept it apart: rematch never reassigns its mentions "
        "and never deletes it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "disambiguation"]
        constraints = [
            # Two people may share a name (the attorney and the actor): the disambiguation tells them apart.
            models.UniqueConstraint(
                fields=["name", "kind", "disambiguation"],
                name="claims_speaker_name_kind_disambiguation_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation", "document", "anonymous"]),
                name="claims_speaker_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name, with its disambiguation when it has one: "Matt Smith (actor)"."""
        return f"{self.name} ({self.disambiguation})" if self.disambiguation else self.name


class SpeakerAlias(models.Model):
    """Another spelling of a speaker's full name (a transliteration, the name with a middle initial)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    # The folded full name (case, dots, hyphens, diacritics and titles ignored): the lookup key when
    # resolving speakers across articles. Two speakers of the same name share a key.
    key = models.CharField(max_length=300)
    # Persons: the folded first and last name without middle names ("donald trump" for Donald J. Trump).
    short_key = models.CharField(max_length=300, blank=True)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The article this spelling was first seen in (empty for names an editor merged in).",
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["speaker", "key"], name="claims_speakeralias_key_once_per_speaker"
            ),
        ]
        indexes = [
            # Resolving a speaker across articles: WHERE key IN (...) OR short_key IN (...).
            models.Index(fields=["key"], name="claims_speakeralias_key_idx"),
            models.Index(fields=["short_key"], name="claims_speakeralias_short_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SpeakerDuplicate(models.Model):
    """Two speakers of the same full name kept apart by the machine because their roles conflict.

    The machine never merges them silently (a wrong merge spreads to every later article); an
    editor merges them or keeps them apart.
    """

    class State(models.TextChoices):
        OPEN = "open", "open: an editor should decide"
        MERGED = "merged", "merged by an editor"
        KEPT_APART = "kept_apart", "kept apart by an editor"

    speaker = models.ForeignKey(
        Speaker, null=True, on_delete=models.SET_NULL, related_name="duplicates_as_first"
    )
    other = models.ForeignKey(
        Speaker, null=True, on_delete=models.SET_NULL, related_name="duplicates_as_second"
    )
    names = models.CharField(max_length=700, help_text="The pair as it was flagged, for the record.")
    reason = models.TextField(help_text="Why the machine did not merge them.")
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "-id"]
        verbose_name = "possible duplicate speaker"
        constraints = [
            models.UniqueConstraint(fields=["speaker", "other"], name="claims_speakerduplicate_pair_once"),
            models.CheckConstraint(
                condition=~Q(speaker=models.F("other")), name="claims_speakerduplicate_two"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "merged", "kept_apart"]),
                name="claims_speakerduplicate_state_valid",
            ),
        ]
        indexes = [
            # The admin's list of open pairs.
            models.Index(fields=["state"], name="claims_speakerdup_state_idx"),
        ]

    def __str__(self) -> str:
        return self.names


class ClaimQuerySet(models.QuerySet["Claim"]):
    def active(self) -> ClaimQuerySet:
        """Claims not merged into another one."""
        return self.filter(merged_into__isnull=True)

    def public(self) -> ClaimQuerySet:
        return self.active().filter(status__in=Claim.PUBLIC_STATUSES)


class Claim(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", "quote"
        QUANTITY = "quantity", "quantity"
        DATE = "date", "date"
        EVENT = "event", "event"
        FIRST = "first", "first / record"

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", "unreviewed"
        IN_PROGRESS = "in_progress", "in progress"
        CORROBORATED = "corroborated", "corroborated"
        CONFLICTING = "conflicting", "conflicting"
        SINGLE_SOURCE = "single_source", "single source"
        REJECTED = "rejected", "rejected"

    PUBLIC_STATUSES = (Status.CORROBORATED, Status.CONFLICTING, Status.SINGLE_SOURCE)
    # Still on the desk: nobody has given a verdict yet (never public either).
    TO_REVIEW_STATUSES = (Status.UNREVIEWED, Status.IN_PROGRESS)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(help_text="Canonical wording of the claim or quote.")
    speaker = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        help_text="Quotes only.",
    )
    value = models.FloatField(null=True, blank=True, help_text="Normalised number (7.6e9 for $7.6 billion).")
    value_max = models.FloatField(null=True, blank=True, help_text="Upper end when the claim states a range.")
    unit = models.CharField(
        max_length=100, blank=True, help_text='"USD", "JPY", "%", "collaboration area"...'
    )
    date = models.CharField(max_length=30, blank=True, help_text="Normalised date, month or range (ISO).")
    subject = models.CharField(max_length=300, blank=True, help_text="What is counted or paid, or who acted.")
    action = models.CharField(max_length=100, blank=True, help_text="Events: what the actor did.")
    measure = models.CharField(
        max_length=200, blank=True, help_text='Quantities: what is measured ("assistance", "killed").'
    )
    target = models.CharField(
        max_length=300, blank=True, help_text="Events: what the action was done to. Firsts: what was first."
    )
    qualifiers = models.CharField(
        max_length=300,
        blank=True,
        help_text='What narrows the claim ("of Democrats in Hillsborough County").',
    )
    place = models.CharField(max_length=200, blank=True, help_text="Where, when the sentence says so.")
    entities = models.JSONField(default=list, blank=True)
    worthiness = models.FloatField(
        default=0.0, help_text="Check-worthiness from 0 to 1: how much a fact-checker gains by checking it."
    )
    worthiness_reasons = models.JSONField(
        default=list, blank=True, help_text='Why it scores so ("specific figure", "prediction").'
    )
    match_key = models.CharField(
        max_length=300, blank=True, help_text="Blocking key the matcher uses to find candidate claims."
    )
    suggested_status = models.CharField(
        max_length=15, choices=Status.choices, default=Status.UNREVIEWED, help_text="Computed by the machine."
    )
    suggestion_reason = models.TextField(blank=True, help_text="Why the machine suggests its status.")
    source_count = models.PositiveIntegerField(
        default=0, help_text="Independent sources (ownership groups, copies counted once) that support it."
    )
    has_contradiction = models.BooleanField(default=False, help_text="A source contradicts the claim.")

    class NewEvidence(models.IntegerChoices):
        NONE = 0, "none"
        SUPPORTS = 1, "new source since review"
        CONTRADICTS = 2, "new source contradicts the verdict"

    new_evidence = models.PositiveSmallIntegerField(
        choices=NewEvidence.choices,
        default=NewEvidence.NONE,
        help_text="Sources that arrived after the verdict and wait for an editor (held from the public).",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        help_text="The editor working on it.",
    )
    status = models.CharField(
        max_length=15, choices=Status.choices, default=Status.UNREVIEWED, help_text="Set only by an editor."
    )
    verdict_note = models.TextField(
        blank=True, help_text="Public: shown with the claim in the API and exports."
    )
    internal_note = models.TextField(blank=True, help_text="Internal: never published.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    editor_locked = models.BooleanField(
        default=False, help_text="An editor reviewed, merged or split it: the machine never regroups it."
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_claims"
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every edit; stale saves are refused."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # PostgreSQL only: the weighted full-text document of text, subject and verdict note, kept by
    # a trigger on every insert and on every update of those columns (migration 0012), and
    # indexed with GIN. Search matches and ranks on it without re-parsing any text. Unused on
    # SQLite, which searches with LIKE.
    search_vector = SearchVectorField(null=True, editable=False)
    # Raised by database triggers (migration 0015) whenever anything the public API shows of the
    # claim changes: the claim's row, its mentions, their articles, outlets and speakers. A
    # stored public body (ClaimPublicJson) counts only while its rev equals this one. Whatever
    # Django writes here is overridden by the trigger, so the number never goes back.
    public_rev = models.BigIntegerField(default=0, editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["quote", "quantity", "date", "event", "first"]),
                name="claims_claim_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "unreviewed",
                        "in_progress",
                        "corroborated",
                        "conflicting",
                        "single_source",
                        "rejected",
                    ]
                ),
                name="claims_claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    suggested_status__in=[
                        "unreviewed",
                        "corroborated",
                        "conflicting",
                        "single_source",
                        "rejected",
                    ]
                ),
                name="claims_claim_suggested_status_valid",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claims_claim_version_positive"),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True)
                | Q(value__isnull=False, value_max__gte=models.F("value")),
                name="claims_claim_range_ordered",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claims_claim_text_not_empty"),
        ]
        indexes = [
            # The admin list and the public API filter on status and kind.
            models.Index(fields=["status", "kind"], name="claims_claim_status_kind_idx"),
            # Matching looks up candidate claims by blocking key.
            models.Index(fields=["kind", "match_key"], name="claims_claim_match_idx"),
            # Matching of quantities by unit and value.
            models.Index(fields=["unit", "value"], name="claims_claim_unit_value_idx"),
            # The public API's lists and their page counts: reviewed, unmerged claims only.
            models.Index(
                fields=["-id"],
                name="claims_claim_public_idx",
                condition=Q(
                    status__in=["corroborated", "conflicting", "single_source"], merged_into__isnull=True
                ),
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"{self.get_kind_display()}: {text}"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES and self.merged_into_id is None

    # A quote whose speaker nobody resolved shows how its sources refer to the speaker. These read
    # the claim's mentions: prefetch them (every selector that shows claims does).

    @cached_property
    def speaker_source(self) -> Mention | None:
        """For a quote without a speaker: its first unresolved or ambiguous mention."""
        return self.speaker_source_in(self.mentions.all())

    def speaker_source_in(self, mentions: Iterable[Any]) -> Any:
        """`speaker_source` among the given mentions (or rows with their fields), in source order."""
        if self.kind != Claim.Kind.QUOTE or self.speaker_id:
            return None
        return next((m for m in mentions if m.speaker_status != "resolved"), None)

    @property
    def speaker_status(self) -> str | None:
        """resolved, ambiguous or unresolved for quotes; None for other claims."""
        if self.speaker_id:
            return "resolved"
        if self.kind != Claim.Kind.QUOTE:
            return None
        source = self.speaker_source
        return source.speaker_status if source else "unresolved"

    @property
    def speaker_text(self) -> str:
        source = self.speaker_source
        return source.speaker_text if source else ""

    @property
    def speaker_candidates(self) -> list[str]:
        source = self.speaker_source
        return list(source.speaker_candidates or []) if source else []

    @property
    def speaker_display(self) -> str | None:
        """The speaker's name, "unknown speaker (he)" or "ambiguous: A or B"; None for claims that are no quotes."""
        if self.speaker_id and self.speaker:
            return self.speaker.name
        if self.kind != Claim.Kind.QUOTE:
            return None
        source = self.speaker_source
        return source.speaker_display if source else "unknown speaker"


SPEAKER_STATUS_CHOICES = [
    ("resolved", "resolved"),
    ("ambiguous", "ambiguous"),
    ("unresolved", "unresolved"),
]


def speaker_display(name: str | None, *, status: str, text: str, candidates: list[str] | None) -> str:
    """A quote's speaker as shown everywhere: its name, or how the article refers to them."""
    if name:
        return name
    if status == "ambiguous" and candidates:
        names = [str(c) for c in candidates]
        return "ambiguous: " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1])
    return f"unknown speaker ({text})" if text else "unknown speaker"


class Mention(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "supports"
        CONTRADICTS = "contradicts", "contradicts"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(
        max_length=10, choices=Claim.Kind.choices, help_text="What the extractor found here."
    )
    start = models.PositiveIntegerField(help_text="Offset of the first character in the article text.")
    end = models.PositiveIntegerField(help_text="Offset after the last character.")
    text = models.TextField(help_text="The claimed words exactly as this article has them.")
    sentence = models.TextField(blank=True)
    value = models.FloatField(null=True, blank=True)
    value_max = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    date = models.CharField(max_length=30, blank=True)
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    speaker_status = models.CharField(
        max_length=12,
        choices=SPEAKER_STATUS_CHOICES,
        default="resolved",
        help_text="Quotes: resolved (the speaker is known), ambiguous (several people fit) or unresolved "
        "(a pronoun or description that names nobody). Only a resolved quote has a speaker.",
    )
    speaker_text = models.CharField(
        max_length=300, blank=True, help_text='How the article refers to the speaker ("he", "Mrs. Clinton").'
    )
    speaker_candidates = models.JSONField(
        default=list, blank=True, help_text="Ambiguous quotes: the people who fit, likeliest first."
    )
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    cue = models.CharField(max_length=100, blank=True, help_text='The attribution: "said", "told VOA".')
    subject = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=100, blank=True)
    measure = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=300, blank=True)
    qualifiers = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=200, blank=True)
    statement = models.TextField(blank=True, help_text="The claim as this article states it, in one line.")
    entities = models.JSONField(default=list, blank=True)
    # Hash of the normalised sentence: the same sentence in many articles of one outlet is boilerplate.
    sentence_key = models.CharField(max_length=40, blank=True, db_index=True)
    approximate = models.BooleanField(default=False)
    paraphrase = models.BooleanField(
        default=False, help_text="A reported statement without quotation marks, linked to a direct quote."
    )
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    held = models.BooleanField(
        default=False,
        help_text="Arrived after an editor's verdict: kept out of the public API and exports until an "
        "editor accepts it (or moves it to another claim).",
    )
    extractor = models.CharField(max_length=50)
    extractor_version = models.CharField(max_length=20)
    confidence = models.FloatField(default=0.5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="claims_mention_span_ordered"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="claims_mention_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "contradicts"]), name="claims_mention_stance_valid"
            ),
            models.UniqueConstraint(
                fields=["claim", "article", "start", "end"], name="claims_mention_unique_span_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(speaker_status__in=["resolved", "ambiguous", "unresolved"]),
                name="claims_mention_speaker_status_valid",
            ),
            # An unresolved or ambiguous quote is never pinned on a speaker: an editor picks one.
            models.CheckConstraint(
                condition=Q(speaker_status="resolved") | Q(speaker__isnull=True),
                name="claims_mention_unresolved_has_no_speaker",
            ),
        ]
        indexes = [
            # The article page lists its mentions in text order.
            models.Index(fields=["article", "start"], name="claims_mention_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.article_id}:{self.start}-{self.end})"

    @property
    def speaker_display(self) -> str:
        """What readers and editors see: the name, "unknown speaker (he)" or "ambiguous: A or B"."""
        return speaker_display(
            self.speaker.name if self.speaker_id and self.speaker else None,
            status=self.speaker_status,
            text=self.speaker_text,
            candidates=self.speaker_candidates,
        )


class ClaimComment(models.Model):
    """The desk's internal discussion of a claim: never public, never in an export."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author or 'someone'} on claim {self.claim_id}: {self.text[:40]}"


class ClaimKey(models.Model):
    """Blocking keys of a claim: matching looks candidates up here instead of scanning every claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "key"], name="claims_claimkey_unique")]
        indexes = [
            # Candidate lookup during matching: WHERE key IN (...), a key's size counted up to a
            # cap, and its newest claims read in order (matching.posting_sizes, recent_postings).
            models.Index(fields=["key", "claim"], name="claims_claimkey_key_claim_idx"),
        ]

    def __str__(self) -> str:
        return self.key


class HistoryEntry(models.Model):
    """One change to a claim: append-only, never edited or deleted."""

    class Action(models.TextChoices):
        CREATED = "created", "created by the machine"
        STATUS = "status", "status changed"
        TEXT = "text", "text edited"
        SPEAKER = "speaker", "speaker changed"
        MERGE = "merge", "claims merged"
        SPLIT = "split", "mention split off"
        MOVE = "move", "mention moved"
        MENTION = "mention", "mention added"
        SUGGESTION = "suggestion", "suggestion recomputed"
        ACCEPT = "accept", "new source accepted"
        ASSIGN = "assign", "assigned"
        COMMENT = "comment", "comment added"
        SOURCE = "source", "source details edited"
        SHEET = "sheet", "added to a sheet"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "history entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} on claim {self.claim_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing row is never rewritten.
        if self.pk is not None:
            raise ValueError("history entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("history entries are append-only")


class ClaimSheet(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    published = models.BooleanField(
        default=False, help_text="Published sheets are visible in the public API."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    claims: models.ManyToManyField[Claim, ClaimSheetItem] = models.ManyToManyField(
        Claim, through="ClaimSheetItem", related_name="sheets", blank=True
    )

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class ClaimSheetItem(models.Model):
    sheet = models.ForeignKey(ClaimSheet, on_delete=models.CASCADE, related_name="items")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sheet_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sheet", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "claim"], name="claims_sheetitem_claim_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} #{self.position}"


class Source(models.Model):
    """A followed source: an outlet's RSS or Atom feed, or its news sitemap, polled for new articles."""

    class Kind(models.TextChoices):
        RSS = "rss", "RSS feed"
        ATOM = "atom", "Atom feed"
        SITEMAP = "sitemap", "news sitemap"

    url = models.URLField(
        max_length=1000,
        unique=True,
        validators=[validate_web_url],
        help_text="The address of the RSS or Atom feed, or of the news sitemap.",
    )
    outlet = models.ForeignKey(
        Outlet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text="Who publishes it: every article found is stored under this outlet. Empty: the outlet each "
        "page names.",
    )
    poll_minutes = models.PositiveIntegerField(
        default=60, help_text="How often the source is polled, in minutes."
    )
    enabled = models.BooleanField(default=True, help_text="Switch off to stop polling it (nothing is lost).")
    kind = models.CharField(
        max_length=10, choices=Kind.choices, blank=True, help_text="What the last poll found at the address."
    )
    # Conditional GET: what the server said last time, sent back so an unchanged feed costs a 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(
        null=True, blank=True, help_text="When it is due next (empty: at the next round)."
    )
    items_found = models.PositiveIntegerField(default=0, help_text="Items the last poll read in the source.")
    items_new = models.PositiveIntegerField(
        default=0, help_text="Items the last poll stored as new articles."
    )
    items_failed = models.PositiveIntegerField(
        default=0, help_text="Items the last poll could not store (each retried later)."
    )
    last_error = models.TextField(blank=True, help_text="What went wrong at the last poll, in words.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        verbose_name = "followed source"
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_minutes__gte=1), name="claims_source_poll_minutes_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["", "rss", "atom", "sitemap"]), name="claims_source_kind_valid"
            ),
        ]
        indexes = [
            # sources_due(): WHERE enabled AND (next_poll_at IS NULL OR next_poll_at <= now).
            models.Index(fields=["enabled", "next_poll_at"], name="claims_source_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.outlet} — {self.url}" if self.outlet_id else self.url


class SourceItem(models.Model):
    """One item (a link) a followed source listed, and what became of it."""

    class State(models.TextChoices):
        WAITING = "waiting", "waiting to be fetched"
        STORED = "stored", "stored"
        FAILED = "failed", "failed (retried later)"
        GAVE_UP = "gave_up", "failed too often (not retried)"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated = models.CharField(
        max_length=100,
        blank=True,
        help_text="The item's update time as the source gave it: a change refetches it.",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_items"
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Failed fetches in a row.")
    next_try_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        constraints = [
            # Also the index of the seen-item check: WHERE source_id = ? AND url IN (...).
            models.UniqueConstraint(fields=["source", "url"], name="claims_sourceitem_url_once_per_source"),
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "stored", "failed", "gave_up"]),
                name="claims_sourceitem_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ClaimPublicJson(models.Model):
    """A public claim as the API's lists show it, rendered once and kept (the API's read model).

    `body` is the claim's JSON without its `id` and `url` (the site's address is the request's),
    valid while `rev` equals the claim's `public_rev` and `shape` the running code's
    (`claims.api.public_json.SHAPE`). Written only by `claims.services.public_json`; a stale body
    is never served, only written again."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, primary_key=True, related_name="+")
    rev = models.BigIntegerField()
    shape = models.CharField(max_length=16)
    body = models.TextField()

    def __str__(self) -> str:
        return f"public body of claim {self.claim_id} at rev {self.rev}"
