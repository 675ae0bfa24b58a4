"""Filter, search and ordering backends for the public API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.request import Request
from rest_framework.views import APIView

from claims import selectors
from claims.models import Article, Claim, Mention

PUBLIC_STATUS_CHOICES = [(s.value, s.label) for s in Claim.PUBLIC_STATUSES]
MAX_ID = 2**63 - 1
EMPTY_MESSAGE = "Give a value, or leave the parameter out."


class StrictFilterSet(django_filters.FilterSet):
    """A filter given with no value (`?published_after=`) is a 400, not "no filter".

    django-filter reads an empty value as absent, so a client whose variable came out empty got
    every row and no hint why. Leaving the parameter out still means no filter.
    """

    def is_valid(self) -> bool:
        valid = super().is_valid()
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return valid
        for name in self.filters:
            if any(not value.strip() for value in getlist(name)):
                # In place of the field's own message ("Select a valid choice.  is not one of...").
                self.form.errors[name] = self.form.error_class([EMPTY_MESSAGE])
                self.form.cleaned_data.pop(name, None)
                valid = False
        return valid


class PublicFilterBackend(DjangoFilterBackend):
    """django-filter's backend with the strict filter sets, also for `filterset_fields`.

    Its form in the browsable API leaves empty fields out of the address it submits.
    """

    filterset_base = StrictFilterSet
    template = "api/filter_form.html"


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A positive integer id within the database's range (a larger one is a 400, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.DATE)
class DateFilter(django_filters.DateFilter):
    """A date as YYYY-MM-DD (documented as such even when filtering through a method).

    Only the ISO form: 04/05/2023 is the 5th of April to some readers and the 4th of May to others.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": "Enter a date as YYYY-MM-DD."})
        super().__init__(*args, **kwargs)


class ClaimFilter(StrictFilterSet):
    # Columns of the claim itself, so no row repeats: django-filter's default DISTINCT made
    # PostgreSQL sort every matching claim (15k quotes) to list 25.
    status = django_filters.MultipleChoiceFilter(choices=PUBLIC_STATUS_CHOICES, distinct=False)
    kind = django_filters.MultipleChoiceFilter(choices=Claim.Kind.choices, distinct=False)
    speaker = IdFilter(field_name="speaker_id", help_text="Speaker id.")
    outlet = IdFilter(
        method="filter_outlet", help_text="Outlet id: claims with a mention in one of its articles."
    )
    article = IdFilter(method="filter_article", help_text="Article id: claims mentioned in it.")
    published_after = DateFilter(
        method="filter_published_after", help_text="Mentioned in an article published on or after this date."
    )
    published_before = DateFilter(
        method="filter_published_before",
        help_text="Mentioned in an article published on or before this date.",
    )
    value_min = django_filters.NumberFilter(field_name="value", lookup_expr="gte")
    value_max = django_filters.NumberFilter(field_name="value", lookup_expr="lte")
    unit = django_filters.CharFilter(field_name="unit", lookup_expr="iexact")

    class Meta:
        model = Claim
        fields: list[str] = []

    # Mention-based filters go through a subquery so a claim mentioned twice is listed once.
    def _with_mentions(self, qs: QuerySet[Claim], **where: Any) -> QuerySet[Claim]:
        return qs.filter(pk__in=Mention.objects.filter(held=False, **where).values("claim_id"))

    def filter_outlet(self, qs: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        return self._with_mentions(qs, article__outlet_id=value)

    def filter_article(self, qs: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        return self._with_mentions(qs, article_id=value)

    def filter_published_after(self, qs: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        return self._with_mentions(qs, article__published_at__date__gte=value)

    def filter_published_before(self, qs: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        return self._with_mentions(qs, article__published_at__date__lte=value)


class ArticleFilter(StrictFilterSet):
    outlet = IdFilter(field_name="outlet_id", help_text="Outlet id.")
    published_after = DateFilter(
        field_name="published_at", lookup_expr="date__gte", help_text="Published on or after this date."
    )
    published_before = DateFilter(
        field_name="published_at", lookup_expr="date__lte", help_text="Published on or before this date."
    )

    class Meta:
        model = Article
        fields: list[str] = []


class ClaimSearchFilter(BaseFilterBackend):
    """`?search=`: ranked full-text search on PostgreSQL, word matching elsewhere."""

    param = "search"

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: APIView) -> QuerySet[Any]:
        query = request.query_params.get(self.param, "")
        return selectors.claims_search(queryset, query) if query.strip() else queryset

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.param,
                "in": "query",
                "required": False,
                "description": "Full-text search in the claim text, subject, speaker and verdict note; "
                "results come most relevant first unless `ordering` is given.",
                "schema": {"type": "string"},
            }
        ]


class StableOrderingFilter(OrderingFilter):
    """Ordering with the id as a final tie-breaker, so pages never overlap or skip rows.

    With a search and no explicit `ordering`, the relevance order of the search is kept.
    """

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: APIView) -> list[str] | None:
        if (
            not request.query_params.get(self.ordering_param)
            and request.query_params.get(ClaimSearchFilter.param, "").strip()
        ):
            return None
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return None
        fields = list(ordering)
        if not any(f.lstrip("-") in {"id", "pk", "slug"} for f in fields):
            fields.append("-id" if fields[0].startswith("-") else "id")
        return fields
