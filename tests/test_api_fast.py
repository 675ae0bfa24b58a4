"""The API's fast paths give what the slow ones gave: the claim list's one-pass serialisation, the
orjson renderer, Django's conditional GETs, the indexed lookup; and the PDF export's size limit."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.functional import lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from claims import selectors
from claims.api.renderers import FastJSONRenderer
from claims.api.serializers import ClaimSerializer
from claims.exports import documents
from claims.models import Claim

from .factories import make_varied_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})


@pytest.fixture
def varied() -> dict[str, Any]:
    return make_varied_dataset()


def reference(claims: list[Claim], request: Any = None) -> list[dict[str, Any]]:
    """The ModelSerializer's output, one claim at a time, as JSON sees it."""
    data = [ClaimSerializer(c, context={"request": request}).data for c in claims]
    return json.loads(JSONRenderer().render(data))  # type: ignore[no-any-return]


@pytest.mark.parametrize("time_zone", ["UTC", "America/New_York"])
def test_fast_list_gives_the_model_serializers_output(
    settings: Any, varied: dict[str, Any], time_zone: str
) -> None:
    settings.TIME_ZONE = time_zone
    request = RequestFactory().get("/api/v1/claims/")
    claims = list(selectors.claims_public())
    fast = ClaimSerializer(claims, many=True, context={"request": request}).data
    slow = [ClaimSerializer(c, context={"request": request}).data for c in claims]
    assert [dict(c) for c in fast] == [dict(c) for c in slow]
    # A list page: the same claims without a prefetch, their mentions read as plain rows.
    rows = ClaimSerializer(list(selectors.claims_public_page()), many=True, context={"request": request}).data
    assert [dict(c) for c in rows] == [dict(c) for c in slow]
    assert {c["speaker_status"] for c in fast} >= {"resolved", "ambiguous", "unresolved", None}
    assert any(c["conflict"] for c in fast)


def test_list_and_sheet_bodies_match_the_model_serializer(client: Client, varied: dict[str, Any]) -> None:
    response = client.get("/api/v1/claims/", {"page_size": 100})
    results = response.json()["results"]
    claims = list(selectors.claims_public())
    assert results == reference(claims, response.wsgi_request)
    shown = {m["id"] for c in results for m in c["mentions"]}
    assert varied["held"].pk not in shown  # a held source stays out
    sheet = client.get(f"/api/v1/sheets/{varied['sheet'].slug}/").json()
    items = selectors.sheets_published_detail().get(pk=varied["sheet"].pk).public_items  # type: ignore[attr-defined]
    assert sheet["claims"] == reference([item.claim for item in items])


def test_fast_renderer_writes_drfs_bytes() -> None:
    data = {
        "text": '« 12 % » \u2028 \u2029 \u00e9\u4e2d \U0001f600 "quoted" \\ </script>',
        "numbers": [0, -1, 2**62, 7.6e9, 0.1, 1e16, 2.5e18, None, True, False],
        "nested": {"a": [], "b": {}, 3: "int key"},
        "lazy": lazy(lambda: "lazy text", str)(),
        "when": datetime(2023, 4, 5, 9, 30, tzinfo=UTC),
        "tuple": (1, 2),
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    assert FastJSONRenderer().render(None) == b""
    # An indented request and a number orjson cannot write go through DRF's own renderer.
    indented = FastJSONRenderer().render(data, "application/json; indent=2", {})
    assert indented == JSONRenderer().render(data, "application/json; indent=2", {})
    assert FastJSONRenderer().render({"big": 2**70}) == JSONRenderer().render({"big": 2**70})


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/claims/{pk}/", "/api/v1/quotes/"])
def test_list_and_detail_answer_304_to_their_etag(client: Client, varied: dict[str, Any], path: str) -> None:
    url = path.format(pk=varied["quantity"].pk)
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong, from ConditionalGetMiddleware
    assert client.get(url)["ETag"] == etag
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


# --- the PDF's size limit ------------------------------------------------------------------------


@pytest.fixture
def small_pdf_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "PDF_MAX_CLAIMS", 1)


def test_api_refuses_a_pdf_past_the_limit_and_names_the_streamed_formats(
    client: Client, varied: dict[str, Any], small_pdf_limit: None
) -> None:
    response = client.get("/api/v1/claims/export.pdf")
    assert response.status_code == 400
    message = response.json()["export_format"][0]
    assert "at most 1 claims" in message and "CSV, XLSX or JSON" in message
    assert client.get("/api/v1/claims/export.csv").status_code == 200
    sheet = varied["sheet"]
    assert client.get(f"/api/v1/sheets/{sheet.slug}/export.pdf").status_code == 400


def test_command_refuses_a_pdf_past_the_limit(
    varied: dict[str, Any], small_pdf_limit: None, tmp_path: Any
) -> None:
    target = tmp_path / "claims.pdf"
    with pytest.raises(CommandError, match="CSV, XLSX or JSON"):
        call_command("export_claims", "--format", "pdf", "-o", str(target))
    assert not target.exists()


def test_admin_action_refuses_a_pdf_past_the_limit(varied: dict[str, Any], small_pdf_limit: None) -> None:
    user = User.objects.create_user("eddie", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    selected = [varied["quantity"].pk, varied["conflict"].pk]
    response = client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "export_claims_pdf", "_selected_action": selected},
        follow=True,
    )
    assert response.status_code == 200
    assert any("CSV, XLSX or JSON" in str(m) for m in response.context["messages"])


def test_pdf_writer_itself_refuses_past_the_limit(varied: dict[str, Any], small_pdf_limit: None) -> None:
    with pytest.raises(documents.ExportTooLarge):
        b"".join(documents.export_pdf(selectors.claims_for_export(), documents.ExportContext()))
