"""The schema and its documentation pages (Swagger UI, Redoc), fit for a strict CSP.

- Swagger UI: drf-spectacular's split view, whose start-up script is a second request
  (`?script`) instead of an inline `<script>`, so `script-src 'self'` suffices.
- Redoc: drf-spectacular's page without its Google Fonts links (a request to another site,
  refused by the policy); Redoc falls back to the browser's fonts. Its sidebar always shows
  Redocly's logo, loaded from cdn.redoc.ly by the bundle itself: that one image is allowed here.
- Errors are JSON like the rest of the API (the pages' own renderers would answer with an HTML
  page or YAML), and OPTIONS answers with the allowed methods instead of rendering the page
  template without its context (a 500).
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .views import ReadOnlyAPIMixin


class DocsMixin(ReadOnlyAPIMixin):
    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, Response) and response.exception:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class SchemaView(DocsMixin, SpectacularAPIView):
    pass


class PageMixin(DocsMixin):
    def options(self, request: Any, *args: Any, **kwargs: Any) -> Any:  # an HttpResponse
        # DRF adds the Allow header.
        return HttpResponse()


class SwaggerView(PageMixin, SpectacularSwaggerSplitView):
    pass


REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@method_decorator(csp_update({"img-src": REDOCLY_LOGO}), name="dispatch")
class RedocView(PageMixin, SpectacularRedocView):
    template_name = "api/redoc.html"
