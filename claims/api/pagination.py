"""Page-number pagination with a client-chosen, bounded page size."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from claims.cache import remembered_counts


class CountCachedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator that remembers the row count of each query under the public version.

    Counting 75k public claims costs about 10 ms on every page; the count changes only when what
    is public changes, and every such change bumps the version (claims.cache.public_changed), so
    a remembered count is never read after a change in this process. API_COUNT_CACHE_SECONDS
    bounds how long another process's memory cache may keep one (0: always count).
    """

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return int(super().count)
        sql, params = query.sql_with_params()
        return remembered_count(f"{sql} {params!r}", lambda: int(super(CountCachedPaginator, self).count))


def remembered_count(query: str, count: Callable[[], int]) -> int:
    """`count()`, remembered under the public version (claims.cache.remembered_counts); `query`
    names what is counted (its SQL and parameters)."""
    return remembered_counts("count", [query], lambda _: {query: count()})[query]


class PublicPagination(PageNumberPagination):
    """`?page_size=` is a whole number from 1; above the maximum it is read as the maximum.

    DRF would fall back to the default size for any value it cannot read (`abc`, `-1`, `0`), so a
    client's mistake went unnoticed: those are a 400 here. A size above the maximum is clamped, as
    DRF does and the schema says: the client still pages through everything with `next`.
    """

    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CountCachedPaginator

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:
            message = f"Must be a whole number of at least 1 (above {self.max_page_size}, {self.max_page_size} rows are sent)."
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Rows a page, {self.page_size} by default; a value above {self.max_page_size} "
                    f"gives {self.max_page_size} rows. Anything but a whole number from 1 is a 400."
                )
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
