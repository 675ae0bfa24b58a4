"""Routes of the public API, mounted at /api/v1/."""

from __future__ import annotations

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import views
from .docs import RedocView, SchemaView, SwaggerView
from .root import APIRootView

app_name = "api"


class PublicRouter(DefaultRouter):
    APIRootView = APIRootView


router = PublicRouter()
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("sheets", views.SheetViewSet, basename="sheet")

urlpatterns = [
    # Before the router, whose claim detail route would otherwise take "export.csv" as an id.
    path("claims/export.<str:export_format>", views.ClaimExportView.as_view(), name="claims-export"),
    path(
        "sheets/<str:slug>/export.<str:export_format>",
        views.SheetExportView.as_view(),
        name="sheet-export",
    ),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
    # Last: any other path under /api/v1/ is a JSON 404, in debug mode too.
    re_path(r"^", views.unknown_endpoint),
]
