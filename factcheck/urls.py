"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect("/admin/")


urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
]

# JSON 404s under /api/ (unmatched URLs included); Django's usual page elsewhere.
handler404 = "claims.api.views.not_found"
