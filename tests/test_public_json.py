"""Claim lists read each claim's stored public body (ClaimPublicJson): the bodies give what the
serializer gives, and every write that changes what a body shows makes it stale, however it is
written, so a list never shows an old value."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.throttling import AnonRateThrottle

from claims import selectors
from claims.api.public_json import SHAPE
from claims.models import Article, Claim, ClaimPublicJson, Mention, Outlet, Speaker
from claims.services import review, sources, speakers

from .factories import make_mention, make_public_claim, make_varied_dataset
from .test_api_fast import reference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})


@pytest.fixture
def varied() -> dict[str, Any]:
    return make_varied_dataset()


@pytest.fixture
def editor() -> User:
    return User.objects.create_user("editor", is_staff=True)


def listing(client: Client, path: str = "/api/v1/claims/", **params: Any) -> Any:
    """A list page as an anonymous reader gets it, past the API's response cache."""
    cache.clear()
    response = client.get(path, {"page_size": 100, **params})
    assert response.status_code == 200
    return response


def fresh(response: Any, claims: Any = None) -> list[dict[str, Any]]:
    """What the serializer gives now for the public claims (or `claims`), in list order."""
    return reference(list(claims if claims is not None else selectors.claims_public()), response.wsgi_request)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/claims/", {}),
        ("/api/v1/quotes/", {}),
        ("/api/v1/claims/", {"ordering": "value"}),
        ("/api/v1/claims/", {"page": 2, "page_size": 2}),
    ],
)
def test_pages_from_stored_bodies_equal_the_serializer(
    client: Client,
    varied: dict[str, Any],
    path: str,
    params: dict[str, Any],
) -> None:
    built = listing(client, path, **params)
    assert ClaimPublicJson.objects.filter(shape=SHAPE).count() >= len(built.json()["results"]) > 0
    stored = listing(client, path, **params)
    assert stored.content == built.content
    ids = [c["id"] for c in stored.json()["results"]]
    by_id = selectors.claims_public().in_bulk(ids)
    assert stored.json()["results"] == fresh(stored, [by_id[i] for i in ids])


def test_a_page_with_a_search_reads_stored_bodies_too(client: Client, varied: dict[str, Any]) -> None:
    listing(client)
    searched = listing(client, search="reculerons")
    assert [c["text"] for c in searched.json()["results"]] == ["Nous ne reculerons pas"]
    assert searched.json()["results"] == fresh(
        searched, selectors.claims_public().filter(text__contains="reculerons")
    )


def test_the_browsable_api_and_indented_json_show_the_same_claims(
    client: Client,
    varied: dict[str, Any],
) -> None:
    listing(client)
    cache.clear()
    indented = client.get("/api/v1/claims/", {"page_size": 100}, HTTP_ACCEPT="application/json; indent=2")
    assert b'\n  "count"' in indented.content
    assert indented.json()["results"] == fresh(indented)
    assert "Nous ne reculerons pas" in client.get("/api/v1/claims/", HTTP_ACCEPT="text/html").content.decode()


def test_a_body_of_another_shape_or_rev_is_never_served(client: Client, varied: dict[str, Any]) -> None:
    listing(client)
    # Bodies left by older code (another shape) or behind their claim (an older rev) are ignored.
    stored = list(ClaimPublicJson.objects.all())
    half = len(stored) // 2
    ClaimPublicJson.objects.filter(pk__in=[b.pk for b in stored[:half]]).update(
        shape="older", body='{"kind":"x"}'
    )
    for b in stored[half:]:
        ClaimPublicJson.objects.filter(pk=b.pk).update(rev=b.rev - 1, body='{"kind":"x"}')
    again = listing(client)
    assert b'"kind":"x"' not in again.content
    assert again.json()["results"] == fresh(again)


def _verdict(editor: User, c: dict[str, Any]) -> str:
    claim = c["conflict"]
    review.claim_set_status(
        claim=claim, status="corroborated", verdict_note="Checked with the ministry.", actor=editor,
        expected_version=claim.version,
    )  # fmt: skip
    return "Checked with the ministry."


def _text(editor: User, c: dict[str, Any]) -> str:
    claim = c["conflict"]
    review.claim_edit(claim=claim, actor=editor, expected_version=claim.version, text="Twelve percent more")
    return "Twelve percent more"


def _article(editor: User, c: dict[str, Any]) -> str:
    article = Article.objects.get(pk=Mention.objects.filter(claim=c["conflict"]).first().article_id)  # type: ignore[union-attr]
    article.title = "A corrected headline"
    sources.article_save(article=article, actor=editor)
    return "A corrected headline"


def _outlet(editor: User, c: dict[str, Any]) -> str:
    outlet = Outlet.objects.get(name="Le Monde")
    outlet.name = "Le Monde diplomatique"
    sources.outlet_save(outlet=outlet, actor=editor)
    return "Le Monde diplomatique"


