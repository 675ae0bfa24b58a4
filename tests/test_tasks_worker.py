"""A real Celery worker against the local Redis: 20 articles, a worker killed mid-way, none lost.

The worker is another process, so it must see the test's database: on SQLite the test database
is a file (settings: DATABASES TEST NAME), on PostgreSQL it is the test database. Each run uses
its own queue name on Redis database 15 (REDIS_URL), and stops its workers by pid.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from django.db import connection
from django.db.models import Count
from kombu import Exchange, Queue

from claims import tasks
from claims.models import Article, Claim, Mention
from claims.services.ingest import articles_enqueue
from factcheck.celery import app

from .conftest import ROOT

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

ARTICLES = 20
# A message whose worker died is redelivered after this many seconds (longer than any one task).
VISIBILITY_TIMEOUT = 8


def _corpus(folder: Path, n: int) -> Path:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write(folder, n, seed=11)  # type: ignore[no-any-return]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(s["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.skip("the SQLite test database is in memory; a worker process could not see it")
        return f"sqlite:///{name}"
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    pytest.skip(f"no worker test for {connection.vendor}")


class Workers:
    """Start and stop `celery worker` processes on one private queue."""

    def __init__(self, broker: str, queue: str, log_dir: Path) -> None:
        self.broker, self.queue, self.log_dir = broker, queue, log_dir
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "CELERY_QUEUE": queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "LOG_LEVEL": "WARNING",
        }
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        n = len(self.procs) + 1
        log = (self.log_dir / f"worker{n}.log").open("wb")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{n}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        self.logs.append(log)
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.kill(proc.pid, signal.SIGKILL)
                    proc.wait()
        for log in self.logs:
            log.close()

    def output(self) -> str:
        return "\n".join(
            f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
            for p in sorted(self.log_dir.glob("*.log"))
        )


@pytest.fixture
def workers(redis_url: str, tmp_path: Path) -> Iterator[Workers]:
    queue = f"factcheck-test-{uuid.uuid4().hex[:10]}"
    logs = tmp_path / "logs"
    logs.mkdir()
    group = Workers(redis_url, queue, logs)
    try:
        yield group
    finally:
        group.stop()
        with app.connection_for_write(redis_url) as conn:
            client = conn.default_channel.client  # type: ignore[attr-defined]
            client.delete(queue)


def _wait(predicate: Any, timeout: float, workers: Workers, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting until {what}\n{workers.output()}")


def _extracted() -> int:
    return Article.objects.filter(state=Article.State.EXTRACTED).count()


@pytest.fixture
def not_eager() -> Iterator[None]:
    """Send tasks to the broker from this process even though settings have no broker URL."""
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = before


def test_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(
    workers: Workers, tmp_path: Path, not_eager: None
) -> None:
    corpus = _corpus(tmp_path / "corpus", ARTICLES)
    with app.connection_for_write(workers.broker) as conn:
        Queue(workers.queue, Exchange(workers.queue, type="direct"), routing_key=workers.queue)(
            conn.default_channel
        ).declare()

        def send(article_id: int) -> None:
            tasks.article_extract.apply_async((article_id,), connection=conn, queue=workers.queue)  # type: ignore[call-arg]

        outcomes = articles_enqueue(paths=[corpus], enqueue=send)
    assert [o.status for o in outcomes] == ["queued"] * ARTICLES
    assert Article.objects.filter(state=Article.State.PENDING).count() == ARTICLES

    first = workers.start()
    _wait(lambda: _extracted() >= 5, 90, workers, "the first worker extracted 5 articles")
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = _extracted()
    assert killed_at < ARTICLES, "the worker finished before it could be killed"

    workers.start()
    _wait(
        lambda: _extracted() == ARTICLES, 60 + 2 * VISIBILITY_TIMEOUT, workers, "all articles are extracted"
    )

    assert not Article.objects.exclude(state=Article.State.EXTRACTED).exists()
    assert Article.objects.values("content_hash").distinct().count() == ARTICLES
    # Stored once: every article's mentions are distinct spans, and each claim is mentioned at
    # most once per span of an article.
    per_article = Article.objects.annotate(n=Count("mentions")).values_list("n", flat=True)
    assert min(per_article) > 0
    spans = Mention.objects.values("article", "kind", "start", "end").annotate(n=Count("id"))
    assert max(row["n"] for row in spans) == 1, "a mention was stored twice"
    assert Claim.objects.count() > 0
    print(f"worker killed with {killed_at}/{ARTICLES} articles extracted")
