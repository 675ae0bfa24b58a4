"""Public read-only API views: parse the request, call a selector, respond.

Every queryset comes from `claims.selectors`, whose public selectors only ever reach reviewed,
unmerged claims. Only GET, HEAD and OPTIONS are served, to anyone, logged in or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import is_valid_path
from django.utils.http import escape_leading_slashes
from django.views.decorators.common import no_append_slash
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import page_not_found
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.filters import SearchFilter
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors
from claims.cache import public_key
from claims.exports import FORMATS, ExportContext, export_claims, filename, sheet_context
from claims.exports.documents import export_refusal
from claims.links import site_url
from claims.models import Claim

from . import public_json
from .errors import VALIDATION_ERROR_SCHEMA
from .filters import (
    EMPTY_MESSAGE,
    ArticleFilter,
    ClaimFilter,
    ClaimSearchFilter,
    PublicFilterBackend,
    StableOrderingFilter,
)
from .renderers import FastJSONRenderer
from .serializers import (
    ArticleSerializer,
    ClaimSerializer,
    LookupResultSerializer,
    OutletSerializer,
    SheetDetailSerializer,
    SheetSerializer,
    SpeakerSerializer,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# A claim list asked for with these parameters only is the plain list (no filter, search or order).
PLAIN_LIST_PARAMS = frozenset({"page", "page_size", "format"})


class ErrorSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such public object, or no such page.")
BAD_REQUEST = OpenApiResponse(
    VALIDATION_ERROR_SCHEMA,
    description="Invalid query values (a bad filter, page size or date; a NUL character anywhere): "
    "the messages per parameter.",
)


def documented(
    list_serializer: type[serializers.BaseSerializer[Any]], detail: type[Any] | None = None
) -> Any:
    """Schema of a read-only viewset: its list and detail bodies and their error responses."""
    return extend_schema_view(
        list=extend_schema(responses={200: list_serializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND}),
        retrieve=extend_schema(responses={200: detail or list_serializer, 400: BAD_REQUEST, 404: NOT_FOUND}),
    )


class ReadOnlyAPIMixin:
    """Refuse unsafe methods with a JSON 405 before authentication or CSRF checks run.

    Without this a logged-in user's POST would fail the CSRF check (403) instead of getting 405.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method or "")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class CachedReadMixin:
    """Anonymous JSON list and detail pages are kept, rendered, for API_CACHE_SECONDS.

    The cache is read after throttling and content negotiation ran. Editors' changes empty it at
    once (claims.cache.public_changed); logged-in users and the browsable API always get a fresh
    page.
    """

    def _cached(self, request: Request, produce: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        media_type = getattr(request, "accepted_media_type", "") or ""
        cacheable = not request.user.is_authenticated and media_type.startswith("application/json")
        key = public_key(f"{media_type} {request.get_full_path()}") if cacheable else None
        if key is not None:
            content = cache.get(key)
            if content is not None:
                return HttpResponse(content, content_type=media_type)
        response: Response = produce(request, *args, **kwargs)
        if key is not None and response.status_code == status.HTTP_200_OK:
            renderer = request.accepted_renderer
            content = renderer.render(response.data, media_type, self.get_renderer_context())  # type: ignore[attr-defined]
            cache.set(key, content, settings.API_CACHE_SECONDS)
            # The same bytes as a later hit, so both carry the same ETag.
            return HttpResponse(content, content_type=media_type)
        return response

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._cached(request, super().list, *args, **kwargs)  # type: ignore[misc]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._cached(request, super().retrieve, *args, **kwargs)  # type: ignore[misc]


class PublicViewSet(ReadOnlyAPIMixin, CachedReadMixin, viewsets.ReadOnlyModelViewSet[Any]):  # type: ignore[misc]
    """Strong ETags and 304s come from Django's ConditionalGetMiddleware (an MD5 of the body)."""

    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]


