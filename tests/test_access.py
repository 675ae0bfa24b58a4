"""Access: the anonymous throttle cannot be dodged with X-Forwarded-For, the admin login locks
out after repeated wrong passwords (django-axes), and every page carries a Content-Security-Policy."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
import yaml
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from .conftest import ROOT, SHARED
from .factories import logged_in
from .test_admin_speakers import smith_with_quotes
from .test_settings import run_manage

pytestmark = pytest.mark.django_db


# --- the anonymous throttle --------------------------------------------------------------------


@pytest.fixture
def three_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})


def statuses(client: Client, forwarded_for: list[str]) -> list[int]:
    return [
        client.get("/api/v1/outlets/", HTTP_X_FORWARDED_FOR=address).status_code for address in forwarded_for
    ]


def test_rotating_x_forwarded_for_does_not_escape_the_throttle(client: Client, three_a_minute: None) -> None:
    # The probe: 300 of 300 requests went through, each with a new X-Forwarded-For.
    assert statuses(client, [f"198.51.100.{n}" for n in range(6)]) == [200, 200, 200, 429, 429, 429]


def test_behind_one_proxy_the_address_it_adds_counts(
    client: Client, settings: Any, three_a_minute: None
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # What the client wrote before the proxy's own entry changes nothing.
    spoofed = [f"10.9.9.{n}, 203.0.113.7" for n in range(4)]
    assert statuses(client, spoofed) == [200, 200, 200, 429]
    # Another client, as the proxy saw it, has a count of its own.
    assert statuses(client, ["203.0.113.8"]) == [200]


def test_num_proxies_comes_from_the_environment() -> None:
    shown = "from django.conf import settings; print(settings.REST_FRAMEWORK['NUM_PROXIES'])"
    assert run_manage("shell", "-c", shown, env={}).stdout.split()[-1] == "0"
    assert run_manage("shell", "-c", shown, env={"API_NUM_PROXIES": "2"}).stdout.split()[-1] == "2"
    for bad, message in [("-1", "API_NUM_PROXIES must be 0 or more"), ("two", "API_NUM_PROXIES must be")]:
        done = run_manage("check", env={"API_NUM_PROXIES": bad})
        assert done.returncode != 0 and message in done.stderr


def test_compose_stack_sets_its_proxy_count() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    schema_path = SHARED / "compose" / "compose-spec.json"
    if schema_path.exists():
        import jsonschema

        jsonschema.validate(compose, json.loads(schema_path.read_text()))
    # No proxy in the stack (gunicorn serves port 8000 itself): 0 unless the deployment says so.
    assert not {"nginx", "traefik", "caddy", "proxy"} & set(compose["services"])
    assert compose["services"]["web"]["environment"]["API_NUM_PROXIES"] == "${API_NUM_PROXIES:-0}"


# --- the admin login lockout -------------------------------------------------------------------

LOGIN = "/admin/login/"


@pytest.fixture
def editor(settings: Any) -> User:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return User.objects.create_user("desk", password="right-pw-1", is_staff=True)


def attempt(password: str, *, username: str = "desk", address: str = "192.0.2.1", **extra: Any) -> int:
    """One try at the admin login form, from a fresh browser; 302 is a login."""
    response = Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )
    return response.status_code


def test_wrong_passwords_lock_the_login_out(editor: User) -> None:
    # The probe: 30 wrong passwords in 25 s, no lockout. 200 is the form again with its error.
    assert [attempt("wrong-1"), attempt("wrong-2")] == [200, 200]
    assert attempt("wrong-3") == 429
    assert attempt("right-pw-1") == 429, "locked out: the right password is refused too"
    locked = Client(REMOTE_ADDR="192.0.2.1").post(LOGIN, {"username": "desk", "password": "right-pw-1"})
    assert b"too many login attempts" in locked.content


def test_right_password_before_the_limit_logs_in_and_starts_the_count_again(editor: User) -> None:
    assert [attempt("wrong-1"), attempt("wrong-2")] == [200, 200]
    assert attempt("right-pw-1") == 302
    assert [attempt("wrong-3"), attempt("wrong-4")] == [200, 200], "the count started again"
    assert attempt("right-pw-1") == 302


def test_lockout_holds_for_the_user_name_from_any_address_and_for_the_address(editor: User) -> None:
    User.objects.create_user("other", password="other-pw-1", is_staff=True)
    for n in range(3):
        attempt("wrong", address=f"198.51.100.{n}")
    assert attempt("right-pw-1", address="198.51.100.200") == 429, "the user name is locked"
    assert attempt("other-pw-1", username="other", address="198.51.100.200") == 302, "other users are not"
    for n in range(3):
        attempt("wrong", username=f"guess{n}", address="203.0.113.5")
    assert attempt("other-pw-1", username="other", address="203.0.113.5") == 429, "the address is locked"


def test_rotating_x_forwarded_for_does_not_escape_the_lockout(editor: User) -> None:
    for n in range(3):
        attempt("wrong", username=f"guess{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert attempt("right-pw-1", HTTP_X_FORWARDED_FOR="10.0.0.99") == 429


def test_lockout_ends_after_the_cool_off(editor: User) -> None:
    for n in range(3):
        attempt(f"wrong-{n}")
    assert attempt("right-pw-1") == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert attempt("right-pw-1") == 302


def test_lockout_settings_come_from_the_environment() -> None:
    shown = "from django.conf import settings; print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)"
    assert run_manage("shell", "-c", shown, env={}).stdout.strip().splitlines()[-1] == "5 0:15:00"
    env = {"AXES_FAILURE_LIMIT": "10", "AXES_COOLOFF_MINUTES": "0"}
    assert run_manage("shell", "-c", shown, env=env).stdout.strip().splitlines()[-1] == "10 None"
    done = run_manage("check", env={"AXES_FAILURE_LIMIT": "0"})
    assert done.returncode != 0 and "AXES_FAILURE_LIMIT must be 1 or more" in done.stderr


def test_test_client_logins_still_work(editor: User) -> None:
    client = Client()
    assert client.login(username="desk", password="right-pw-1")
    assert not Client().login(username="desk", password="wrong")
    assert client.get("/admin/").status_code == 200
    forced = Client()
    forced.force_login(editor)
    assert forced.get("/admin/").status_code == 200


# --- Content-Security-Policy -------------------------------------------------------------------


def policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search/?q=aid",
        "/admin/login/",
        "/api/v1/",
        "/api/v1/claims/",
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ],
)
def test_every_page_carries_the_policy(client: Client, path: str) -> None:
    response = client.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, response.content[:300]
    found = policy(response)
    assert found["default-src"] == ["'self'"]
    assert found["script-src"] == ["'self'"], "no inline script, no eval, no other site"
    assert found["object-src"] == ["'none'"] and found["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" in found["style-src"]


def test_the_admin_speaker_page_script_carries_the_nonce() -> None:
    editor = logged_in("eddie", "Editors")
    smith, _ = smith_with_quotes(2)
    response = editor.get(reverse("admin:claims_speaker_change", args=[smith.pk]))
    assert response.status_code == 200
    (nonce,) = re.findall(r"<script nonce=\"([^\"]+)\">", response.content.decode())
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
