"""Page-number pagination with a client-chosen, bounded page size."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class PublicPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100
