"""Bench-only URLconf: the product's URLs plus a minimal DRF endpoint as the load-test baseline.

Never imported by factcheck/urls.py: only the benchmark's gunicorn serves it, through
``bench/api_load.py:make_application()``, which points ROOT_URLCONF here before Django loads.
"""

from __future__ import annotations

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.urls import urlpatterns as product_urlpatterns


class BaselineView(APIView):
    """The least a DRF endpoint does: middleware, auth, throttling, content negotiation, JSON."""

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


urlpatterns = [path("bench/baseline/", BaselineView.as_view()), *product_urlpatterns]
