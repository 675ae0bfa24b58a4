"""Admin actions and forms: exports of a selection or a sheet, adding claims to a sheet, and moving
a speaker's mentions to another speaker; the speaker search those forms use.

Wired into `ClaimAdmin.actions`, `ClaimSheetAdmin.actions` and the speaker page in admin.py. Thin:
parse, call a selector or a service, respond.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from . import selectors
from .exports import FORMAT_LABELS, FORMATS, ExportContext, export_claims, filename, sheet_context
from .exports.documents import export_refusal
from .links import site_url
from .models import Claim, ClaimSheet, Mention, Speaker
from .services.sheets import sheet_add_claims, sheet_create

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
        if refusal := export_refusal(fmt, claims):
            modeladmin.message_user(request, refusal, messages.ERROR)
            return None
        return export_response(
            fmt, claims, ExportContext(title="Selected claims", site_url=site_url(request)), "claims"
        )

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
        if refusal := export_refusal(fmt, claims):
            modeladmin.message_user(request, refusal, messages.ERROR)
            return None
        return export_response(fmt, claims, sheet_context(sheet, site_url(request)), sheet.slug)

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


def can_edit_sheets(request: HttpRequest) -> bool:
    return request.user.has_perm("claims.add_claimsheetitem") and request.user.has_perm(
        "claims.change_claimsheet"
    )


@admin.action(description="Add selected reviewed claims to a sheet", permissions=["sheet"])
def add_to_sheet(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Claim]) -> HttpResponse | None:
    """Intermediate page: choose a sheet (or name a new one), then append the reviewed claims."""
    if not can_edit_sheets(request):
        modeladmin.message_user(request, "You may not edit claim sheets.", messages.ERROR)
        return None
    form = AddToSheetForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        sheet = form.cleaned_data["sheet"] or sheet_create(
            title=form.cleaned_data["new_title"].strip(),
            slug=form.cleaned_data["new_slug"],
            actor=request.user,
        )
        added, skipped = sheet_add_claims(sheet=sheet, claims=queryset, actor=request.user)
        text = f"Added {added} claim(s) to “{sheet}”."
        if skipped:
            text += f" Skipped {skipped}: not reviewed, or already on the sheet."
        modeladmin.message_user(request, text, messages.SUCCESS if added else messages.WARNING)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Add claims to a sheet",
        "form": form,
        "claims": list(queryset),
        "unreviewed": sum(1 for c in queryset if not c.is_public),
        "changelist_url": reverse(f"admin:{modeladmin.model._meta.app_label}_claim_changelist"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/claims/add_to_sheet.html", context)


def speaker_caption(speaker: Speaker, *, role_chars: int = 60) -> str:
    """A speaker as an editor tells namesakes apart: "Matt Grange (county attorney)", or with its
    role when the label does not give it: "Matt Grange — the actor"."""
    label = speaker.label
    role = " ".join(speaker.role.split())
    if not role or role.casefold() in label.casefold():
        return label
    return f"{label} — {role if len(role) <= role_chars else role[: role_chars - 1] + '…'}"


class SpeakerSearchView(AutocompleteJsonView):
    """The speaker search of the admin's own forms: each result with its role and number of claims
    (two namesakes read differently), and without the speaker whose page it is (`?exclude=`)."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        exclude = self.request.GET.get("exclude", "")
        return queryset.exclude(pk=int(exclude)) if exclude.isdigit() else queryset

    def serialize_result(self, obj: Model, to_field_name: str) -> dict[str, str]:
        assert isinstance(obj, Speaker)
        n = getattr(obj, "n_claims", None)
        count = "" if n is None else f" · {n} claim{'' if n == 1 else 's'}"
        return {"id": str(getattr(obj, to_field_name)), "text": speaker_caption(obj) + count}


class SpeakerSearch(AutocompleteSelect):
    """A speaker field searched by name or alias (SpeakerSearchView), with a placeholder saying so."""

    def __init__(self, field: Any, admin_site: admin.AdminSite, *, exclude: int | None = None) -> None:
        super().__init__(field, admin_site)
        self.exclude = exclude

    def get_url(self) -> str:
        url = reverse(f"{self.admin_site.name}:claims_speaker_search")
        return f"{url}?exclude={self.exclude}" if self.exclude else url

    def build_attrs(
        self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = "Search by name or alias"
        return attrs


def speaker_search_field(
    form: forms.Form, name: str, model_field: Any, admin_site: admin.AdminSite, *, exclude: int | None = None
) -> None:
    """Give a form's speaker choice the search widget (its choices come from the field's queryset)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.widget = SpeakerSearch(model_field, admin_site, exclude=exclude)
    queryset = Speaker.objects.all() if field.queryset is None else field.queryset
    field.queryset = queryset.exclude(pk=exclude) if exclude else queryset


class MoveMentionsForm(forms.Form):
    """Move chosen mentions of a speaker to another speaker (searched by name) or a new one."""

    mentions = forms.ModelMultipleChoiceField(queryset=Mention.objects.none(), required=True)
    target = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        required=False,
        label="To a speaker already in the database",
        help_text="Search by name or alias.",
    )
    new_name = forms.CharField(
        max_length=300,
        required=False,
        label="Or to a new speaker named",
        help_text="Of the same name, the new speaker is recorded as another person (kept apart).",
    )
    new_role = forms.CharField(
        max_length=300, required=False, label="Role of the new speaker", help_text="e.g. actor"
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Note for the history",
        help_text="Optional: why they are someone else.",
    )

    def __init__(self, *args: Any, speaker: Speaker, admin_site: admin.AdminSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mentions = self.fields["mentions"]
        assert isinstance(mentions, forms.ModelMultipleChoiceField)
        mentions.queryset = Mention.objects.filter(speaker=speaker).select_related("claim", "article")
        mentions.error_messages["required"] = "Tick the quotes to move."
        speaker_search_field(
            self, "target", Mention._meta.get_field("speaker"), admin_site, exclude=speaker.pk
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("target")) == bool(data.get("new_name", "").strip()):
            raise forms.ValidationError(
                "Choose a speaker already in the database or name a new one (one of the two)."
            )
        return data
