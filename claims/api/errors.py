"""Error bodies of the public API: always a JSON object, as the schema documents.

DRF answers a `ValidationError` raised with a bare message (as its `SearchFilter` does) with a
JSON list; clients and the schema expect `{"parameter": ["message"]}` or `{"detail": "..."}`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import bad_request as django_bad_request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# The OpenAPI schema of a 400 body: messages per parameter, or one `detail`.
VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"published_after": ["Enter a date as YYYY-MM-DD."]},
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": " ".join(str(message) for message in response.data)}
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 400 handler (a request Django itself refuses, e.g. too many parameters):
    JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return django_bad_request(request, exception)
