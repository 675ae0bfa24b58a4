"""Create the Editors and Reviewers groups with their permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["outlet", "article", "speaker", "speakeralias", "claim", "mention", "historyentry", "claimsheet", "claimsheetitem"]
EDITOR_CHANGES = ["claim", "mention", "speaker", "speakeralias", "claimsheet", "claimsheetitem", "article", "outlet"]
EDITOR_ADDS = ["claimsheet", "claimsheetitem", "speakeralias", "article"]


def create_groups(apps: Any, schema_editor: Any) -> None:
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")

    def perms(codenames: list[str]) -> list[Any]:
        return list(permission_model.objects.filter(content_type__app_label="claims", codename__in=codenames))

    view = [f"view_{m}" for m in MODELS]
    editors, _ = group_model.objects.get_or_create(name="Editors")
    editors.permissions.set(
        perms(view + [f"change_{m}" for m in EDITOR_CHANGES] + [f"add_{m}" for m in EDITOR_ADDS] + ["delete_claimsheetitem"])
    )
    reviewers, _ = group_model.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(perms(view))


def remove_groups(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
