"""Two of a kind at once, with real processes and threads: rematch, ingest, an editor's verdict.

Every test runs against the suite's database (a file on SQLite, the test database on
PostgreSQL), so the processes it starts see the same rows: run the suite twice, once with
DATABASE_URL=postgres://..., to cover both.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import defaultdict
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, HistoryEntry, Mention
from claims.services.extracted import claim_from_mention
from claims.services.ingest import articles_ingest
from claims.services.locks import AlreadyRunning, lock_path, rematch_lock

from .conftest import ROOT
from .factories import make_claim, make_mention

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]

FILES = 12


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(s["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.skip("the SQLite test database is in memory; another process could not see it")
        return f"sqlite:///{name}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": _database_url()}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=240)
    return proc.returncode, out, err


def _write_corpus(folder: Path) -> Path:
    """Small articles of one outlet: one minister quoted in all, figures repeated across them."""
    folder.mkdir()
    rows = ["file,outlet,title"]
    for i in range(FILES):
        name = f"article_{i:02}.txt"
        (folder / name).write_text(
            f"Council vote number {i} on the harbour plan\n\n"
            f"The council of Port {chr(65 + i)} voted on Tuesday to spend ${12 + i % 3} million on the "
            f"harbour, its clerk said. Unemployment in the region fell to {4 + i % 2}.2 percent last year.\n"
            '"We will balance the budget by 2026," said Finance Minister Jonas Keller.\n'
            f'"The harbour of Port {chr(65 + i)} will reopen in spring," said Mayor Ana Lopez{i}.\n',
            encoding="utf-8",
        )
        rows.append(f"{name},The Harbour Times,Harbour plan {i}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _grouping() -> set[frozenset[tuple[int, str]]]:
    """Which mentions are one claim (and with what stance), whatever the claims' ids."""
    groups: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for claim_id, mention_id, stance in Mention.objects.values_list("claim_id", "id", "stance"):
        groups[claim_id].add((mention_id, stance))
    return {frozenset(g) for g in groups.values()}


def _scramble() -> None:
    """Every mention but the first of each claim moves to a claim of its own, as a bad regrouping."""
    for claim in Claim.objects.all():
        for m in list(claim.mentions.order_by("id"))[1:]:
            Mention.objects.filter(pk=m.pk).update(claim=claim_from_mention(m))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return _write_corpus(tmp_path / "corpus")


@pytest.fixture
def scrambled(corpus: Path) -> set[frozenset[tuple[int, str]]]:
    """The corpus ingested, then scrambled; returns the grouping ingest made (a rematch's answer)."""
    outcomes = articles_ingest(paths=[corpus])
    assert [o.status for o in outcomes].count("new") == FILES, outcomes
    expected = _grouping()
    assert any(len(g) > 1 for g in expected)  # there is something to regroup
    _scramble()
    assert _grouping() != expected
    return expected


# --- rematch: one at a time -----------------------------------------------------------------------


def test_second_rematch_while_one_holds_the_lock_says_so_and_changes_nothing(
    scrambled: set[frozenset[tuple[int, str]]],
) -> None:
    before = _grouping()
    # The lock held by this process, as a running rematch holds it (another session on
    # PostgreSQL, another open file on SQLite).
    with rematch_lock():
        for extra in ([], ["--claims"], ["--speakers"]):
            code, out, err = _finish(_start("rematch", *extra))
            assert code == 1, (out, err)
            assert f"another rematch is running (started by pid {os.getpid()}); try again when it ends" in err
            assert "Traceback" not in err and len(err.strip().splitlines()) == 1
            assert _grouping() == before
    code, out, err = _finish(_start("rematch"))
    assert code == 0, err
    assert _grouping() == scrambled
    code, out, _ = _finish(_start("rematch"))
    assert code == 0 and " 0 moved," in out


def test_two_rematches_started_together_end_as_one_run(scrambled: set[frozenset[tuple[int, str]]]) -> None:
    runs = [_start("rematch"), _start("rematch")]
    results = [_finish(p) for p in runs]
    for code, out, err in results:
        # Either it ran (before or after the other), or it was turned away, in one line.
        assert code == 0 or (code == 1 and "another rematch is running (started by pid" in err), (out, err)
        assert "Traceback" not in err and "locked" not in err
    assert any(code == 0 for code, _, _ in results)
    assert _grouping() == scrambled


