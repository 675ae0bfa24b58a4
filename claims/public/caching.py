"""Public pages are cached like the API (emptied by every editor change) and answer conditional GETs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.utils.http import parse_etags, quote_etag

from claims.cache import public_key

View = Callable[..., HttpResponseBase]


def public_page(view: View) -> View:
    """GET and HEAD only; the rendered page is kept for API_CACHE_SECONDS under the public cache
    version, and carries a strong ETag of its bytes, so If-None-Match gets a 304."""

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
        etag = quote_etag(hashlib.sha256(content).hexdigest()[:40])
        if_none_match = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in if_none_match or "*" in if_none_match:
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    return wrapper
