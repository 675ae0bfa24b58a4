"""`manage.py create_demo_editor`: a local editor account for trying the admin (development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the demo editor account and print its login."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="factcheck-demo")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "the demo editor is for development only (DEBUG=1); use createsuperuser instead"
            )
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(username=options["username"])
        user.is_staff = True
        user.set_password(options["password"])
        user.save()
        # The Editors group comes from a migration: the demo account has exactly an editor's rights.
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(
            f"Demo editor: user {options['username']!r}, password {options['password']!r}\n"
            f"Admin: {settings.SITE_URL}/admin/"
        )
