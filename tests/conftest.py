"""Shared fixtures: the seed folder, small article files, service availability checks."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write an article file into a temporary folder and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    if not port_open("127.0.0.1", 6379):
        pytest.skip("needs a Redis server on 127.0.0.1:6379 (CI starts one)")
    return url


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Tests log users in often; the production hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any) -> None:
    """Each test starts with an empty cache, and API pages uncached unless a test turns it on."""
    from django.core.cache import cache

    cache.clear()
    settings.API_CACHE_SECONDS = 0
