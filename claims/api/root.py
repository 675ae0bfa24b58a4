"""The API root at /api/v1/: what this API is, and a link to everything in it."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from rest_framework import routers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils import formatting

from claims.exports import FORMATS
from claims.models import Claim

from .serializers import status_sentence
from .views import ReadOnlyAPIMixin

DESCRIPTION = (
    "Reviewed claims and quotes from the news, with every article that reports them. Read-only "
    "(GET, HEAD, OPTIONS) and public: no login or key. Only claims an editor has reviewed appear, "
    "with one of the public statuses below."
)


class APIRootView(ReadOnlyAPIMixin, routers.APIRootView):
    """Reviewed claims and quotes from the news, with every article that reports them.

    Read-only and public: GET, HEAD and OPTIONS only, no login or key needed. Only claims an
    editor has reviewed are here (corroborated, conflicting or single source); unreviewed and
    rejected ones never are.

    Below: each collection; the "has this been checked?" lookup (claims/lookup/?q= followed by a
    sentence or quote); every reviewed claim as a file (claims/export.FORMAT, and a published
    sheet's at sheets/SLUG/export.FORMAT); the OpenAPI schema and its documentation.
    """

    name = "factcheck public API"

    def get_view_description(self, html: bool = False) -> str:
        # One line per paragraph: without markdown, the browsable API keeps every line break.
        text = super().get_view_description(html=False)
        text = "\n\n".join(" ".join(paragraph.split()) for paragraph in text.split("\n\n"))
        return formatting.markup_description(text) if html else text

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        collections = super().get(request, *args, **kwargs).data
        fmt = kwargs.get("format")

        def link(name: str, **url_kwargs: Any) -> str:
            return reverse(f"api:{name}", kwargs=url_kwargs or None, request=request)

        return Response(
            {
                "name": self.name,
                "description": DESCRIPTION,
                "public_statuses": {status: status_sentence(status) for status in Claim.PUBLIC_STATUSES},
                **collections,
                "lookup": reverse("api:claim-lookup", request=request, format=fmt) + "?q=",
                "exports": {f: link("claims-export", export_format=f) for f in FORMATS},
                # A template: reverse() quotes the braces.
                "sheet_exports": unquote(link("sheet-export", slug="{slug}", export_format="{format}")),
                "schema": link("schema"),
                "docs": link("docs"),
                "redoc": link("redoc"),
            }
        )
