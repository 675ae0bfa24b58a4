"""A stored full-text document per claim, kept by a trigger and indexed with GIN (PostgreSQL).

Migration 0004 indexed an expression (to_tsvector of text, subject and verdict note), so a
search matched through the index but then parsed every matching claim's text again to rank it:
about 20 requests a second at 100k claims. The document is now a column that a trigger writes on
every insert and on every update of those three columns, however the row is written (save,
bulk_create, bulk_update, update()). Search and rank read it; the expression index goes.

On SQLite the column exists and stays empty (search there is LIKE over the fields).
"""

from __future__ import annotations

from typing import Any

import django.contrib.postgres.search
from django.db import migrations

# The same document as claims.selectors.claim_search_vector() builds (weights A, B, C).
CREATE = """
CREATE FUNCTION claims_claim_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.text, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.subject, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.verdict_note, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_claim_search_vector_insert BEFORE INSERT ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector_update();
CREATE TRIGGER claims_claim_search_vector_update BEFORE UPDATE OF text, subject, verdict_note, search_vector
    ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector_update();

UPDATE claims_claim SET text = text;

DROP INDEX IF EXISTS claims_claim_search_idx;
CREATE INDEX claims_claim_search_vector_idx ON claims_claim USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS claims_claim_search_vector_idx;
DROP TRIGGER IF EXISTS claims_claim_search_vector_update ON claims_claim;
DROP TRIGGER IF EXISTS claims_claim_search_vector_insert ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_search_vector_update();
CREATE INDEX claims_claim_search_idx ON claims_claim USING gin ((
    setweight(to_tsvector('english'::regconfig, COALESCE(text, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(subject, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(verdict_note, '')), 'C')
));
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_article_url_valid")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
