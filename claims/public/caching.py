"""Public pages are cached like the API (emptied by every editor change). Their ETag and the 304
answer to If-None-Match come from Django's ConditionalGetMiddleware, as the API's do."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed

from claims.cache import public_key

View = Callable[..., HttpResponseBase]


def public_page(view: View) -> View:
    """GET and HEAD only; the rendered page is kept for API_CACHE_SECONDS under the public cache
    version."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # The host is part of the key: without SITE_URL, links are built from it.
        key = public_key(f"page {request.get_host()} {request.get_full_path()}")
        cached = cache.get(key) if key else None
        if cached is None:
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render):
                render()
            if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
                return response
            cached = (response.content, response["Content-Type"])
            if key:
                cache.set(key, cached, settings.API_CACHE_SECONDS)
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    return wrapper
