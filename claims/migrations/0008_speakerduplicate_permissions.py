"""Editors decide on possible duplicate speakers (merge or keep apart); reviewers see them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps: Any, schema_editor: Any) -> None:
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")

    def perms(*codenames: str) -> list[Any]:
        return list(permission_model.objects.filter(content_type__app_label="claims", codename__in=codenames))

    for group in group_model.objects.filter(name="Editors"):
        group.permissions.add(*perms("view_speakerduplicate", "change_speakerduplicate", "add_speaker"))
    for group in group_model.objects.filter(name="Reviewers"):
        group.permissions.add(*perms("view_speakerduplicate"))


def revoke(apps: Any, schema_editor: Any) -> None:
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    codenames = ["view_speakerduplicate", "change_speakerduplicate", "add_speaker"]
    for group in group_model.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*permission_model.objects.filter(content_type__app_label="claims", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_speaker_store")]

    operations = [migrations.RunPython(grant, revoke)]