def test_rematch_lock_is_refused_to_another_thread_and_released_after() -> None:
    refused: list[BaseException] = []

    def other() -> None:
        try:
            with rematch_lock():
                pass
        except AlreadyRunning as exc:
            refused.append(exc)
        finally:
            connection.close()

    with rematch_lock(), rematch_lock():  # re-entrant in its own thread
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert len(refused) == 1 and "another rematch is running" in str(refused[0])
    refused.clear()
    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert refused == []
    if connection.vendor == "sqlite":
        assert not lock_path("rematch").exists()  # nothing left beside the database


# --- ingest: the same files from two processes -----------------------------------------------------


def test_two_ingests_of_the_same_files_store_each_once_and_both_succeed(corpus: Path) -> None:
    runs = [_start("ingest", "--no-progress", str(corpus)), _start("ingest", "--no-progress", str(corpus))]
    results = [_finish(p) for p in runs]
    new = 0
    for code, out, err in results:
        assert code == 0, (out, err)
        assert "failed" not in err and "Traceback" not in err, err
        found = re.search(r"(\d+) new, (\d+) unchanged, 0 failed", out)
        assert found, out
        assert int(found[1]) + int(found[2]) == FILES
        new += int(found[1])
    assert new == FILES  # each file new in one run, unchanged in the other
    assert Article.objects.count() == FILES
    assert Article.objects.values("source_path").distinct().count() == FILES
    # Stored once means grouped once: a rematch finds nothing to move.
    code, out, _ = _finish(_start("rematch"))
    assert code == 0 and " 0 moved," in out


# --- the same verdict from many editors at once ----------------------------------------------------

EDITORS = 16
ROUNDS = 3  # the race is lost in a window of a few statements: try it more than once
CSRF = "a" * 32  # the cookie's secret, sent back as the header: Django accepts the unmasked form


def _cookies(headers: Message) -> str:
    return "; ".join(headers.get_all("Set-Cookie") or [])


class _Editor:
    """One editor's browser: a session, the messages cookie kept between pages, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    def __init__(self, base: str, session: str) -> None:
        self.base = base
        self.cookies = {"sessionid": session, "csrftoken": CSRF}
        self.opener = urllib.request.build_opener(self._NoRedirect)

    def request(self, path: str, data: bytes | None = None) -> tuple[int, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        req = urllib.request.Request(self.base + path, data=data, headers={"Cookie": cookie})
        if data is not None:
            req.add_header("X-CSRFToken", CSRF)
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=60) as response:
                status, body, headers = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as exc:
            status, body, headers = exc.code, exc.read().decode(), exc.headers
        found = re.search(r"messages=([^;]*)", _cookies(headers))
        if found:
            self.cookies["messages"] = found[1]
        return status, body


@pytest.fixture
def editors(live_server: Any) -> list[_Editor]:
    # The migration's group is gone if an earlier transactional test flushed the database.
    group, made = Group.objects.get_or_create(name="Editors")
    if made:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__regex=r"^(view|change)_")
        )
    people = []
    for i in range(EDITORS):
        user = User.objects.create_user(f"editor{i}", password="pw", is_staff=True)
        user.groups.add(group)
        client = Client()
        client.force_login(user)
        people.append(_Editor(live_server.url, client.cookies["sessionid"].value))
    return people


def _all_at_once(editors: list[_Editor], path: str, form: bytes) -> list[tuple[int, str]]:
    start = threading.Barrier(len(editors))
    posted: list[tuple[int, str]] = []

    def submit(editor: _Editor) -> None:
        start.wait()
        posted.append(editor.request(path, form))

    threads = [threading.Thread(target=submit, args=(e,)) for e in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return posted


def test_same_verdict_from_many_editors_at_once_one_wins_the_others_are_told(editors: list[_Editor]) -> None:
    for _ in range(ROUNDS):
        claim = make_claim()
        make_mention(claim=claim)
        path = reverse("admin:claims_claim_review", args=[claim.pk])
        form = f"status=corroborated&verdict_note=Checked.&internal_note=&version={claim.version}".encode()
        posted = _all_at_once(editors, path, form)
        # Never a 500 ("database is locked"): each POST is answered with the claim page to go back to.
        assert [status for status, _ in posted] == [302] * EDITORS, [b[:300] for s, b in posted if s != 302]
        pages = [editor.request(reverse("admin:claims_claim_change", args=[claim.pk])) for editor in editors]
        assert all(status == 200 for status, _ in pages)
        assert sum("Marked corroborated" in page for _, page in pages) == 1
        assert sum("after you opened it" in page for _, page in pages) == EDITORS - 1
        claim.refresh_from_db()
        assert claim.status == Claim.Status.CORROBORATED and claim.version == 2
        assert HistoryEntry.objects.filter(claim=claim, action=HistoryEntry.Action.STATUS).count() == 1