def _speaker(editor: User, c: dict[str, Any]) -> str:
    speaker = Speaker.objects.get(name="Anna Smith")
    speakers.speaker_update(speaker=speaker, name="Anna K. Smith", kind=speaker.kind, role="senator",
                            disambiguation="", actor=editor)  # fmt: skip
    return "Anna K. Smith"


def _accepted(editor: User, c: dict[str, Any]) -> str:
    review.mention_accept(mention=c["held"], actor=editor)
    return '"value":99.0'


def _moved(editor: User, c: dict[str, Any]) -> str:
    other = make_public_claim(text="A claim that a source moves to")
    mention = Mention.objects.filter(claim=c["conflict"], held=False).last()
    assert mention is not None
    review.mention_move(mention=mention, target=other, actor=editor)
    return "A claim that a source moves to"


def _merged(editor: User, c: dict[str, Any]) -> str:
    target = make_public_claim(text="The claim others fold into")
    review.claims_merge(target=target, others=[c["conflict"]], actor=editor)
    return "The claim others fold into"


def _update_query(editor: User, c: dict[str, Any]) -> str:
    # Not a service: a queryset update() with no save() and no signal, still seen by the triggers.
    Mention.objects.filter(claim=c["conflict"]).update(sentence="Rewritten by a bulk update.")
    return "Rewritten by a bulk update."


def _new_mention(editor: User, c: dict[str, Any]) -> str:
    make_mention(claim=c["conflict"], sentence="A later source says 12 percent.", value=12.0)
    return "A later source says 12 percent."


@pytest.mark.parametrize(
    "change",
    [_verdict, _text, _article, _outlet, _speaker, _accepted, _moved, _merged, _update_query, _new_mention],
)
def test_every_write_makes_the_stored_body_stale(
    client: Client,
    varied: dict[str, Any],
    editor: User,
    change: Callable[[User, dict[str, Any]], str],
) -> None:
    before = listing(client)
    assert ClaimPublicJson.objects.exists()
    shown = change(editor, varied)
    assert shown not in before.content.decode()
    after = listing(client)
    assert shown in after.content.decode()
    assert after.json()["results"] == fresh(after)
    # And from the bodies stored just now.
    assert listing(client).content == after.content


def test_a_write_raises_the_claims_rev_past_its_stored_body(
    client: Client,
    varied: dict[str, Any],
    editor: User,
) -> None:
    listing(client)
    claim = varied["conflict"]
    stored = ClaimPublicJson.objects.get(claim=claim)
    assert stored.rev == Claim.objects.get(pk=claim.pk).public_rev
    _outlet(editor, varied)
    assert Claim.objects.get(pk=claim.pk).public_rev > stored.rev
    # A claim none of whose sources is in that outlet keeps its body.
    untouched = selectors.claims_public().exclude(mentions__article__outlet__name="Le Monde diplomatique")
    assert untouched.exists()
    for other in untouched:
        assert ClaimPublicJson.objects.get(claim=other).rev == other.public_rev


def test_a_deleted_claim_takes_its_body_with_it(client: Client, varied: dict[str, Any]) -> None:
    listing(client)
    claim = varied["conflict"]
    assert ClaimPublicJson.objects.filter(claim=claim).exists()
    Claim.objects.filter(pk=claim.pk).delete()
    assert not ClaimPublicJson.objects.filter(claim_id=claim.pk).exists()
    assert claim.pk not in [c["id"] for c in listing(client).json()["results"]]


def test_every_trigger_that_marks_bodies_stale_exists() -> None:
    # A later migration that rebuilds one of these tables (SQLite copies a table to alter it)
    # would drop its triggers with it, and stored bodies would stop going stale.
    triggers = importlib.import_module("claims.migrations.0015_claim_public_json")

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {name for (name,) in cursor.fetchall()}
    assert set(triggers.SQLITE_TRIGGERS) <= present


@pytest.mark.usefixtures("on_postgres")
def test_a_deep_plain_page_reads_the_bodies_of_its_own_rows_only(client: Client) -> None:
    claims = [make_public_claim(text=f"Harbour {n} handled {n} ships") for n in range(40)]
    newest_first = sorted((c.pk for c in claims), reverse=True)
    listing(client, "/api/v1/claims/", page_size=100)  # every body is stored
    assert [c["id"] for c in listing(client, "/api/v1/claims/", page=4, page_size=5).json()["results"]] == (
        newest_first[15:20]
    )
    from claims.api import public_json

    [(sql, params)] = [v for (name, _db), v in public_json._COMPILED.items() if name == "ClaimViewSet"]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, public_json.page_params(params, limit=5, offset=15)
        )
        plan = cursor.fetchone()[0]

    def subplans(node: dict[str, Any]) -> list[dict[str, Any]]:
        found = [node] if node.get("Subplan Name") else []
        return found + [s for child in node.get("Plans", []) for s in subplans(child)]

    [body] = subplans(plan[0]["Plan"])
    # Page 4 of 5: the stored body is looked up for its 5 rows, not for the 15 the OFFSET skips.
    assert body["Actual Loops"] == 5
