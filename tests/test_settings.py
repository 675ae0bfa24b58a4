"""Settings come from the environment; bad values name the variable; deploy mode is hardened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SHARED

DEPLOY_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7#kQ2!vR9@pL4$wN8^tZ1&cF6*hJ3(bM5)dG0_sY2-eU7+aW4=iO9%",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "DATABASE_URL": "sqlite:////tmp/factcheck-deploy-check.sqlite3",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The browser tests allow Django's ORM inside Playwright's event loop; a real deployment does not.
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full = {k: v for k, v in os.environ.items() if k not in unset}
    full.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_real_values() -> None:
    done = run_manage("check", "--deploy", "--fail-level", "WARNING", env=DEPLOY_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_missing_secret_key_in_production_names_the_variable() -> None:
    env = {**DEPLOY_ENV, "SECRET_KEY": ""}
    done = run_manage("check", env=env)
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("INGEST_MAX_BYTES", "lots")])
def test_bad_value_names_the_variable(name: str, value: str) -> None:
    done = run_manage("check", env={name: value})
    assert done.returncode != 0
    assert f"{name} must be" in done.stderr


def test_database_url_selects_postgres() -> None:
    done = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        env={"DATABASE_URL": "postgres://u@db.example:5432/x"},
    )
    assert done.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql", done.stderr


def postgres_connection_options(**env: str) -> subprocess.CompletedProcess[str]:
    return run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))",
        env={"DATABASE_URL": "postgres://u@db.example:5432/x", **env},
    )


def test_postgres_connections_price_a_page_read_as_cached_storage() -> None:
    assert "-c random_page_cost=1.1" in postgres_connection_options().stdout
    assert "-c random_page_cost=2.5" in postgres_connection_options(PG_RANDOM_PAGE_COST="2.5").stdout
    # Empty: the server's own setting, which the connection does not override.
    done = postgres_connection_options(PG_RANDOM_PAGE_COST="")
    assert done.returncode == 0, done.stderr
    assert "random_page_cost" not in done.stdout
    # A setting given in DATABASE_URL's own options is kept beside it.
    done = postgres_connection_options(
        DATABASE_URL="postgres://u@db.example:5432/x?options=-c%20work_mem%3D8MB"
    )
    assert "-c work_mem=8MB -c random_page_cost=1.1" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("value", ["fast", "0", "-1", "1e9"])
def test_a_bad_page_cost_names_the_variable(value: str) -> None:
    done = postgres_connection_options(PG_RANDOM_PAGE_COST=value)
    assert done.returncode != 0
    assert "PG_RANDOM_PAGE_COST must be" in done.stderr


def test_docker_compose_is_valid_and_consistent_with_settings() -> None:
    schema_path = SHARED / "compose" / "compose-spec.json"
    if not schema_path.exists():
        pytest.skip("../shared/compose/compose-spec.json is not beside this clone")
    import jsonschema

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    jsonschema.validate(compose, json.loads(schema_path.read_text()))
    assert set(compose["services"]) == {"postgres", "redis", "web", "worker", "beat"}
    settings_text = (ROOT / "factcheck" / "settings.py").read_text()
    for service in ("web", "worker", "beat"):
        env = compose["services"][service]["environment"]
        for name in env:
            assert f'"{name}"' in settings_text, f"{name} is not read by settings.py"
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert "migrate" in compose["services"]["web"]["command"]
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "celery" in compose["services"]["worker"]["command"]
    assert "celery -A factcheck beat" in compose["services"]["beat"]["command"]
    assert Path(ROOT / "Dockerfile").exists()
