"""OpenAPI schema of the public API: anonymous and read-only, so no security at all."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema


class PublicAutoSchema(AutoSchema):
    """drf-spectacular's schema without security schemes or requirements.

    Every endpoint is open to anyone, so Swagger UI should show no padlocks and no Authorize
    button. Session authentication still runs (logged-in staff in the browsable API); it is just
    not advertised, as nothing needs it.
    """

    def get_auth(self) -> list[Any]:
        return []
