"""A followed feed polled by a real Celery worker on the local Redis, as beat would have it polled.

The beat task (`sources_poll_due`) is sent to a private queue; the worker claims the due
source, polls it (one task per source), and the extraction of every new item is queued behind
it, on the same queue. The feed and its pages are served on 127.0.0.1 by this test process.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from kombu import Exchange, Queue
from pytest_httpserver import HTTPServer

from claims import tasks
from claims.models import Article, Outlet, Source, SourceItem
from factcheck.celery import app

from .test_tasks_worker import Workers, _wait, not_eager, workers
from .webpages import article_html, rss, web

__all__ = ["not_eager", "web", "workers"]

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

ITEMS = 4


@pytest.fixture
def feed(web: HTTPServer) -> Iterator[str]:
    links = []
    for n in range(ITEMS):
        url = web.url_for(f"/w/{n}")
        web.expect_request(f"/w/{n}").respond_with_data(
            article_html(90 + n, url=url), content_type="text/html"
        )
        links.append({"title": f"Story {n}", "link": url})
    web.expect_request("/feed.xml").respond_with_data(
        rss(links), content_type="application/rss+xml", headers={"ETag": '"w1"'}
    )
    yield web.url_for("/feed.xml")


def test_a_feed_is_polled_by_a_worker_and_its_items_extracted(
    workers: Workers, feed: str, web: HTTPServer, not_eager: None, settings: Any
) -> None:
    workers.env.update(FETCH_ALLOW_PRIVATE_HOSTS="127.0.0.1/32", FETCH_HOST_DELAY_SECONDS="0")
    source = Source.objects.create(url=feed, outlet=Outlet.objects.create(name="Worker Gazette"))
    with app.connection_for_write(workers.broker) as conn:
        Queue(workers.queue, Exchange(workers.queue, type="direct"), routing_key=workers.queue)(
            conn.default_channel
        ).declare()
        tasks.sources_poll_due.apply_async(connection=conn, queue=workers.queue)  # type: ignore[call-arg]
    workers.start()
    _wait(
        lambda: Article.objects.filter(state=Article.State.EXTRACTED).count() == ITEMS,
        120,
        workers,
        "the worker polled the feed and extracted its items",
    )
    source.refresh_from_db()
    assert (source.kind, source.items_found, source.items_new, source.items_failed) == (
        "rss",
        ITEMS,
        ITEMS,
        0,
    )
    assert source.etag == '"w1"' and source.last_error == ""
    assert SourceItem.objects.filter(state=SourceItem.State.STORED).count() == ITEMS
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Worker Gazette"}
    assert all(a.mentions.exists() for a in Article.objects.all())
    # The worker, not this process, asked for the pages.
    assert sorted(r.path for r, _ in web.log if r.path.startswith("/w/")) == [f"/w/{n}" for n in range(ITEMS)]
