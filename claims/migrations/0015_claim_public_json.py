"""Each public claim's API body, stored, and a revision number that says when it is stale.

A list page built 25 claims with their mentions, articles, outlets and speakers on every request
(about 10 ms of Python at 100k claims). The body is now rendered once and kept in
claims_claimpublicjson; the list joins it in. `claims_claim.public_rev` is raised by triggers
whenever anything the body shows changes, however the row is written (save, bulk_create,
update(), a cascade):

- any update of the claim's own row;
- a mention inserted, updated or deleted (its old and its new claim);
- an article's title, address, date or outlet changed (the claims it mentions);
- an outlet's name changed (the claims its articles mention);
- a speaker's name, kind, role or disambiguation changed (their claims and quoted mentions).

A stored body is served only while its rev equals the claim's, so a change is never hidden.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

POSTGRES = """
CREATE FUNCTION claims_claim_public_rev_row() RETURNS trigger AS $$
BEGIN
    NEW.public_rev := OLD.public_rev + 1;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_claim_public_rev BEFORE UPDATE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_public_rev_row();

-- One function for the three statement triggers: each branch reads only the transition tables
-- its event has.
CREATE FUNCTION claims_mention_public_rev() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE claims_claim SET public_rev = public_rev + 1 WHERE id IN (SELECT claim_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE claims_claim SET public_rev = public_rev + 1 WHERE id IN (SELECT claim_id FROM old_rows);
    ELSE
        UPDATE claims_claim SET public_rev = public_rev + 1
            WHERE id IN (SELECT claim_id FROM new_rows UNION SELECT claim_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_mention_public_rev_insert AFTER INSERT ON claims_mention
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_public_rev();
CREATE TRIGGER claims_mention_public_rev_update AFTER UPDATE ON claims_mention
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_public_rev();
CREATE TRIGGER claims_mention_public_rev_delete AFTER DELETE ON claims_mention
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_mention_public_rev();

CREATE FUNCTION claims_article_public_rev() RETURNS trigger AS $$
BEGIN
    UPDATE claims_claim SET public_rev = public_rev + 1
        WHERE id IN (SELECT claim_id FROM claims_mention WHERE article_id = NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_article_public_rev AFTER UPDATE ON claims_article FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.url IS DISTINCT FROM NEW.url
          OR OLD.published_at IS DISTINCT FROM NEW.published_at
          OR OLD.outlet_id IS DISTINCT FROM NEW.outlet_id)
    EXECUTE FUNCTION claims_article_public_rev();

CREATE FUNCTION claims_outlet_public_rev() RETURNS trigger AS $$
BEGIN
    UPDATE claims_claim SET public_rev = public_rev + 1
        WHERE id IN (SELECT m.claim_id FROM claims_mention m
                     JOIN claims_article a ON a.id = m.article_id WHERE a.outlet_id = NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_outlet_public_rev AFTER UPDATE ON claims_outlet FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION claims_outlet_public_rev();

CREATE FUNCTION claims_speaker_public_rev() RETURNS trigger AS $$
BEGIN
    UPDATE claims_claim SET public_rev = public_rev + 1
        WHERE speaker_id = NEW.id
           OR id IN (SELECT claim_id FROM claims_mention WHERE speaker_id = NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_speaker_public_rev AFTER UPDATE ON claims_speaker FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.kind IS DISTINCT FROM NEW.kind
          OR OLD.role IS DISTINCT FROM NEW.role
          OR OLD.disambiguation IS DISTINCT FROM NEW.disambiguation)
    EXECUTE FUNCTION claims_speaker_public_rev();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS claims_speaker_public_rev ON claims_speaker;
DROP TRIGGER IF EXISTS claims_outlet_public_rev ON claims_outlet;
DROP TRIGGER IF EXISTS claims_article_public_rev ON claims_article;
DROP TRIGGER IF EXISTS claims_mention_public_rev_delete ON claims_mention;
DROP TRIGGER IF EXISTS claims_mention_public_rev_update ON claims_mention;
DROP TRIGGER IF EXISTS claims_mention_public_rev_insert ON claims_mention;
DROP TRIGGER IF EXISTS claims_claim_public_rev ON claims_claim;
DROP FUNCTION IF EXISTS claims_speaker_public_rev();
DROP FUNCTION IF EXISTS claims_outlet_public_rev();
DROP FUNCTION IF EXISTS claims_article_public_rev();
DROP FUNCTION IF EXISTS claims_mention_public_rev();
DROP FUNCTION IF EXISTS claims_claim_public_rev_row();
"""

# SQLite has row triggers only, and a trigger cannot change the row it fires on: the claim's own
# trigger updates the row again (SQLite does not fire a trigger from itself, and its WHEN stops
# it where recursive triggers are turned on).
_BUMP = "UPDATE claims_claim SET public_rev = public_rev + 1 WHERE"
SQLITE = [
    """CREATE TRIGGER claims_claim_public_rev AFTER UPDATE ON claims_claim FOR EACH ROW
    WHEN NEW.public_rev <= OLD.public_rev
    BEGIN UPDATE claims_claim SET public_rev = OLD.public_rev + 1 WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER claims_mention_public_rev_insert AFTER INSERT ON claims_mention FOR EACH ROW
    BEGIN {_BUMP} id = NEW.claim_id; END""",
    f"""CREATE TRIGGER claims_mention_public_rev_update AFTER UPDATE ON claims_mention FOR EACH ROW
    BEGIN {_BUMP} id IN (NEW.claim_id, OLD.claim_id); END""",
    f"""CREATE TRIGGER claims_mention_public_rev_delete AFTER DELETE ON claims_mention FOR EACH ROW
    BEGIN {_BUMP} id = OLD.claim_id; END""",
    f"""CREATE TRIGGER claims_article_public_rev AFTER UPDATE ON claims_article FOR EACH ROW
    WHEN OLD.title IS NOT NEW.title OR OLD.url IS NOT NEW.url
        OR OLD.published_at IS NOT NEW.published_at OR OLD.outlet_id IS NOT NEW.outlet_id
    BEGIN {_BUMP} id IN (SELECT claim_id FROM claims_mention WHERE article_id = NEW.id); END""",
    f"""CREATE TRIGGER claims_outlet_public_rev AFTER UPDATE ON claims_outlet FOR EACH ROW
    WHEN OLD.name IS NOT NEW.name
    BEGIN {_BUMP} id IN (SELECT m.claim_id FROM claims_mention m
        JOIN claims_article a ON a.id = m.article_id WHERE a.outlet_id = NEW.id); END""",
    f"""CREATE TRIGGER claims_speaker_public_rev AFTER UPDATE ON claims_speaker FOR EACH ROW
    WHEN OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.role IS NOT NEW.role
        OR OLD.disambiguation IS NOT NEW.disambiguation
    BEGIN {_BUMP} speaker_id = NEW.id
        OR id IN (SELECT claim_id FROM claims_mention WHERE speaker_id = NEW.id); END""",
]
SQLITE_TRIGGERS = [
    "claims_claim_public_rev",
    "claims_mention_public_rev_insert",
    "claims_mention_public_rev_update",
    "claims_mention_public_rev_delete",
    "claims_article_public_rev",
    "claims_outlet_public_rev",
    "claims_speaker_public_rev",
]


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_claimkey_key_claim_index")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="public_rev",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.CreateModel(
            name="ClaimPublicJson",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                ("rev", models.BigIntegerField()),
                ("shape", models.CharField(max_length=16)),
                ("body", models.TextField()),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
