"""Admin actions: export a selection or a sheet in every format, add selected claims to a sheet."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from claims.exports import FORMATS
from claims.models import ClaimSheet

from .factories import make_public_dataset, make_sheet

pytestmark = pytest.mark.django_db

CLAIMS = "admin:claims_claim_changelist"
SHEETS = "admin:claims_claimsheet_changelist"


def member(name: str, group: str) -> User:
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor() -> Client:
    client = Client()
    client.force_login(member("eddie", "Editors"))
    return client


@pytest.fixture
def data() -> dict[str, Any]:
    return make_public_dataset()


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def test_export_selection_as_json_includes_what_was_selected(editor: Client, data: dict[str, Any]) -> None:
    selected = [data["quantity"].pk, data["unreviewed"].pk]
    response = editor.post(reverse(CLAIMS), {"action": "export_claims_json", "_selected_action": selected})
    assert 'filename="claims.json"' in response["Content-Disposition"]
    claims = json.loads(body(response))["claims"]
    assert sorted(c["id"] for c in claims) == sorted(selected)
    assert "SECRET-INTERNAL" not in json.dumps(claims)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_selection_in_each_format(editor: Client, data: dict[str, Any], fmt: str) -> None:
    response = editor.post(
        reverse(CLAIMS), {"action": f"export_claims_{fmt}", "_selected_action": [data["quote"].pk]}
    )
    content = body(response)
    assert response["Content-Type"] == FORMATS[fmt].content_type
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        assert [r["Claim"] for r in rows] == ["No other partner is closer"]
    elif fmt == "xlsx":
        cells = list(load_workbook(io.BytesIO(content))["claims"].iter_rows(values_only=True))
        assert cells[1][0] == "No other partner is closer"
    elif fmt == "pdf":
        text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)
        assert "No other partner is closer" in text
    elif fmt == "claimreview":
        assert json.loads(content)[0]["claimReviewed"] == "No other partner is closer"
    else:
        assert "No other partner is closer" in content.decode()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_sheet_export_action(editor: Client, data: dict[str, Any], fmt: str) -> None:
    response = editor.post(
        reverse(SHEETS), {"action": f"export_sheet_{fmt}", "_selected_action": [data["sheet"].pk]}
    )
    assert f'filename="japan-nato.{FORMATS[fmt].extension}"' in response["Content-Disposition"]
    assert body(response)


def test_sheet_export_needs_exactly_one_sheet(editor: Client, data: dict[str, Any]) -> None:
    response = editor.post(
        reverse(SHEETS),
        {"action": "export_sheet_csv", "_selected_action": [data["sheet"].pk, data["draft"].pk]},
        follow=True,
    )
    assert "Select exactly one sheet" in response.content.decode()


def test_add_to_sheet_shows_a_form_then_appends_reviewed_claims(editor: Client, data: dict[str, Any]) -> None:
    sheet = make_sheet(title="New story", slug="new-story")
    selected = [data["quantity"].pk, data["quote"].pk, data["unreviewed"].pk]
    form = editor.post(reverse(CLAIMS), {"action": "add_to_sheet", "_selected_action": selected})
    assert form.status_code == 200
    assert "Add claims to a sheet" in form.content.decode()
    assert "1 of the" in form.content.decode()
    # Breadcrumbs lead back to the claim list.
    assert f'<a href="{reverse(CLAIMS)}">Claims</a>' in form.content.decode()

    done = editor.post(
        reverse(CLAIMS),
        {"action": "add_to_sheet", "_selected_action": selected, "apply": "1", "sheet": sheet.pk},
        follow=True,
    )
    assert "Added 2 claim(s)" in done.content.decode()
    # In the order the list showed them.
    shown = [int(pk) for pk in re.findall(r'<li data-claim="(\d+)">', form.content.decode())]
    reviewed = [pk for pk in shown if pk != data["unreviewed"].pk]
    assert sorted(reviewed) == sorted([data["quantity"].pk, data["quote"].pk])
    assert list(sheet.items.order_by("position").values_list("claim_id", flat=True)) == reviewed
    assert list(sheet.items.values_list("position", flat=True)) == [0, 1]

    again = editor.post(
        reverse(CLAIMS),
        {"action": "add_to_sheet", "_selected_action": [data["quote"].pk], "apply": "1", "sheet": sheet.pk},
        follow=True,
    )
    assert "Added 0 claim(s)" in again.content.decode()
    assert sheet.items.count() == 2


def test_add_to_a_new_sheet(editor: Client, data: dict[str, Any]) -> None:
    editor.post(
        reverse(CLAIMS),
        {
            "action": "add_to_sheet",
            "_selected_action": [data["quote"].pk],
            "apply": "1",
            "new_title": "Fresh sheet",
        },
    )
    sheet = ClaimSheet.objects.get(slug="fresh-sheet")
    assert sheet.title == "Fresh sheet" and not sheet.published
    assert list(sheet.claims.all()) == [data["quote"]]


def test_add_to_sheet_form_needs_a_choice(editor: Client, data: dict[str, Any]) -> None:
    response = editor.post(
        reverse(CLAIMS), {"action": "add_to_sheet", "_selected_action": [data["quote"].pk], "apply": "1"}
    )
    assert "Choose a sheet or give the title" in response.content.decode()


def test_reviewer_cannot_add_to_sheets(data: dict[str, Any]) -> None:
    client = Client()
    client.force_login(member("rita", "Reviewers"))
    sheet = make_sheet(slug="r")
    client.post(
        reverse(CLAIMS),
        {"action": "add_to_sheet", "_selected_action": [data["quote"].pk], "apply": "1", "sheet": sheet.pk},
    )
    assert sheet.items.count() == 0
