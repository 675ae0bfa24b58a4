"""Template context for every page: the organisation that publishes the fact checks."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, str]:
    return {"organisation": settings.PUBLISHER_NAME, "organisation_url": settings.PUBLISHER_URL}
