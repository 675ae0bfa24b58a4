"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    path("", include("claims.public.urls")),
]

# JSON 404s under /api/ (unmatched URLs included); the site's own page elsewhere.
handler404 = "claims.api.views.not_found"
