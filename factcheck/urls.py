"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path

from claims.api.views import unknown_endpoint

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    re_path(r"^api(?:/|$)", unknown_endpoint),  # /api/v2/..., /api/: JSON 404s, in debug mode too
    path("", include("claims.public.urls")),
]

# JSON 404s under /api/ (unmatched URLs included); the site's own page elsewhere.
handler404 = "claims.api.views.not_found"
# JSON 400s under /api/ for requests Django refuses itself (e.g. too many parameters).
handler400 = "claims.api.errors.bad_request"
