"""A GIN index for full-text search of claims, on PostgreSQL only (SQLite has no such index)."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "claims_claim_search_idx"


def search_index() -> GinIndex:
    # The same expression as claims.selectors.claim_search_vector(): the planner uses the index
    # only when the query's expression is identical (a PostgreSQL test checks the plan).
    vector = (
        SearchVector("text", weight="A", config="english")
        + SearchVector("subject", weight="B", config="english")
        + SearchVector("verdict_note", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), search_index())


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), search_index())


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_pg_trgm")]

    operations = [migrations.RunPython(create, drop)]
