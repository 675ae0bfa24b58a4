"""API details: the root describes the API, the schema advertises no security, unknown URLs under
/api/ are JSON 404s in debug mode too, and status_label says what a status means."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from rest_framework.throttling import AnonRateThrottle

from claims.exports import FORMATS
from claims.models import Claim

from .factories import make_public_dataset

pytestmark = pytest.mark.django_db

COLLECTIONS = ["claims", "quotes", "articles", "outlets", "speakers", "sheets"]
NOT_FOUND = {"detail": "Not found."}
UNKNOWN_URLS = [
    "/api/v1/nope/",
    "/api/v1/nope",
    "/api/v1/claims/1/nope/",
    "/api/v1/claims/export.csv/nope",
    "/api/anything",
    "/api/",
    "/api",
    "/api/v2/claims/",
]


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    cache.clear()


@pytest.fixture
def data() -> dict[str, Any]:
    return make_public_dataset()


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request: pytest.FixtureRequest, settings: Any) -> bool:
    settings.DEBUG = request.param
    return bool(request.param)


def get_json(client: Client, url: str, **extra: Any) -> Any:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()


def local(url: str) -> str:
    return url.removeprefix("http://testserver")


# --- the root ------------------------------------------------------------------------------------


def test_root_says_what_the_api_is(client: Client) -> None:
    root = get_json(client, "/api/v1/")
    assert root["name"] == "factcheck public API"
    for words in ["Reviewed claims and quotes from the news", "Read-only", "public"]:
        assert words in root["description"]
    assert root["public_statuses"] == {
        "corroborated": "Corroborated: two or more independent sources agree",
        "conflicting": "Conflicting: the sources disagree on the value, date, wording or attribution",
        "single_source": "Single source: checked against its one source; no independent second source",
    }


def test_root_links_lead_to_every_part_of_the_api(client: Client, data: dict[str, Any]) -> None:
    root = get_json(client, "/api/v1/")
    for name in COLLECTIONS:
        assert local(root[name]) == f"/api/v1/{name}/"
        assert "results" in get_json(client, local(root[name]))
    assert local(root["lookup"]) == "/api/v1/claims/lookup/?q="
    found = get_json(client, local(root["lookup"]) + "Japan announced $7.6 billion in aid")
    assert found["results"][0]["claim"]["id"] == data["quantity"].pk
    assert set(root["exports"]) == set(FORMATS)
    assert local(root["exports"]["csv"]) == "/api/v1/claims/export.csv"
    assert client.get(local(root["exports"]["json"])).status_code == 200
    sheet_export = root["sheet_exports"].format(slug="japan-nato", format="json")
    assert local(sheet_export) == "/api/v1/sheets/japan-nato/export.json"
    assert client.get(local(sheet_export)).status_code == 200
    assert "openapi" in get_json(client, local(root["schema"]) + "?format=json")
    for name in ["docs", "redoc"]:
        assert client.get(local(root[name])).status_code == 200


def test_root_with_a_format_suffix_links_in_that_format(client: Client) -> None:
    root = get_json(client, "/api/v1/.json")
    assert local(root["claims"]) == "/api/v1/claims.json"
    assert local(root["lookup"]) == "/api/v1/claims/lookup.json?q="
    assert client.get("/api/v1/claims/lookup.json?q=aid").status_code == 200


def test_browsable_root_shows_the_description(client: Client) -> None:
    page = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert "<h1>factcheck public API</h1>" in page
    assert "Read-only and public: GET, HEAD and OPTIONS only, no login or key needed." in page
    assert "default basic root view" not in page


def test_root_is_read_only_for_a_logged_in_superuser_too() -> None:
    get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/v1/").status_code == 405
    assert client.login(username="boss", password="pw")
    response = client.post("/api/v1/", data="{}", content_type="application/json")
    assert response.status_code == 405  # not 403 from the CSRF check
    assert response.json()["detail"]


# --- no security in the schema -------------------------------------------------------------------


def test_schema_advertises_no_security(client: Client) -> None:
    schema = get_json(client, "/api/v1/schema/?format=json")
    assert "securitySchemes" not in schema.get("components", {})
    assert "security" not in schema
    operations = [op for ops in schema["paths"].values() for op in ops.values() if isinstance(op, dict)]
    assert len(operations) >= 15
    assert [op["operationId"] for op in operations if "security" in op] == []


def test_schema_is_valid_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(out)
    )
    assert "securitySchemes" not in json.loads(out.read_text()).get("components", {})


def test_logged_in_staff_still_use_the_browsable_api_with_their_session(data: dict[str, Any]) -> None:
    get_user_model().objects.create_user("desk", "desk@example.com", "pw", is_staff=True)
    client = Client()
    assert client.login(username="desk", password="pw")
    page = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "desk" in page.content.decode()  # the browsable API's user menu: the session was read


# --- JSON 404s ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", UNKNOWN_URLS)
def test_unknown_api_urls_get_a_json_404(client: Client, debug: bool, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


def test_unknown_api_url_is_a_json_404_for_other_methods(debug: bool) -> None:
    client = Client(enforce_csrf_checks=True)
    for method in ["post", "put", "delete"]:
        response = getattr(client, method)("/api/v1/nope/")
        assert response.status_code == 404, method
        assert response.json() == NOT_FOUND


def test_missing_objects_are_json_404s(client: Client, debug: bool, data: dict[str, Any]) -> None:
    for url in ["/api/v1/claims/999999/", "/api/v1/sheets/draft/", "/api/v1/sheets/nope/export.json"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"], url


def test_existing_routes_still_answer(client: Client, debug: bool, data: dict[str, Any]) -> None:
    pk = data["quantity"].pk
    answers = {
        "/api/v1/": "application/json",
        "/api/v1/.json": "application/json",
        "/api/v1/claims/": "application/json",
        "/api/v1/claims.json": "application/json",
        f"/api/v1/claims/{pk}/": "application/json",
        f"/api/v1/claims/{pk}.json": "application/json",
        f"/api/v1/claims/{pk}.json/": "application/json",
        "/api/v1/claims/lookup/?q=aid": "application/json",
        "/api/v1/claims/export.json": "application/json",
        "/api/v1/claims/export.csv": "text/csv",
        "/api/v1/sheets/japan-nato/": "application/json",
        "/api/v1/sheets/japan-nato/export.md": "text/markdown",
        "/api/v1/schema/?format=json": "application/vnd.oai.openapi+json",
        "/api/v1/docs/": "text/html",
        "/api/v1/redoc/": "text/html",
    }
    for url, content_type in answers.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        assert response["Content-Type"].split(";")[0] == content_type, url


def test_api_urls_without_their_slash_still_redirect_to_it(
    client: Client, debug: bool, data: dict[str, Any]
) -> None:
    pk = data["quantity"].pk
    redirects = {
        "/api/v1": "/api/v1/",
        "/api/v1/claims?page=1": "/api/v1/claims/?page=1",
        f"/api/v1/claims/{pk}": f"/api/v1/claims/{pk}/",
        "/api/v1/claims/lookup?q=aid": "/api/v1/claims/lookup/?q=aid",
        "/api/v1/sheets/japan-nato": "/api/v1/sheets/japan-nato/",
        "/api/v1/docs": "/api/v1/docs/",
    }
    for url, target in redirects.items():
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, target), url
        assert client.get(target).status_code == 200, target


def test_unknown_pages_outside_the_api_are_not_json(client: Client, debug: bool) -> None:
    for url in ["/nope/", "/apiary/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("text/html"), url


# --- status_label ----------------------------------------------------------------------------------


def test_status_label_says_what_the_status_means(client: Client, data: dict[str, Any]) -> None:
    quote = get_json(client, f"/api/v1/claims/{data['quote'].pk}/")
    assert quote["status"] == "single_source"
    assert quote["status_label"] == (
        "Single source: checked against its one source; no independent second source"
    )
    assert quote["status_explanation"] == "checked against its one source; no independent second source"
    quantity = get_json(client, f"/api/v1/claims/{data['quantity'].pk}/")
    assert quantity["status"] == Claim.Status.CORROBORATED
    assert quantity["status_label"] == "Corroborated: two or more independent sources agree"


def test_status_label_is_the_same_in_lists_lookups_and_sheets(client: Client, data: dict[str, Any]) -> None:
    expected = "Single source: checked against its one source; no independent second source"
    listed = get_json(client, "/api/v1/quotes/")["results"]
    assert [c["status_label"] for c in listed] == [expected]
    found = get_json(client, "/api/v1/claims/lookup/?q=No+other+partner+is+closer")["results"]
    assert found[0]["claim"]["status_label"] == expected
    sheet = get_json(client, "/api/v1/sheets/japan-nato/")
    assert sheet["claims"][0]["status_label"] == expected


def test_schema_documents_status_label_and_explanation(client: Client) -> None:
    claim = get_json(client, "/api/v1/schema/?format=json")["components"]["schemas"]["Claim"]["properties"]
    assert "Single source: checked against its one source" in claim["status_label"]["description"]
    assert claim["status_explanation"]["type"] == "string"
    assert claim["status_explanation"]["description"]


def test_a_stray_basic_authorization_header_does_not_refuse_a_public_read(client: Client) -> None:
    import base64

    token = base64.b64encode(b"nobody:wrong").decode()
    response = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code == 200
