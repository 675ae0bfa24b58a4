"""Requests under /api/ whose address holds a NUL character never reach a view.

PostgreSQL refuses NUL in any string literal, so a NUL that reaches a query (a search, a filter,
an ordering, a slug) is a 500 there; SQLite stores or compares it silently. No value of this API
can hold one, so the answer is known before any view runs: a 400 naming each parameter, or a 404
for a path.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed."
COMPACT = {"separators": (",", ":")}  # as DRF writes JSON


def nul_parameters(request: HttpRequest) -> dict[str, list[str]]:
    """Each query parameter whose name or a value holds a NUL, with the reason."""
    return {
        name: [NUL_MESSAGE]
        for name, values in request.GET.lists()
        if NUL in name or any(NUL in value for value in values)
    }


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            if NUL in request.path_info:
                return JsonResponse({"detail": "Not found."}, status=404, json_dumps_params=COMPACT)
            errors = nul_parameters(request)
            if errors:
                return JsonResponse(errors, status=400, json_dumps_params=COMPACT)
        return self.get_response(request)
