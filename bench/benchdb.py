"""Database set-up shared by the benchmarks: Django on a database URL, fresh PostgreSQL databases."""

from __future__ import annotations

import os
from urllib.parse import urlparse


def require_postgres(url: str) -> None:
    """Stop with what to do unless ``url`` is a PostgreSQL URL."""
    if not url.startswith("postgres"):
        raise SystemExit(
            "give --database-url postgres://... (or DATABASE_URL): this benchmark is for PostgreSQL"
        )


def fresh_database(url: str, *, force: bool = False) -> None:
    """Drop and create the database named by a postgres:// URL."""
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        raise SystemExit(f"need a postgres:// URL naming a database, got {url!r}")
    if "bench" not in name and not force:
        raise SystemExit(
            f"refusing to recreate database {name!r}: its name must contain 'bench' (or --force)"
        )
    conn = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup_django(url: str, *, fresh: bool = False, force: bool = False) -> None:
    """Point Django at ``url`` (recreated first when ``fresh``) and migrate it."""
    if fresh:
        fresh_database(url, force=force)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
