"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def home(request: HttpRequest) -> HttpResponse:
    from claims.models import Article, Claim

    counts = {
        "articles": Article.objects.count(),
        "claims": Claim.objects.active().count(),
        "public": Claim.objects.public().count(),
    }
    return render(request, "claims/home.html", counts)


urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
]

# JSON 404s under /api/ (unmatched URLs included); Django's usual page elsewhere.
handler404 = "claims.api.views.not_found"
