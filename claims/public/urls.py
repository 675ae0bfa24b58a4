"""Routes of the public site, mounted at the root."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .caching import public_page
from .feeds import VerdictFeed
from .sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("claims/<int:claim_id>/<slug:slug>/", views.claim_page, name="claim"),
    # Without its slug (or with an old one), a page redirects to its address.
    path("claims/<int:claim_id>/", views.claim_page, {"slug": ""}, name="claim-short"),
    path("speakers/<int:speaker_id>/<slug:slug>/", views.speaker_page, name="speaker"),
    path("sheets/<slug:slug>/", views.sheet_page, name="sheet"),
    path("search/", views.search_page, name="search"),
    path("feed/", public_page(VerdictFeed()), name="feed"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
