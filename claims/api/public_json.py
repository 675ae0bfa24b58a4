"""A list page from the claims' stored public bodies (claims.models.ClaimPublicJson).

The body of a claim is what `claims_data` gives for it, without `id` and `url`, rendered by
orjson as the API's renderer does. A page reads each claim's id, text, `public_rev` and its
body where one is stored at that rev and this shape; the others are built with `claims_data`,
served, and stored for the next page (`claims.services.public_json`). tests/test_public_json.py
checks that pages read from stored bodies equal the serializer's, and that every kind of write
makes a stored body stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import orjson
from django.conf import settings
from django.db import connections, router
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from claims import selectors
from claims.links import claim_paths
from claims.models import Claim, ClaimPublicJson
from claims.services.public_json import store_bodies

from .pagination import remembered_count
from .renderers import encode
from .serializers import ClaimSerializer, MentionSerializer, claims_data

# Raise when the body changes in a way its field lists do not show (a value formatted otherwise,
# a label reworded): every stored body then counts as stale and is built again.
FORMAT = 1
SHAPE = hashlib.sha256(
    repr((FORMAT, ClaimSerializer.Meta.fields, MentionSerializer.Meta.fields, settings.TIME_ZONE)).encode()
).hexdigest()[:16]

_SKIPPED = ("id", "url")


def with_bodies(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """The few columns a page needs, and each claim's stored body if it is current (or None)."""
    current = ClaimPublicJson.objects.filter(claim_id=OuterRef("pk"), rev=OuterRef("public_rev"), shape=SHAPE)
    return (
        claims.select_related(None)
        .only("id", "text", "public_rev")
        .annotate(public_body=Subquery(current.values("body")[:1]))
    )


class PlainRows:
    """An unfiltered list (`/claims/`, `/quotes/`, paged), for Django's paginator: its count and
    its slices, from SQL the ORM compiled once a process for the view (`plain_rows`). A plain
    page has no filter to parse and no query to build, which cost more than reading its bodies."""

    def __init__(self, claims: Callable[[], QuerySet[Claim]], compiled: tuple[str, tuple[Any, ...]]) -> None:
        self._claims, (self._sql, self._params) = claims, compiled

    def count(self) -> int:
        return remembered_count(f"{self._sql} {self._params!r}", lambda: self._claims().count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("a plain list is read by page")
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < start:
            raise ValueError("a page needs a bounded, forward slice")
        with connections[router.db_for_read(Claim)].cursor() as cursor:
            cursor.execute(self._sql, page_params(self._params, limit=stop - start, offset=start))
            return [
                SimpleNamespace(pk=pk, text=text, public_rev=rev, public_body=body)
                for pk, text, rev, body in cursor.fetchall()
            ]


_COMPILED: dict[tuple[str, str], tuple[str, tuple[Any, ...]]] = {}
# Stand-ins for a page's LIMIT and OFFSET in the SQL compiled once, replaced on every read.
_LIMIT, _OFFSET = object(), object()


def page_params(params: Sequence[Any], *, limit: int, offset: int) -> list[Any]:
    """The compiled parameters of `plain_rows` with one page's LIMIT and OFFSET put in."""
    bounds = {id(_LIMIT): limit, id(_OFFSET): offset}
    return [bounds.get(id(p), p) for p in params]


def plain_rows(name: str, claims: Callable[[], QuerySet[Claim]]) -> PlainRows:
    """A view's ordered, unfiltered claims (`claims()` builds their queryset) as PlainRows; `name`
    says which view's, so the SQL is compiled once a process (and the queryset built only then,
    or to count it when its count is not remembered)."""
    key = (name, router.db_for_read(Claim))
    if key not in _COMPILED:
        queryset = claims()
        # The page's ids first, then the bodies of those ids only: with the body's subquery in the
        # paged query itself, PostgreSQL ran it for every row the OFFSET skips (page 40: 1,000
        # times, 2.0 ms against 0.1 ms for page 1).
        ids_sql, ids_params = queryset.values("pk").query.get_compiler(using=queryset.db).as_sql()
        page_ids = RawSQL(f"{ids_sql} LIMIT %s OFFSET %s", (*ids_params, _LIMIT, _OFFSET))
        page = Claim.objects.filter(pk__in=page_ids).order_by(*queryset.query.order_by)
        rows = with_bodies(page).values_list("id", "text", "public_rev", "public_body")  # type: ignore[misc]
        sql, params = rows.query.get_compiler(using=queryset.db).as_sql()
        _COMPILED[key] = (sql, tuple(params))
    return PlainRows(claims, _COMPILED[key])


def page_items(claims: Sequence[Any], *, base: str) -> list[Any]:
    """The page's claims as the list shows them: stored bodies as orjson fragments, the rest as
    dicts (built now and stored). A claim no longer public when its body is built is left out."""
    missing = {c.pk: c.public_rev for c in claims if c.public_body is None}
    built: dict[int, dict[str, Any]] = {}
    if missing:
        rows = []
        for data in claims_data(selectors.claims_public_page().filter(pk__in=list(missing)), base=base):
            built[data["id"]] = data
            body = encode({k: v for k, v in data.items() if k not in _SKIPPED})
            if body is not None:
                rows.append((data["id"], missing[data["id"]], body.decode()))
        store_bodies(rows, shape=SHAPE)
    items: list[Any] = []
    path = claim_paths()
    for c in claims:
        if c.public_body is not None:
            head = b'{"id":%d,"url":%s,' % (c.pk, orjson.dumps(base + path(c.pk, c.text)))
            items.append(orjson.Fragment(head + c.public_body.encode()[1:]))
        elif c.pk in built:
            items.append(built[c.pk])
    return items