@documented(ClaimSerializer)
class _ClaimListViewSet(PublicViewSet):
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    filter_backends = [PublicFilterBackend, ClaimSearchFilter, StableOrderingFilter]
    ordering_fields = ["id", "value", "reviewed_at", "created_at"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Claim]:
        # A list page reads its claims' mentions as plain rows (ClaimListSerializer).
        return selectors.claims_public_page() if self.action == "list" else selectors.claims_public()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        return self._cached(request, self._list_page, *args, **kwargs)

    def _list_page(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """JSON pages come from the claims' stored bodies (claims.api.public_json); the
        browsable API goes through the serializer."""
        if not isinstance(getattr(request, "accepted_renderer", None), FastJSONRenderer):
            return viewsets.ReadOnlyModelViewSet.list(self, request, *args, **kwargs)
        if set(request.query_params) <= PLAIN_LIST_PARAMS:
            rows = public_json.plain_rows(
                type(self).__name__, lambda: self.get_queryset().order_by(*self.ordering)
            )
            page = self.paginate_queryset(rows)  # type: ignore[arg-type]
        else:
            page = self.paginate_queryset(public_json.with_bodies(self.filter_queryset(self.get_queryset())))
        assert page is not None  # the list always pages
        return self.get_paginated_response(public_json.page_items(list(page), base=site_url(request)))


class LookupQuerySerializer(serializers.Serializer[object]):
    q = serializers.CharField(
        max_length=selectors.LOOKUP_MAX_QUERY_CHARS, help_text="A sentence or quote to look up."
    )
    limit = serializers.IntegerField(min_value=1, max_value=selectors.LOOKUP_MAX_RESULTS, default=10)

    def to_internal_value(self, data: Any) -> Any:
        # DRF reads an empty `limit=` as absent (the default); a client's empty variable is a 400.
        if "limit" in data and not str(data["limit"]).strip():
            raise serializers.ValidationError({"limit": [EMPTY_MESSAGE]})
        return super().to_internal_value(data)


class LookupResponseSerializer(serializers.Serializer[object]):
    query = serializers.CharField()
    results = LookupResultSerializer(many=True)


class ClaimViewSet(_ClaimListViewSet):
    """Reviewed claims and quotes with every source that mentions them."""

    @extend_schema(
        parameters=[LookupQuerySerializer],
        responses={
            200: LookupResponseSerializer,
            400: OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="Missing or bad `q` or `limit`."),
        },
        description="Has this been checked already? The reviewed claims most similar to `q`, with "
        "scores between 0 and 1, best first.",
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def lookup(self, request: Request, **kwargs: Any) -> Response:  # kwargs: format (lookup.json)
        params = LookupQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        matches = selectors.claims_lookup(params.validated_data["q"], limit=params.validated_data["limit"])
        results = [{"score": m.score, "claim": m.claim} for m in matches]
        data = {"query": params.validated_data["q"], "results": results}
        return Response(LookupResponseSerializer(data).data)


class QuoteViewSet(_ClaimListViewSet):
    """Reviewed claims of kind quote."""

    def get_queryset(self) -> QuerySet[Claim]:
        qs = super().get_queryset()
        return qs.filter(kind=Claim.Kind.QUOTE)


@documented(ArticleSerializer)
class ArticleViewSet(PublicViewSet):
    """Articles that mention at least one reviewed claim."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    filter_backends = [PublicFilterBackend, SearchFilter, StableOrderingFilter]
    search_fields = ["title"]
    ordering_fields = ["id", "published_at", "title"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.articles_public()


@documented(OutletSerializer)
class OutletViewSet(PublicViewSet):
    """Outlets that published at least one article mentioning a reviewed claim."""

    serializer_class = OutletSerializer
    filter_backends = [SearchFilter, StableOrderingFilter]
    search_fields = ["name", "domain"]
    ordering_fields = ["id", "name"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.outlets_public()


@documented(SpeakerSerializer)
class SpeakerViewSet(PublicViewSet):
    """Speakers of at least one reviewed claim."""

    serializer_class = SpeakerSerializer
    filter_backends = [PublicFilterBackend, SearchFilter, StableOrderingFilter]
    filterset_fields = ["kind"]
    search_fields = ["name"]
    ordering_fields = ["id", "name"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.speakers_public()


@documented(SheetSerializer, SheetDetailSerializer)
class SheetViewSet(PublicViewSet):
    """Published verified claim sheets; a sheet's detail lists its reviewed claims in order."""

    lookup_field = "slug"
    filter_backends = [StableOrderingFilter]
    ordering_fields = ["updated_at", "title", "slug"]
    ordering = ["-updated_at", "slug"]

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "retrieve":
            return selectors.sheets_published_detail()
        return selectors.sheets_published()

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return SheetDetailSerializer if self.action == "retrieve" else SheetSerializer


class FirstRendererNegotiation(BaseContentNegotiation):
    """Exports pick their own content type; errors are JSON whatever the Accept header says."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


EXPORT_FORMAT_PARAM = OpenApiParameter(
    "export_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS), description="File format."
)
EXPORT_BODIES: dict[str, Any] = {
    "json": OpenApiTypes.OBJECT,
    "claimreview": {"type": "array", "items": {"type": "object"}},
}
EXPORT_RESPONSES: dict[Any, Any] = {
    (200, f.content_type.split(";")[0]): OpenApiResponse(
        EXPORT_BODIES.get(f.name, OpenApiTypes.BINARY), description=f"{f.name} file"
    )
    for f in FORMATS.values()
}
EXPORT_RESPONSES[400] = BAD_REQUEST
EXPORT_RESPONSES[404] = NOT_FOUND


class _ExportView(ReadOnlyAPIMixin, APIView):
    content_negotiation_class = FirstRendererNegotiation

    def stream(self, fmt: str, claims: QuerySet[Claim], context: ExportContext, stem: str) -> Any:
        if fmt not in FORMATS:
            raise NotFound(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
        if refusal := export_refusal(fmt, claims):
            raise ValidationError({"export_format": [refusal]})
        response = StreamingHttpResponse(
            export_claims(fmt, claims, context), content_type=FORMATS[fmt].content_type
        )
        response["Content-Disposition"] = f'attachment; filename="{filename(fmt, stem)}"'
        return response


class ClaimExportView(_ExportView):
    @extend_schema(
        operation_id="claims_export",
        parameters=[EXPORT_FORMAT_PARAM],
        responses=EXPORT_RESPONSES,
        description="All reviewed claims with their mentions, as a file (streamed).",
    )
    def get(self, request: Request, export_format: str) -> Any:
        context = ExportContext(site_url=site_url(request))
        return self.stream(export_format, selectors.claims_for_export(), context, "claims")


class SheetExportView(_ExportView):
    @extend_schema(
        operation_id="sheets_export",
        parameters=[EXPORT_FORMAT_PARAM],
        responses=EXPORT_RESPONSES,
        description="A published sheet's reviewed claims, in the sheet's order, as a file.",
    )
    def get(self, request: Request, slug: str, export_format: str) -> Any:
        sheet = get_object_or_404(selectors.sheets_published(), slug=slug)
        claims = selectors.claims_for_export(sheet=sheet)
        return self.stream(export_format, claims, sheet_context(sheet, site_url(request)), sheet.slug)


def not_found_json() -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 404 handler: JSON under /api/ (as API clients expect), Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return not_found_json()
    return page_not_found(request, exception)


@csrf_exempt
@no_append_slash
def unknown_endpoint(request: HttpRequest) -> HttpResponse:
    """The last API route: an unknown URL under /api/ gets the JSON 404, in debug mode too.

    handler404 only runs with DEBUG off. Matching every path also stops CommonMiddleware's
    APPEND_SLASH redirect (the path is now valid), so it is done here: /api/v1/claims goes on to
    /api/v1/claims/. `no_append_slash` keeps this view itself from being a redirect target;
    `csrf_exempt` gives a POST the same 404 instead of a CSRF failure page (it writes nothing).
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        match = is_valid_path(f"{request.path_info}/", getattr(request, "urlconf", None))
        if match and getattr(match.func, "should_append_slash", True):
            return HttpResponsePermanentRedirect(
                escape_leading_slashes(request.get_full_path(force_append_slash=True))
            )
    return not_found_json()
