"""Admin page to add articles for background extraction: by URL (the page is fetched), files, or
pasted text with its metadata.

Wired into ``ArticleAdmin.get_urls``; the article list links to it. The view is thin: it checks
the form, calls one ingest service, and shows the latest uploads with their state.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from claims.models import Article
from claims.services.ingest import IngestOutcome, article_submit_text, articles_enqueue, articles_upload

# How many recent uploads the page lists, and how often it reloads while some are pending.
RECENT = 25
REFRESH_SECONDS = 5
UPLOAD_PREFIXES = ("upload/", "pasted/", "http://", "https://")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}))
        # Empty or unreadable files are reported by ingest, one line each, like files on disk.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    page_url = forms.URLField(
        label="Add by URL",
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 80, "placeholder": "https://"}),
        help_text="The address of an article's page: it is fetched, and its text and metadata read from it.",
    )
    article_files = MultipleFileField(
        label="Files", required=False, help_text="Article files (.txt or .html); several at once."
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        help_text="Or paste an article's text.",
    )
    title = forms.CharField(required=False, max_length=500, help_text="Title of the pasted article.")
    outlet = forms.CharField(required=False, max_length=200, help_text="Who published it.")
    published_at = forms.DateField(
        required=False,
        help_text="Publication date (YYYY-MM-DD).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    url = forms.URLField(label="URL", required=False, max_length=1000, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_files = bool(data.get("article_files"))
        has_text = bool((data.get("text") or "").strip())
        has_url = bool(data.get("page_url"))
        if has_files + has_text + has_url != 1:
            raise forms.ValidationError("Give an article's URL, files or pasted text (one of the three).")
        if has_text and not (data.get("title") or "").strip():
            self.add_error("title", "A pasted article needs its title.")
        return data


def _uploads(files: list[UploadedFile]) -> tuple[list[IngestOutcome], list[tuple[str, bytes]]]:
    """Files over ``INGEST_MAX_BYTES`` refused by their size, never read (Django keeps an upload
    over ``FILE_UPLOAD_MAX_MEMORY_SIZE`` in a temporary file); the others' names and bytes."""
    limit = settings.INGEST_MAX_BYTES
    refused: list[IngestOutcome] = []
    uploads: list[tuple[str, bytes]] = []
    for f in files:
        name = f.name or "upload.txt"
        if f.size is not None and f.size > limit:
            message = (
                f"file is {f.size:,} bytes, over the {limit:,}-byte limit (INGEST_MAX_BYTES); "
                "check it is one article, or split it"
            )
            refused.append(IngestOutcome(f"upload/{name}", "failed", message=message))
        else:
            uploads.append((name, f.read()))
    return refused, uploads


def _published(day: Any) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def _report(request: HttpRequest, outcomes: list[IngestOutcome]) -> None:
    queued = [o for o in outcomes if o.status == "queued"]
    if queued:
        messages.success(request, f"{len(queued)} article(s) queued for extraction.")
    for o in outcomes:
        if o.status == "unchanged":
            messages.info(request, f"{o.path}: {o.message} (article {o.article_id}).")
        elif o.status == "failed":
            messages.error(request, f"{o.path}: {o.message}")


def article_upload_view(model_admin: admin.ModelAdmin[Article], request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied("Only editors can add articles.")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["page_url"]:
            outcomes = articles_enqueue(paths=[data["page_url"]])
        elif data["article_files"]:
            refused, uploads = _uploads(data["article_files"])
            outcomes = refused + articles_upload(files=uploads)
        else:
            outcomes = [
                article_submit_text(
                    text=data["text"],
                    title=data["title"].strip(),
                    outlet=data["outlet"].strip(),
                    published_at=_published(data["published_at"]),
                    url=data["url"],
                )
            ]
        _report(request, outcomes)
        return HttpResponseRedirect(reverse("admin:claims_article_upload"))
    added = Q()
    for prefix in UPLOAD_PREFIXES:
        added |= Q(source_path__startswith=prefix)
    recent = list(
        Article.objects.filter(added)
        .select_related("outlet")
        .only("id", "title", "source_path", "state", "error", "ingested_at", "outlet__name")
        .order_by("-ingested_at", "-id")[:RECENT]
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Upload articles",
        "form": form,
        "recent": recent,
        "refresh": REFRESH_SECONDS if any(a.state == Article.State.PENDING for a in recent) else None,
    }
    return TemplateResponse(request, "admin/claims/article/upload.html", context)
