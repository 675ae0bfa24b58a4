"""The probe's API findings, each reproduced: NUL characters anywhere in a request (a 500 on
PostgreSQL), OPTIONS on the docs pages (a 500), 400 bodies that were JSON lists, and page sizes,
limits and dates that were read as "nothing given"."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.test import Client
from rest_framework.exceptions import ValidationError
from rest_framework.throttling import AnonRateThrottle

from claims.api.errors import exception_handler
from claims.models import Claim

from .factories import make_public_dataset

pytestmark = pytest.mark.django_db

NUL_MESSAGE = ["Null characters are not allowed."]


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})


@pytest.fixture
def data() -> dict[str, Any]:
    return make_public_dataset()


def bad_request(client: Client, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.get(url, params)
    assert response.status_code == 400, (url, params, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body, dict), body
    return body


# --- NUL characters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("claims/", "search"),  # a 500 on PostgreSQL: "A string literal cannot contain NUL"
        ("quotes/", "search"),
        ("articles/", "search"),  # a JSON list before
        ("outlets/", "search"),
        ("speakers/", "search"),
        ("claims/", "unit"),
        ("claims/", "ordering"),
        ("sheets/", "ordering"),
        ("speakers/", "kind"),
        ("claims/", "page"),
        ("claims/", "format"),
        ("claims/", "unknown"),
        ("claims/lookup/", "q"),
        ("claims/export.csv", "status"),
        ("sheets/japan-nato/export.json", "x"),
        ("", "x"),
        ("schema/", "lang"),
        ("docs/", "lang"),
        ("redoc/", "lang"),
    ],
)
def test_nul_in_any_parameter_is_a_400_naming_it(
    client: Client, data: dict[str, Any], path: str, param: str
) -> None:
    body = bad_request(client, f"/api/v1/{path}", {"q": "Japan", param: "Japan\x00"})
    assert body == {param: NUL_MESSAGE}


def test_nul_in_a_parameter_name_or_second_value_is_a_400(client: Client, data: dict[str, Any]) -> None:
    assert bad_request(client, "/api/v1/claims/?%00=1") == {"\x00": NUL_MESSAGE}
    assert bad_request(client, "/api/v1/claims/?status=corroborated&status=%00") == {"status": NUL_MESSAGE}
    both = bad_request(client, "/api/v1/claims/?search=a%00&unit=%00")
    assert both == {"search": NUL_MESSAGE, "unit": NUL_MESSAGE}


@pytest.mark.parametrize(
    "path", ["sheets/%00/", "sheets/%00/export.json", "claims/%00/", "speakers/a%00b/", "nowhere%00/"]
)
def test_nul_in_the_path_is_the_json_404(client: Client, data: dict[str, Any], path: str) -> None:
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_nul_400_carries_the_cors_headers(client: Client) -> None:
    response = client.get("/api/v1/claims/?search=%00", HTTP_ORIGIN="https://reader.example")
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"


# --- every 400 is an object ----------------------------------------------------------------------


def test_a_bare_validation_message_becomes_a_detail_object() -> None:
    response = exception_handler(ValidationError("Null characters are not allowed."), {})
    assert response is not None
    assert response.data == {"detail": "Null characters are not allowed."}
    per_field = exception_handler(ValidationError({"q": ["Required."]}), {})
    assert per_field is not None
    assert per_field.data == {"q": ["Required."]}


def test_a_request_django_refuses_is_a_json_400_under_api(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    query = "&".join(f"a{n}=1" for n in range(10))
    response = client.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


def test_schema_documents_400_bodies_as_objects(client: Client) -> None:
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert len(operations) >= 15
    for operation in operations:
        bad = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert bad["type"] == "object", operation["operationId"]
        assert bad["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


# --- the docs pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("path", ["docs/", "redoc/", "schema/"])
def test_options_on_the_docs_pages_answers(client: Client, settings: Any, debug: bool, path: str) -> None:
    settings.DEBUG = debug
    response = client.options(f"/api/v1/{path}")
    assert response.status_code == 200, response.content[:300]
    assert set(response["Allow"].replace(" ", "").split(",")) >= {"GET", "OPTIONS"}


@pytest.mark.parametrize("path", ["docs/", "redoc/", "schema/"])
def test_errors_of_the_docs_pages_are_json(client: Client, path: str) -> None:
    response = client.get(f"/api/v1/{path}?format=nothing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    refused = client.post(f"/api/v1/{path}")
    assert refused.status_code == 405
    assert "detail" in refused.json()


def test_swagger_page_has_no_inline_script_and_serves_its_own(client: Client) -> None:
    page = client.get("/api/v1/docs/").content.decode()
    assert "SwaggerUIBundle(" not in page
    assert 'src="/api/v1/docs/?script="' in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content and b"/api/v1/schema/" in script.content


def test_redoc_page_loads_nothing_from_another_site(client: Client) -> None:
    page = client.get("/api/v1/redoc/").content.decode()
    assert "googleapis" not in page and "gstatic" not in page
    assert '<redoc spec-url="/api/v1/schema/">' in page
    assert "redoc.standalone.js" in page


# --- page sizes, limits, dates -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "-1", "0", "", "1.5", "1e3", " 5", "+5", "5_0", "²"])
def test_garbage_page_size_is_a_400(client: Client, data: dict[str, Any], value: str) -> None:
    body = bad_request(client, "/api/v1/claims/", {"page_size": value})
    assert list(body) == ["page_size"]
    assert "whole number of at least 1" in body["page_size"][0]


@pytest.mark.parametrize("endpoint", ["quotes", "articles", "outlets", "speakers", "sheets"])
def test_page_size_is_checked_on_every_list(client: Client, data: dict[str, Any], endpoint: str) -> None:
    assert list(bad_request(client, f"/api/v1/{endpoint}/", {"page_size": "x"})) == ["page_size"]


def test_page_size_above_the_maximum_is_read_as_the_maximum(client: Client, data: dict[str, Any]) -> None:
    Claim.objects.bulk_create(
        Claim(kind=Claim.Kind.EVENT, text=f"event {n}", status=Claim.Status.SINGLE_SOURCE) for n in range(105)
    )
    for value in ["101", "10000", "99999999999999999999999"]:
        body = client.get("/api/v1/claims/", {"page_size": value}).json()
        assert len(body["results"]) == 100
        assert body["next"] is not None
    assert len(client.get("/api/v1/claims/", {"page_size": "3"}).json()["results"]) == 3


def test_schema_documents_the_page_size(client: Client) -> None:
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    (page_size,) = [
        p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"] if p["name"] == "page_size"
    ]
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
    assert "above 100 gives 100 rows" in page_size["description"]


@pytest.mark.parametrize("value", ["x", "", "0", "-1", "1000", "2.5"])
def test_garbage_lookup_limit_is_a_400(client: Client, data: dict[str, Any], value: str) -> None:
    body = bad_request(client, "/api/v1/claims/lookup/", {"q": "Japan aid", "limit": value})
    assert list(body) == ["limit"]


@pytest.mark.parametrize("endpoint", ["claims", "quotes", "articles"])
@pytest.mark.parametrize("param", ["published_after", "published_before"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Give a value, or leave the parameter out."),
        ("  ", "Give a value, or leave the parameter out."),
        ("notadate", "Enter a date as YYYY-MM-DD."),
        ("04/05/2023", "Enter a date as YYYY-MM-DD."),
        ("2023-02-30", "Enter a date as YYYY-MM-DD."),
    ],
)
def test_empty_or_malformed_date_is_a_400(
    client: Client, data: dict[str, Any], endpoint: str, param: str, value: str, message: str
) -> None:
    assert bad_request(client, f"/api/v1/{endpoint}/", {param: value}) == {param: [message]}


@pytest.mark.parametrize(
    ("endpoint", "param"),
    [
        ("claims", "speaker"),
        ("claims", "outlet"),
        ("claims", "value_min"),
        ("claims", "unit"),
        ("claims", "status"),
        ("articles", "outlet"),
        ("speakers", "kind"),
    ],
)
def test_a_filter_given_with_no_value_is_a_400(
    client: Client, data: dict[str, Any], endpoint: str, param: str
) -> None:
    assert bad_request(client, f"/api/v1/{endpoint}/", {param: ""}) == {
        param: ["Give a value, or leave the parameter out."]
    }


def test_well_formed_values_still_filter(client: Client, data: dict[str, Any]) -> None:
    found = client.get("/api/v1/articles/", {"published_after": "2023-04-06", "page_size": "10"})
    assert found.status_code == 200
    assert [a["id"] for a in found.json()["results"]] == [data["article2"].pk]
    # An empty search or ordering is still "none" (a search box submitted empty).
    assert client.get("/api/v1/claims/", {"search": "", "ordering": ""}).status_code == 200


def test_browsable_filter_form_leaves_empty_fields_out(client: Client, data: dict[str, Any]) -> None:
    page = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html").content.decode()
    assert "data-drop-empty" in page
    assert "/static/api/filter-form.js" in page
