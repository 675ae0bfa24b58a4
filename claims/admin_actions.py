"""Admin actions and forms: exports of a selection or a sheet, adding claims to a sheet, and moving
a speaker's mentions to another speaker.

Wired into `ClaimAdmin.actions`, `ClaimSheetAdmin.actions` and the speaker page in admin.py. Thin:
parse, call a selector or a service, respond.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify

from . import selectors
from .exports import FORMATS, ExportContext, export_claims, filename, sheet_context
from .models import Claim, ClaimSheet, Mention, Speaker
from .services.sheets import sheet_add_claims, sheet_create

FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "json": "JSON",
    "claimreview": "ClaimReview JSON-LD",
    "md": "Markdown",
    "pdf": "PDF",
}

AdminAction = Callable[[Any, HttpRequest, QuerySet[Any]], HttpResponseBase | None]


def export_response(
    fmt: str, claims: QuerySet[Claim], context: ExportContext, stem: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        export_claims(fmt, claims, context), content_type=FORMATS[fmt].content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(fmt, stem)}"'
    return response


def _claim_export_action(fmt: str) -> AdminAction:
    def action(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponseBase | None:
        # The selection as chosen (editors may export unreviewed claims for their own work);
        # internal notes are never in any export format.
        claims = selectors.claims_for_export(claims=queryset)
        return export_response(fmt, claims, ExportContext(title="Selected claims"), "claims")

    action.__name__ = f"export_claims_{fmt}"
    return admin.action(description=f"Export selected claims as {FORMAT_LABELS[fmt]}")(action)


def _sheet_export_action(fmt: str) -> AdminAction:
    def action(
        modeladmin: Any, request: HttpRequest, queryset: QuerySet[ClaimSheet]
    ) -> HttpResponseBase | None:
        sheets = list(queryset[:2])
        if len(sheets) != 1:
            modeladmin.message_user(request, "Select exactly one sheet to export.", messages.WARNING)
            return None
        sheet = sheets[0]
        claims = selectors.claims_for_export(sheet=sheet)
        return export_response(fmt, claims, sheet_context(sheet), sheet.slug)

    action.__name__ = f"export_sheet_{fmt}"
    return admin.action(description=f"Export sheet as {FORMAT_LABELS[fmt]}")(action)


CLAIM_EXPORT_ACTIONS = [_claim_export_action(fmt) for fmt in FORMATS]
SHEET_EXPORT_ACTIONS = [_sheet_export_action(fmt) for fmt in FORMATS]


class AddToSheetForm(forms.Form):
    sheet = forms.ModelChoiceField(
        queryset=ClaimSheet.objects.order_by("title"), required=False, help_text="An existing sheet..."
    )
    new_title = forms.CharField(max_length=300, required=False, help_text="...or the title of a new sheet.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("sheet") and not data.get("new_title", "").strip():
            raise forms.ValidationError("Choose a sheet or give the title of a new one.")
        if data.get("sheet") and data.get("new_title", "").strip():
            raise forms.ValidationError("Choose a sheet or a new title, not both.")
        title = data.get("new_title", "").strip()
        if title:
            slug = slugify(title)[:100] or "sheet"
            if ClaimSheet.objects.filter(slug=slug).exists():
                raise forms.ValidationError(f"A sheet with the address {slug!r} exists already: choose it.")
            data["new_slug"] = slug
        return data


@admin.action(description="Add selected reviewed claims to a sheet", permissions=["view"])
def add_to_sheet(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
    """Intermediate page: choose a sheet (or name a new one), then append the reviewed claims."""
    if not (
        request.user.has_perm("claims.add_claimsheetitem")
        and request.user.has_perm("claims.change_claimsheet")
    ):
        modeladmin.message_user(request, "You may not edit claim sheets.", messages.ERROR)
        return None
    form = AddToSheetForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        sheet = form.cleaned_data["sheet"] or sheet_create(
            title=form.cleaned_data["new_title"].strip(),
            slug=form.cleaned_data["new_slug"],
            actor=request.user,
        )
        added, skipped = sheet_add_claims(sheet=sheet, claims=queryset)
        text = f"Added {added} claim(s) to “{sheet}”."
        if skipped:
            text += f" Skipped {skipped}: not reviewed, or already on the sheet."
        modeladmin.message_user(request, text, messages.SUCCESS if added else messages.WARNING)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Add claims to a sheet",
        "form": form,
        "claims": queryset,
        "unreviewed": sum(1 for c in queryset if not c.is_public),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/claims/add_to_sheet.html", context)


class MoveMentionsForm(forms.Form):
    """Move chosen mentions of a speaker to another speaker (searched by name) or a new one."""

    mentions = forms.ModelMultipleChoiceField(queryset=Mention.objects.none(), required=True)
    target = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        required=False,
        label="to the speaker",
        help_text="Search by name or alias.",
    )
    new_name = forms.CharField(max_length=300, required=False, label="or to a new speaker named")
    new_role = forms.CharField(max_length=300, required=False, label="its role")
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, speaker: Speaker, admin_site: admin.AdminSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentions = self.fields["mentions"]
        assert isinstance(mentions, forms.ModelMultipleChoiceField)
        mentions.queryset = Mention.objects.filter(speaker=speaker).select_related("claim", "article")
        mentions.error_messages["required"] = "Tick the mentions to move."
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.widget = AutocompleteSelect(Mention._meta.get_field("speaker"), admin_site)
        target.queryset = Speaker.objects.exclude(pk=speaker.pk)  # (also gives the widget its choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("target")) == bool(data.get("new_name", "").strip()):
            raise forms.ValidationError("Choose another speaker or name a new one (one of the two).")
        return data
