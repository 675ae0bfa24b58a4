"""Django admin: the editors' workspace."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import admin_actions, links, selectors
from . import admin_sources as admin_sources  # registers followed sources and their items
from .admin_actions import speaker_caption
from .admin_upload import article_upload_view
from .conflicts import claim_conflict
from .extraction.quantity_numbers import format_value
from .highlight import Mark, render_marked, render_sentence
from .models import (
    Article,
    Claim,
    ClaimSheet,
    ClaimSheetItem,
    HistoryEntry,
    Mention,
    Outlet,
    Speaker,
    SpeakerAlias,
    SpeakerDuplicate,
)
from .services.review import (
    TRANSITIONS,
    claim_assign,
    claim_edit,
    claim_set_status,
    claims_merge,
    comment_add,
    mention_accept,
    mention_move,
    mention_split,
)
from .services.sheets import sheet_changed, sheet_delete, sheet_save
from .services.sources import article_save, outlet_save
from .services.speaker_store import speaker_key
from .services.speakers import (
    speaker_alias_remove,
    speaker_create,
    speaker_duplicate_keep_apart,
    speaker_duplicate_merge,
    speaker_merge,
    speaker_split,
    speaker_update,
)

# The admin is the editors' workspace: it carries the product's name.
admin.site.site_header = "factcheck — editors' desk"
admin.site.site_title = "factcheck"
admin.site.index_title = "Claims, sources and sheets"
# The menu beside every page takes a quarter of a laptop's width from the claim list; the
# breadcrumbs and the home page lead everywhere.
admin.site.enable_nav_sidebar = False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name", "ownership_group", "domain", "country", "article_count"]
    list_filter = ["ownership_group", "country"]
    search_fields = ["name", "domain", "ownership_group"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    def save_model(
        self, request: HttpRequest, obj: Outlet, form: forms.ModelForm[Outlet], change: bool
    ) -> None:
        # The ownership group decides which sources are independent: the service recomputes the
        # suggestions it changes and empties the API cache.
        _, refreshed = outlet_save(outlet=obj, actor=request.user)
        if refreshed:
            messages.info(request, f"Suggestions recomputed for {refreshed} claim(s) citing this outlet.")

    def has_delete_permission(self, request: HttpRequest, obj: Outlet | None = None) -> bool:
        return False  # an outlet's articles and their mentions would go with it

    @admin.display(description="articles", ordering="n_articles")
    def article_count(self, obj: Outlet) -> int:
        return getattr(obj, "n_articles", 0)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "outlet", "published", "state", "error_short", "mention_count", "ingested_at"]
    list_filter = ["state", "outlet", "published_at"]
    search_fields = ["title", "url", "byline", "source_path"]
    date_hierarchy = "published_at"
    list_select_related = ["outlet"]
    readonly_fields = [
        "content_hash",
        "source_path",
        "ingested_at",
        "state",
        "error",
        "fingerprint",
        "revision_of",
        "revised_at",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["title", "outlet", "published_at", "byline", "url", "language", "republished_from"]},
        ),
        (
            "Ingest",
            {
                "classes": ["collapse"],
                "fields": [
                    "state",
                    "error",
                    "source_path",
                    "content_hash",
                    "fingerprint",
                    "ingested_at",
                    "revision_of",
                    "revised_at",
                ],
            },
        ),
    ]
    raw_id_fields = ["republished_from"]
    autocomplete_fields = ["outlet"]  # searched by name: nothing cut off however many outlets
    change_form_template = "admin/claims/article/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self) -> list[Any]:
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="claims_article_upload"), *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        return article_upload_view(self, request)

    def save_model(
        self, request: HttpRequest, obj: Article, form: forms.ModelForm[Article], change: bool
    ) -> None:
        # Its outlet, date and copy-of link decide which sources are independent: the service
        # recomputes the claims it sources, records it on each and empties the API cache.
        _, refreshed = article_save(article=obj, actor=request.user)
        if refreshed:
            messages.info(request, f"Suggestions recomputed for {refreshed} claim(s) citing this article.")

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return False  # its mentions (sources of claims) would go with it, unrecorded

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        mentions = article.mentions.select_related("claim", "speaker").order_by("start")
        marks = [
            Mark(
                start=m.start,
                end=m.end,
                claim_id=m.claim_id,
                kind=m.kind or m.claim.kind,
                label=" · ".join(
                    part
                    for part in (
                        m.claim.get_kind_display(),
                        m.speaker_display if m.kind == Claim.Kind.QUOTE else "",
                        f"status: {m.claim.get_status_display()}",
                        f"suggested: {m.claim.get_suggested_status_display()}",
                    )
                    if part
                ),
            )
            for m in mentions
        ]
        grey = [(s, e) for s, e, _kind in article.boilerplate_ranges()]
        context = {
            **(extra_context or {}),
            "highlighted_text": render_marked(article.text, marks, grey),
            "marks": marks,
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(n_mentions=Count("mentions"))

    @admin.display(description="error")
    def error_short(self, obj: Article) -> str:
        return obj.error if len(obj.error) <= 80 else obj.error[:77] + "..."

    @admin.display(description="published", ordering="published_at")
    def published(self, obj: Article) -> str:
        return obj.published_label or "-"

    @admin.display(description="mentions", ordering="n_mentions")
    def mention_count(self, obj: Article) -> int:
        return getattr(obj, "n_mentions", 0)


class OpenDuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicate"
    parameter_name = "duplicate"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("open", "flagged, not decided")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "open":
            return queryset.filter(has_open_duplicate=True)
        return queryset


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin[Speaker]):
    """Speakers with their spellings, the articles those came from, their quotes, and possible
    duplicates; editors merge speakers, move mentions to another (or a new) speaker, and rename."""

    # What an editor scans for first comes first (a phone shows the first three columns).
    list_display = ["name_shown", "role_short", "claim_count", "flagged", "alias_list", "kind"]
    list_filter = ["kind", OpenDuplicateFilter, "editor_locked"]
    search_fields = ["name", "role", "disambiguation", "aliases__name"]
    fields = ["name", "kind", "role", "disambiguation", "editor_locked", "created_at"]
    readonly_fields = ["editor_locked", "created_at"]
    # Explicit: the claim-count annotation groups rows, which drops the model's default ordering.
    ordering = ["name", "disambiguation", "id"]
    actions = ["merge_speakers"]
    change_form_template = "admin/claims/speaker/change_form.html"

    def view_on_site(self, obj: Speaker) -> str | None:  # type: ignore[override]
        """ "View on site" only for a speaker the public pages show (one with a public claim)."""
        if not selectors.speakers_public().filter(pk=obj.pk).exists():
            return None
        return links.speaker_path(obj.pk, obj.name)

    def has_delete_permission(self, request: HttpRequest, obj: Speaker | None = None) -> bool:
        # Speakers go by merging (their names stay as aliases), never by a delete that loses attributions.
        return False

    def save_model(
        self, request: HttpRequest, obj: Speaker, form: forms.ModelForm[Speaker], change: bool
    ) -> None:
        data = form.cleaned_data
        fields = {k: data.get(k, "") or "" for k in ("name", "kind", "role", "disambiguation")}
        if change:
            speaker_update(speaker=obj, actor=request.user, **fields)
        else:
            obj.pk = speaker_create(actor=request.user, **fields).pk

    @admin.action(description="Merge selected speakers into the one with most claims", permissions=["change"])
    def merge_speakers(self, request: HttpRequest, queryset: QuerySet[Speaker]) -> None:
        speakers = sorted(queryset, key=lambda s: (-getattr(s, "n_claims", 0), s.pk))
        if len(speakers) < 2:
            self.message_user(request, "Select at least two speakers to merge.", level=messages.ERROR)
            return
        target = speaker_merge(target=speakers[0], others=speakers[1:], actor=request.user)
        self.message_user(
            request, f"Merged {len(speakers) - 1} speaker(s) into {target.label}; their names are aliases."
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_claims=Count("claims", distinct=True), has_open_duplicate=selectors.speaker_open_duplicate()
            )
            .prefetch_related("aliases")
        )

    @admin.display(description="name", ordering="name")
    def name_shown(self, obj: Speaker) -> str:
        return obj.label

    @admin.display(description="role", ordering="role")
    def role_short(self, obj: Speaker) -> str:
        role = " ".join(obj.role.split())
        if len(role) <= 60:
            return role or "-"
        return format_html('<span title="{}">{}…</span>', role, role[:59])

    @admin.display(description="other spellings")
    def alias_list(self, obj: Speaker) -> str:
        return ", ".join(a.name for a in obj.aliases.all() if a.name != obj.name) or "-"

    @admin.display(description="claims", ordering="n_claims")
    def claim_count(self, obj: Speaker) -> int:
        return getattr(obj, "n_claims", 0)

    @admin.display(description="possible duplicate", ordering="has_open_duplicate")
    def flagged(self, obj: Speaker) -> str:
        # Words, not the admin's red cross on every row that is fine: only the rows to act on stand out.
        if not getattr(obj, "has_open_duplicate", False):
            return ""
        url = reverse("admin:claims_speaker_change", args=[obj.pk]) + "#duplicates"
        return format_html('<a href="{}">to decide</a>', url)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("search/", view(self.search_view), name="claims_speaker_search"),
            path("<int:speaker_id>/move-mentions/", view(self.move_view), name="claims_speaker_move"),
            path(
                "alias/<int:alias_id>/remove/",
                view(self.alias_remove_view),
                name="claims_speakeralias_remove",
            ),
            path(
                "duplicate/<int:duplicate_id>/<str:decision>/",
                view(self.duplicate_view),
                name="claims_speakerduplicate_decide",
            ),
            *super().get_urls(),
        ]

    def _require_change(self, request: HttpRequest) -> None:
        if request.method != "POST":
            raise PermissionDenied("Use the buttons on the speaker page.")
        if not self.has_change_permission(request):
            raise PermissionDenied("Only editors can change speakers.")

    def _back(self, speaker_id: int | None) -> HttpResponseRedirect:
        if speaker_id is None:
            return HttpResponseRedirect(reverse("admin:claims_speaker_changelist"))
        return HttpResponseRedirect(reverse("admin:claims_speaker_change", args=[speaker_id]))

    def search_view(self, request: HttpRequest) -> HttpResponseBase:
        return admin_actions.SpeakerSearchView.as_view(admin_site=self.admin_site)(request)

    def move_view(self, request: HttpRequest, speaker_id: int) -> HttpResponse:
        self._require_change(request)
        speaker = get_object_or_404(Speaker, pk=speaker_id)
        form = admin_actions.MoveMentionsForm(request.POST, speaker=speaker, admin_site=self.admin_site)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return self._back(speaker.pk)
        try:
            target = speaker_split(
                speaker=speaker,
                mentions=list(form.cleaned_data["mentions"]),
                target=form.cleaned_data["target"],
                new_name=form.cleaned_data["new_name"],
                role=form.cleaned_data["new_role"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return self._back(speaker.pk)
        n = len(form.cleaned_data["mentions"])
        messages.success(
            request,
            f"Moved {n} quote{'' if n == 1 else 's'} from {speaker_caption(speaker)} "
            f"to {speaker_caption(target)}.",
        )
        return self._back(speaker.pk)

    def alias_remove_view(self, request: HttpRequest, alias_id: int) -> HttpResponse:
        self._require_change(request)
        alias = get_object_or_404(SpeakerAlias.objects.select_related("speaker"), pk=alias_id)
        try:
            speaker_alias_remove(alias=alias, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Removed the alias “{alias.name}”.")
        return self._back(alias.speaker_id)

    def duplicate_view(self, request: HttpRequest, duplicate_id: int, decision: str) -> HttpResponse:
        self._require_change(request)
        duplicate = get_object_or_404(
            SpeakerDuplicate.objects.select_related("speaker", "other"), pk=duplicate_id
        )
        back = request.POST.get("back", "")
        try:
            if decision == "merge":
                gone = speaker_caption(duplicate.other) if duplicate.other else "the other speaker"
                kept = speaker_duplicate_merge(duplicate=duplicate, actor=request.user)
                messages.success(
                    request,
                    f"Merged {gone} into {speaker_caption(kept)}: one person now, with the quotes "
                    "and spellings of both.",
                )
                back = str(kept.pk)
            elif decision == "keep-apart":
                pair = " and ".join(speaker_caption(s) for s in (duplicate.speaker, duplicate.other) if s)
                speaker_duplicate_keep_apart(duplicate=duplicate, actor=request.user)
                messages.success(request, f"Kept {pair} apart: two people.")
            else:
                raise PermissionDenied("Unknown decision.")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        if back == "duplicates":  # decided on the pair's own page: back to the list of pairs
            return HttpResponseRedirect(reverse("admin:claims_speakerduplicate_changelist"))
        return self._back(
            int(back) if back.isdigit() and Speaker.objects.filter(pk=int(back)).exists() else None
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        speaker = get_object_or_404(Speaker, pk=object_id)
        page = selectors.speaker_page(speaker)
        own_key = speaker_key(speaker.name, speaker.kind)
        context = {
            **(extra_context or {}),
            "speaker": speaker,
            "page": page,
            # Each of a pair with its role, so two people of one name read differently; the first is
            # the one a merge keeps.
            "duplicate_rows": [
                {
                    "dup": dup,
                    "pair": [
                        {"speaker": s, "caption": speaker_caption(s) if s else ""}
                        for s in (dup.speaker, dup.other)
                    ],
                }
                for dup in page.duplicates
            ],
            "open_duplicates": sum(1 for d in page.duplicates if d.state == SpeakerDuplicate.State.OPEN),
            # The speaker's own name cannot be removed (the service refuses): no button for it.
            "alias_rows": [{"alias": a, "is_name": a.key == own_key} for a in page.aliases],
            "can_edit": self.has_change_permission(request, speaker),
            "move_form": admin_actions.MoveMentionsForm(
                speaker=speaker, admin_site=self.admin_site, auto_id="move_%s"
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context=context)


@admin.register(SpeakerDuplicate)
class SpeakerDuplicateAdmin(admin.ModelAdmin[SpeakerDuplicate]):
    """Pairs of speakers with one name that the machine kept apart: an editor merges them or keeps them apart."""

    # The state is the link: "open: an editor should decide" leads to the page with the two buttons.
    list_display = ["first_speaker", "second_speaker", "reason", "state", "decided"]
    list_display_links = ["state"]
    list_filter = ["state"]
    search_fields = ["names", "reason"]
    list_select_related = ["speaker", "other", "decided_by"]
    actions = ["merge_pairs", "keep_pairs_apart"]
    change_form_template = "admin/claims/speakerduplicate/change_form.html"
    fields = ["first_speaker", "second_speaker", "reason", "state", "decided", "names", "created_at"]
    readonly_fields = ["first_speaker", "second_speaker", "reason", "state", "decided", "names", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SpeakerDuplicate | None = None) -> bool:
        return False

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # The pairs still to decide first, newest first within each group.
        undecided = Case(
            When(state=SpeakerDuplicate.State.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [undecided.asc(), "-id"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            "title": "Possible duplicate speakers: the same name, maybe two people",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Nothing here is edited as a form: the pair is decided with the Merge / Keep apart buttons.
        duplicate = self.get_object(request, object_id)  # None: the admin answers "does not exist"
        first, second = (duplicate.speaker, duplicate.other) if duplicate else (None, None)
        context = {
            **(extra_context or {}),
            "title": "Possible duplicate: one person or two?",
            "merge_into": speaker_caption(first) if first else "",
            "merge_from": speaker_caption(second) if second else "",
            "can_decide": self.has_change_permission(request),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _link(self, speaker: Speaker | None) -> str:
        if speaker is None:
            return "(merged away)"
        url = reverse("admin:claims_speaker_change", args=[speaker.pk])
        return format_html('<a href="{}">{}</a>', url, speaker_caption(speaker))

    @admin.display(description="speaker")
    def first_speaker(self, obj: SpeakerDuplicate) -> str:
        return self._link(obj.speaker)

    @admin.display(description="same name")
    def second_speaker(self, obj: SpeakerDuplicate) -> str:
        return self._link(obj.other)

    @admin.display(description="decided", ordering="decided_at")
    def decided(self, obj: SpeakerDuplicate) -> str:
        if obj.decided_at is None:
            return "-"
        when = obj.decided_at.strftime("%Y-%m-%d")
        return f"{when} by {obj.decided_by}" if obj.decided_by else when

    def _decide(self, request: HttpRequest, queryset: QuerySet[SpeakerDuplicate], *, merge: bool) -> None:
        done = 0
        for duplicate in queryset.select_related("speaker", "other"):
            try:
                if merge:
                    speaker_duplicate_merge(duplicate=duplicate, actor=request.user)
                else:
                    speaker_duplicate_keep_apart(duplicate=duplicate, actor=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"{duplicate.names}: {' '.join(exc.messages)}", level=messages.WARNING
                )
            else:
                done += 1
        verb = "Merged" if merge else "Kept apart"
        self.message_user(request, f"{verb} {done} pair(s).")

    @admin.action(description="Merge each selected pair into one speaker", permissions=["change"])
    def merge_pairs(self, request: HttpRequest, queryset: QuerySet[SpeakerDuplicate]) -> None:
        self._decide(request, queryset, merge=True)

    @admin.action(description="Keep each selected pair apart (two people)", permissions=["change"])
    def keep_pairs_apart(self, request: HttpRequest, queryset: QuerySet[SpeakerDuplicate]) -> None:
        self._decide(request, queryset, merge=False)


class ChoiceFilter(admin.SimpleListFilter):
    """A filter of a few fixed choices, each a condition on the claims."""

    options: dict[str, str] = {}  # value -> label

    def condition(self, request: HttpRequest, value: str) -> Q:
        raise NotImplementedError

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(self.options.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(self.condition(request, value)) if value in self.options else queryset


TO_REVIEW = Q(status__in=Claim.TO_REVIEW_STATUSES)


class ReviewFilter(ChoiceFilter):
    title = "review"
    parameter_name = "review"
    options = {
        "todo": "to review (unreviewed or in progress)",
        "reviewed": "any reviewed",
        "new": "new evidence since review",
    }

    def condition(self, request: HttpRequest, value: str) -> Q:
        if value == "new":
            return ~Q(new_evidence=Claim.NewEvidence.NONE)
        return TO_REVIEW if value == "todo" else ~TO_REVIEW


class AssignedFilter(ChoiceFilter):
    title = "assigned to"
    parameter_name = "assigned"
    options = {"mine": "mine", "nobody": "nobody"}

    def condition(self, request: HttpRequest, value: str) -> Q:
        return Q(assigned_to_id=request.user.pk) if value == "mine" else Q(assigned_to__isnull=True)


class SuggestedFilter(ChoiceFilter):
    """Only what the machine suggests (it never suggests a verdict of rejection or "in progress")."""

    title = "suggested status"
    parameter_name = "suggested"
    options = {
        str(v): str(v.label)
        for v in (Claim.Status.CORROBORATED, Claim.Status.CONFLICTING, Claim.Status.SINGLE_SOURCE)
    }

    def condition(self, request: HttpRequest, value: str) -> Q:
        return Q(suggested_status=value)


class StatusInListFilter(ChoiceFilter):
    title = "has a contradicting source"
    parameter_name = "contradicted"
    options = {"yes": "yes", "no": "no"}

    def condition(self, request: HttpRequest, value: str) -> Q:
        return Q(has_contradiction=value == "yes")


class SearchFilter(admin.SimpleListFilter):
    """A filter that never stops silently: the most used choices as links, and a box that finds
    any other by name (or by number)."""

    template = "admin/claims/search_filter.html"
    shown = 15
    placeholder = "name or number"

    def __init__(self, request: HttpRequest, params: dict[str, Any], model: Any, model_admin: Any) -> None:
        super().__init__(request, params, model, model_admin)
        self.other_params = [(k, v) for k, v in request.GET.items() if k not in (self.parameter_name, "p")]
        self.typed = self.value() or ""

    def claims_for(self, value: str) -> QuerySet[Any] | Q | None:
        raise NotImplementedError

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = (self.value() or "").strip()
        if not value:
            return queryset
        found = self.claims_for(value)
        if isinstance(found, Q):
            return queryset.filter(found)
        return queryset.filter(pk__in=found) if found is not None else queryset


class OutletFilter(SearchFilter):
    title = "outlet"
    parameter_name = "outlet"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = Outlet.objects.annotate(n=Count("articles")).order_by("-n", "name")[: self.shown]
        return [(str(o.pk), o.name) for o in rows]

    def claims_for(self, value: str) -> QuerySet[Any]:
        where = (
            Q(article__outlet_id=int(value)) if value.isdigit() else Q(article__outlet__name__icontains=value)
        )
        return Mention.objects.filter(where).values("claim_id")


class ArticleFilter(SearchFilter):
    title = "article"
    parameter_name = "article"
    placeholder = "title or number"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = Article.objects.order_by("-ingested_at").values_list("pk", "title")[: self.shown]
        return [(str(pk), f"{pk}: {title[:60]}") for pk, title in rows]

    def claims_for(self, value: str) -> QuerySet[Any]:
        where = Q(article_id=int(value)) if value.isdigit() else Q(article__title__icontains=value)
        return Mention.objects.filter(where).values("claim_id")


class SpeakerFilter(SearchFilter):
    title = "speaker"
    parameter_name = "speaker"
    placeholder = "name, alias or number"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        rows = (
            Speaker.objects.annotate(n=Count("claims")).filter(n__gt=0).order_by("-n", "name")[: self.shown]
        )
        return [("none", "nobody yet (unknown or ambiguous)"), *((str(s.pk), s.label) for s in rows)]

    def claims_for(self, value: str) -> Q:
        if value == "none":
            return Q(kind=Claim.Kind.QUOTE, speaker__isnull=True)
        if value.isdigit():
            return Q(speaker_id=int(value))
        names = SpeakerAlias.objects.filter(name__icontains=value).values("speaker_id")
        return Q(speaker__name__icontains=value) | Q(speaker_id__in=names)


class ReviewForm(forms.Form):
    status = forms.ChoiceField(choices=Claim.Status.choices)
    verdict_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    internal_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class EditForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    speaker = forms.ModelChoiceField(queryset=Speaker.objects.all(), required=False)
    note = forms.CharField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(forms.Form):
    """The move target, searched by text or number among live claims (the admin's autocomplete)."""

    def __init__(self, *args: Any, admin_site: admin.AdminSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = AutocompleteSelect(
            Mention._meta.get_field("claim"),
            admin_site,
            attrs={"data-placeholder": "search a claim by its words or number", "style": "width: 18em"},
        )
        self.fields["target"] = forms.ModelChoiceField(
            queryset=Claim.objects.filter(merged_into__isnull=True), widget=widget
        )


def _mention_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "mentions",
        queryset=Mention.objects.select_related("article__outlet").only(
            "id",
            "claim_id",
            "stance",
            "speaker_id",
            "speaker_status",
            "speaker_text",
            "speaker_candidates",
            "article__id",
            "article__outlet__id",
            "article__outlet__name",
        ),
    )


_STATUS_WORDS = {str(v): str(label) for v, label in Claim.Status.choices}
_STATUS_WORDS.update({"supports": "supports", "contradicts": "contradicts"})


def _words(value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    text = _STATUS_WORDS.get(str(value), str(value))
    return text if len(text) <= 160 else text[:159] + "…"


def history_in_words(entry: HistoryEntry) -> str:
    """One history row as a sentence: "suggested status: single source → corroborated"."""
    keys = list(dict.fromkeys([*entry.before.keys(), *entry.after.keys()]))
    parts = []
    for key in keys:
        label = key.replace("_", " ")
        if key in entry.before and key in entry.after:
            parts.append(f"{label}: {_words(entry.before[key])} → {_words(entry.after[key])}")
        elif key in entry.after:
            parts.append(f"{label}: {_words(entry.after[key])}")
        else:
            parts.append(f"{label} was {_words(entry.before[key])}")
    return "; ".join(parts)


def _posted_version(request: HttpRequest) -> int | None:
    """The claim version the editor's page showed (a form's hidden ``version``)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


# The queue's first key: unreviewed claims before reviewed ones.
UNREVIEWED_FIRST = Case(
    When(TO_REVIEW, then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
).desc()


# The queue: new evidence since a verdict (contradicting first), claims to review, contradictions,
# independent sources, check-worthiness. Typed Any: the stubs allow only names, Django takes
# expressions too.
QUEUE_ORDER: list[Any] = [
    "-new_evidence",
    UNREVIEWED_FIRST,
    "-has_contradiction",
    "-source_count",
    "-worthiness",
    "-id",
]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin[Claim]):
    # The default list is the editor's work queue: unreviewed claims first, then contradictions,
    # then the number of independent sources, then check-worthiness ("priority" says why).
    list_display = [
        "text_short",
        "priority",
        "status_shown",
        "kind",
        "speaker_shown",
        "sources",
        "outlets",
        "value_shown",
        "worthiness_column",
    ]
    list_filter = [
        ReviewFilter,
        AssignedFilter,
        "status",
        SuggestedFilter,
        "kind",
        StatusInListFilter,
        OutletFilter,
        SpeakerFilter,
        ArticleFilter,
    ]
    search_fields = ["text", "speaker__name", "subject"]
    list_select_related = ["speaker"]
    list_per_page = 50
    # The unfiltered total costs a second COUNT over every claim on each filtered page.
    show_full_result_count = False
    ordering = QUEUE_ORDER
    actions = ["merge_claims", admin_actions.add_to_sheet, *admin_actions.CLAIM_EXPORT_ACTIONS]

    def view_on_site(self, obj: Claim) -> str | None:  # type: ignore[override]
        """ "View on site": the claim's public fact-check page, once it has one (reviewed)."""
        return links.claim_path(obj.pk, obj.text) if obj.is_public else None

    change_form_template = "admin/claims/claim/change_form.html"
    fields = [
        "kind",
        "text",
        "speaker",
        "value",
        "value_max",
        "unit",
        "date",
        "subject",
        "action",
        "entities",
        "status",
        "verdict_note",
        "internal_note",
        "suggested_status",
        "suggestion_reason",
        "reviewed_by",
        "reviewed_at",
        "version",
        "merged_into",
        "editor_locked",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        # Every change goes through the workflow services (the buttons on the page), never a raw save.
        return [str(f) for f in self.fields or []]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return False

    def has_sheet_permission(self, request: HttpRequest) -> bool:
        """The "add to a sheet" action is offered only to those who may edit sheets."""
        return admin_actions.can_edit_sheets(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return (
            super()
            .get_queryset(request)
            .filter(merged_into__isnull=True)
            .prefetch_related(_mention_prefetch())
        )

    @admin.display(description="priority", ordering=UNREVIEWED_FIRST)
    def priority(self, obj: Claim) -> str:
        """Why the claim stands where it does in the queue."""
        reasons = []
        if obj.new_evidence:
            reasons.append(obj.get_new_evidence_display())
        if obj.status in Claim.TO_REVIEW_STATUSES:
            reasons.append("to review" if obj.status == Claim.Status.UNREVIEWED else "in progress")
        if obj.has_contradiction:
            reasons.append("sources contradict")
        if obj.source_count > 1:
            reasons.append(f"{obj.source_count} sources")
        if obj.kind != Claim.Kind.QUOTE and obj.worthiness >= 0.5:
            reasons.append("check-worthy")
        return " · ".join(reasons) or "-"

    @admin.display(description="claim", ordering="text")
    def text_short(self, obj: Claim) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"
        subject = obj.subject if obj.subject and obj.subject.casefold() not in obj.text.casefold() else ""
        if not subject:
            return text
        return format_html('{} <span class="fc-subject">({})</span>', text, subject)

    @admin.display(description="speaker", ordering="speaker__name")
    def speaker_shown(self, obj: Claim) -> str:
        if obj.speaker_id and obj.speaker:
            url = reverse("admin:claims_speaker_change", args=[obj.speaker_id])
            return format_html('<a href="{}">{}</a>', url, obj.speaker.label)
        shown = obj.speaker_display
        return format_html("<em>{}</em>", shown) if shown else "-"

    @admin.display(description="status (machine)", ordering="status")
    def status_shown(self, obj: Claim) -> str:
        """The editor's status, and below it what the machine suggests."""
        return format_html(
            '{}<br><span class="fc-muted">machine: {}</span>',
            obj.get_status_display(),
            obj.get_suggested_status_display(),
        )

    @admin.display(description="sources", ordering="source_count")
    def sources(self, obj: Claim) -> int:
        return obj.source_count

    @admin.display(description="value", ordering="value")
    def value_shown(self, obj: Claim) -> str:
        if obj.value is None:
            return "-"
        # As people write it: "$1.5 billion", "16 collaboration areas", "2%".
        return format_value(obj.value, obj.value_max, obj.unit or None)

    # Worthiness is the machine's: shown here and with its reasons on the claim page
    # (change_form.html), never edited. Quotes have no score yet: a dash, not a misleading 0.

    @admin.display(description="worth", ordering="worthiness")
    def worthiness_column(self, obj: Claim) -> str:
        if obj.kind == Claim.Kind.QUOTE:
            return "-"
        return format_html(
            '<span title="{}">{}</span>', "\n".join(obj.worthiness_reasons or []), f"{obj.worthiness:.2f}"
        )

    @admin.display(description="outlets")
    def outlets(self, obj: Claim) -> str:
        names = {
            m.article.outlet.name if m.article.outlet else f"article {m.article.pk}"
            for m in obj.mentions.all()
        }
        shown = sorted(names)
        if len(shown) > 3:  # a claim in twenty outlets would fill a column a word wide
            return f"{', '.join(shown[:2])} and {len(shown) - 2} more"
        return ", ".join(shown)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:claim_id>/review/", view(self.review_view), name="claims_claim_review"),
            path("<int:claim_id>/edit/", view(self.edit_view), name="claims_claim_edit"),
            path("mention/<int:mention_id>/move/", view(self.move_view), name="claims_mention_move"),
            path("mention/<int:mention_id>/split/", view(self.split_view), name="claims_mention_split"),
            path("mention/<int:mention_id>/accept/", view(self.accept_view), name="claims_mention_accept"),
            path("<int:claim_id>/assign/", view(self.assign_view), name="claims_claim_assign"),
            path("<int:claim_id>/comment/", view(self.comment_view), name="claims_claim_comment"),
            *super().get_urls(),
        ]

    def _require_change(self, request: HttpRequest) -> None:
        if request.method != "POST":
            raise PermissionDenied("Use the buttons on the claim page.")
        if not self.has_change_permission(request):
            raise PermissionDenied("Only editors can change claims.")

    def _back(self, claim_id: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim_id]))

    def _report(self, request: HttpRequest, exc: ValidationError) -> None:
        for message in exc.messages:
            messages.error(request, message)

    def review_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        self._require_change(request)
        claim = get_object_or_404(Claim, pk=claim_id)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The form was incomplete: " + form.errors.as_text())
            return self._back(claim_id)
        try:
            claim_set_status(
                claim=claim,
                status=form.cleaned_data["status"],
                actor=request.user,
                verdict_note=form.cleaned_data["verdict_note"],
                internal_note=form.cleaned_data["internal_note"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            self._report(request, exc)
            # What the editor typed comes back on the page: a refused verdict loses nothing.
            request.session[f"claim-draft-{claim_id}"] = {
                "verdict_note": form.cleaned_data["verdict_note"],
                "internal_note": form.cleaned_data["internal_note"],
            }
        else:
            messages.success(request, f"Marked {Claim.Status(form.cleaned_data['status']).label}.")
        return self._back(claim_id)

    def edit_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        self._require_change(request)
        claim = get_object_or_404(Claim, pk=claim_id)
        form = EditForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The form was incomplete: " + form.errors.as_text())
            return self._back(claim_id)
        speaker = form.cleaned_data["speaker"]
        try:
            claim_edit(
                claim=claim,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                speaker=speaker,
                clear_speaker=speaker is None and claim.speaker_id is not None,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            self._report(request, exc)
        else:
            messages.success(request, "Claim updated.")
        return self._back(claim_id)

    def move_view(self, request: HttpRequest, mention_id: int) -> HttpResponse:
        self._require_change(request)
        mention = get_object_or_404(Mention.objects.select_related("claim"), pk=mention_id)
        # The claim search (autocomplete) posts "<prefix>-target"; a plain number works too.
        posted = [str(v) for k, v in request.POST.items() if (k == "target" or k.endswith("-target")) and v]
        target_id = posted[0].strip() if posted else ""
        target = Claim.objects.filter(pk=int(target_id)).first() if target_id.isdigit() else None
        if target is None:
            messages.error(request, "Give the number of an existing claim to move the mention to.")
            return self._back(mention.claim_id)
        try:
            mention_move(
                mention=mention,
                target=target,
                actor=request.user,
                note=request.POST.get("note", ""),
                expected_version=_posted_version(request),
            )
        except ValidationError as exc:
            self._report(request, exc)
            return self._back(mention.claim_id)
        messages.success(request, f"Mention moved to claim {target.pk}.")
        return self._back(target.pk)

    def split_view(self, request: HttpRequest, mention_id: int) -> HttpResponse:
        self._require_change(request)
        mention = get_object_or_404(Mention.objects.select_related("claim", "article__outlet"), pk=mention_id)
        if "confirm" not in request.POST:
            # Django-admin style: a page says what the split will do before it is done.
            claim = mention.claim
            context = {
                **self.admin_site.each_context(request),
                "title": f"Split this source off claim {claim.pk}?",
                "claim": claim,
                "mention": mention,
                "remaining": claim.mentions.exclude(pk=mention.pk).count(),
                "version": request.POST.get("version", claim.version),
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/claims/split_confirm.html", context)
        try:
            new = mention_split(
                mention=mention,
                actor=request.user,
                note=request.POST.get("note", ""),
                expected_version=_posted_version(request),
            )
        except ValidationError as exc:
            self._report(request, exc)
            return self._back(mention.claim_id)
        messages.success(
            request,
            format_html(
                'Mention split off into <a href="{}">claim {}</a>; <a href="{}">claim {}</a> keeps the rest.',
                reverse("admin:claims_claim_change", args=[new.pk]),
                new.pk,
                reverse("admin:claims_claim_change", args=[mention.claim_id]),
                mention.claim_id,
            ),
        )
        return self._back(new.pk)

    def accept_view(self, request: HttpRequest, mention_id: int) -> HttpResponse:
        self._require_change(request)
        mention = get_object_or_404(Mention, pk=mention_id)
        try:
            mention_accept(
                mention=mention,
                actor=request.user,
                note=request.POST.get("note", ""),
                expected_version=_posted_version(request),
            )
        except ValidationError as exc:
            self._report(request, exc)
        else:
            messages.success(request, "Source accepted: it is public with the claim now.")
        return self._back(mention.claim_id)

    def assign_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        self._require_change(request)
        claim = get_object_or_404(Claim, pk=claim_id)
        who = request.POST.get("assignee", "")
        assignee = None
        if who == "me":
            assignee = request.user
        elif who.isdigit():
            assignee = get_user_model().objects.filter(pk=int(who), is_staff=True).first()
            if assignee is None:
                messages.error(request, "Choose an editor from the list.")
                return self._back(claim_id)
        try:
            claim_assign(
                claim=claim, assignee=assignee, actor=request.user, expected_version=_posted_version(request)
            )
        except ValidationError as exc:
            self._report(request, exc)
        else:
            messages.success(request, f"Assigned to {assignee}." if assignee else "Nobody is assigned now.")
        return self._back(claim_id)

    def comment_view(self, request: HttpRequest, claim_id: int) -> HttpResponse:
        self._require_change(request)
        claim = get_object_or_404(Claim, pk=claim_id)
        try:
            comment_add(claim=claim, author=request.user, text=request.POST.get("text", ""))
        except ValidationError as exc:
            self._report(request, exc)
        return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim_id]) + "#discussion")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        claim = get_object_or_404(
            Claim.objects.select_related("speaker", "merged_into", "reviewed_by", "assigned_to"), pk=object_id
        )
        if claim.merged_into_id:
            # A merged-away claim's address (bookmarks, old links, the history) leads to the claim
            # it went into, following later merges.
            final, seen = claim, {claim.pk}
            while final.merged_into_id and final.merged_into_id not in seen:
                seen.add(final.merged_into_id)
                final = Claim.objects.get(pk=final.merged_into_id)
            messages.info(
                request, f"Claim {claim.pk} was merged into claim {final.pk}: this is claim {final.pk}."
            )
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[final.pk]))
        draft = request.session.pop(f"claim-draft-{claim.pk}", None) or {}
        mentions = list(
            claim.mentions.select_related("article__outlet", "article__republished_from", "speaker").order_by(
                "article__published_at", "article_id", "start"
            )
        )
        rows = [
            {
                "mention": m,
                "move_form": MoveForm(prefix=f"m{m.pk}", admin_site=self.admin_site),
                "sentence": render_sentence(
                    m.sentence, m.text, article_text=m.article.text, start=m.start, end=m.end
                ),
                "article_url": reverse("admin:claims_article_change", args=[m.article_id]),
            }
            for m in mentions
        ]
        history = [
            {"entry": h, "words": history_in_words(h)}
            for h in claim.history.select_related("actor").order_by("-created_at", "-id")
        ]
        edit_form = EditForm(initial={"speaker": claim.speaker_id})
        admin_actions.speaker_search_field(
            edit_form, "speaker", Claim._meta.get_field("speaker"), self.admin_site
        )
        context = {
            **(extra_context or {}),
            "claim": claim,
            "mention_rows": rows,
            "conflict": claim_conflict(mentions),
            "history": history,
            "can_edit": self.has_change_permission(request, claim),
            "allowed_statuses": [
                (value, Claim.Status(value).label)
                for value in Claim.Status.values
                if value in TRANSITIONS.get(claim.status, frozenset())
            ],
            "edit_form": edit_form,
            # One copy of the widgets' scripts: twice, the autocomplete would start twice.
            "fc_media": edit_form.media + MoveForm(admin_site=self.admin_site).media,
            "draft": draft,
            "value_text": format_value(claim.value, claim.value_max, claim.unit or None)
            if claim.value is not None
            else "",
            "comments": claim.comments.select_related("author"),
            "editors": get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__name="Editors"))
            .distinct()
            .order_by("username"),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    @admin.action(description="Merge selected claims into the oldest one", permissions=["change"])
    def merge_claims(self, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
        """An intermediate page says what the merge will do; the merge runs once it is confirmed,
        checking that no claim changed since that page was shown."""
        claims = list(queryset.annotate(mention_total=Count("mentions")).order_by("id"))
        if len(claims) < 2:
            self.message_user(request, "Select at least two claims to merge.", level=messages.ERROR)
            return None
        target, others = claims[0], claims[1:]
        if "confirm" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "title": f"Merge {len(claims)} claims into claim {target.pk}?",
                "claims": claims,
                "target": target,
                "others": others,
                "kinds_differ": len({c.kind for c in claims}) > 1,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/claims/merge_confirm.html", context)
        versions = {c.pk: int(v) for c in claims if (v := request.POST.get(f"version_{c.pk}", "")).isdigit()}
        try:
            claims_merge(
                target=target,
                others=others,
                actor=request.user,
                note=request.POST.get("note", "").strip(),
                expected_versions=versions,
            )
        except ValidationError as exc:
            self._report(request, exc)
            return None
        url = reverse("admin:claims_claim_change", args=[target.pk])
        merged = ", ".join(str(c.pk) for c in others)
        self.message_user(
            request,
            format_html(
                'Merged claim{} {} into <a href="{}">claim {}</a>.',
                "s" if len(others) > 1 else "",
                merged,
                url,
                target.pk,
            ),
        )
        return HttpResponseRedirect(url)


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin[Mention]):
    list_display = ["text_short", "claim", "article", "start", "end", "stance", "confidence"]
    list_filter = ["stance", "claim__kind", "article__outlet"]
    search_fields = ["text", "sentence"]
    list_select_related = ["claim", "article"]

    # Read-only: a mention moves only through its claim page's tools (move, split), which record
    # the history, check versions and recompute both claims' suggestions.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="text")
    def text_short(self, obj: Mention) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "..."


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin[HistoryEntry]):
    list_display = ["created_at", "claim", "actor", "action", "note"]
    list_filter = ["action"]
    search_fields = ["note", "claim__text"]
    list_select_related = ["claim", "actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ClaimSheetItemForm(forms.ModelForm[ClaimSheetItem]):
    class Meta:
        model = ClaimSheetItem
        fields = ["position", "claim"]

    def clean_claim(self) -> Claim:
        claim: Claim = self.cleaned_data["claim"]
        if not claim.is_public:
            # A sheet is published as it is: it holds reviewed claims only.
            raise ValidationError(f"Claim {claim.pk} is not reviewed: only reviewed claims go on a sheet.")
        return claim


class ClaimSheetItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ClaimSheetItem
    form = ClaimSheetItemForm
    extra = 0
    autocomplete_fields = ["claim"]  # a claim searched by its words, not typed as a number
    fields = ["position", "claim"]


@admin.register(ClaimSheet)
class ClaimSheetAdmin(admin.ModelAdmin[ClaimSheet]):
    list_display = ["title", "slug", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ClaimSheetItemInline]
    actions = [*admin_actions.SHEET_EXPORT_ACTIONS]

    def view_on_site(self, obj: ClaimSheet) -> str | None:  # type: ignore[override]
        return links.sheet_path(obj.slug) if obj.published else None

    # Saves go through the sheet services: publishing, unpublishing and item changes reach the
    # public API at once (its cache is emptied).
    def save_model(
        self, request: HttpRequest, obj: ClaimSheet, form: forms.ModelForm[ClaimSheet], change: bool
    ) -> None:
        sheet_save(sheet=obj, actor=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        sheet_changed(sheet=form.instance)

    def delete_model(self, request: HttpRequest, obj: ClaimSheet) -> None:
        sheet_delete(sheet=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ClaimSheet]) -> None:
        for sheet in queryset:
            sheet_delete(sheet=sheet)
