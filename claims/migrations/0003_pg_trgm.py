"""Enable PostgreSQL's pg_trgm extension for the claim lookup's similarity scores.

TrigramExtension does nothing on other databases (SQLite uses a token-overlap fallback). No
trigram index: the lookup ranks every public claim by similarity(), which an index cannot serve.
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_editor_groups"),
    ]

    operations = [
        TrigramExtension(),
    ]
