"""schemathesis against the OpenAPI schema: every endpoint, hundreds of generated requests.

Zero server errors, and every response matches the schema (status code, content type, body).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from factcheck.wsgi import application

from .factories import make_public_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
POSITIVE_EXAMPLES = 25
NEGATIVE_EXAMPLES = 10


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
    cache.clear()


@pytest.fixture(autouse=True)
def keep_test_connection() -> Iterator[None]:
    """schemathesis calls the WSGI app directly, whose request signals would close the test's
    database connection (Django's own test client disconnects them the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def known_values(data: dict[str, Any], path: str) -> dict[str, Any]:
    ids = {
        "claims": "quantity",
        "quotes": "quote",
        "articles": "article",
        "outlets": "outlet",
        "speakers": "speaker",
    }
    resource = path.split("/")[3]
    return {
        "id": data[ids[resource]].pk if resource in ids else 0,
        "slug": "japan-nato",
        "export_format": "json",
    }


def exercise(operation: Any, mode: Any, examples: int, sent: Counter[str], statuses: Counter[int]) -> None:
    """Send `examples` generated requests to one operation; positive ones must match the schema."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), _=st.just(None))
    def run(case: Any, _: None) -> None:
        response = case.call()
        sent[operation.label] += 1
        statuses[response.status_code] += 1
        assert response.status_code < 500, (case.path, case.query, response.content[:300])
        if mode == schemathesis.GenerationMode.POSITIVE:
            case.validate_response(response, checks=CHECKS)

    run()


def test_every_endpoint_survives_generated_requests() -> None:
    data = make_public_dataset()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 15
    sent: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    unsatisfiable: list[str] = []

    for operation in operations:
        for mode, examples in [
            (schemathesis.GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
            (schemathesis.GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ]:
            try:
                exercise(operation, mode, examples, sent, statuses)
            except Unsatisfiable:
                # Some operations have no parameter that can be made invalid.
                assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
                unsatisfiable.append(operation.label)

    # Generated ids rarely exist: also check each operation once with real ones, answering 200.
    for operation in operations:
        names = re.findall(r"\{(\w+)\}", operation.path)
        values = known_values(data, operation.path)
        query = {"q": "approximately $7.6 billion"} if operation.path.endswith("/lookup/") else {}
        case = operation.Case(path_parameters={n: values[n] for n in names}, query=query)
        response = case.call()
        assert response.status_code == 200, (operation.label, response.content[:300])
        case.validate_response(response, checks=CHECKS)
        sent[operation.label] += 1

    total = sum(sent.values())
    print(
        f"schemathesis: {total} requests over {len(sent)} operations; statuses {dict(statuses)}; no negative cases for {unsatisfiable}"
    )
    assert total >= 300
    assert set(sent) == {op.label for op in operations}
