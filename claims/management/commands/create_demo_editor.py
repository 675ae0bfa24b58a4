"""`manage.py create_demo_editor`: local editor and reviewer accounts for trying the admin
(development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the demo editor and reviewer accounts and print their logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="editor")
        parser.add_argument("--reviewer", default="reviewer", help="the read-only account's user name")
        parser.add_argument("--password", default="factcheck-demo")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "the demo editor is for development only (DEBUG=1); use createsuperuser instead"
            )
        user_model = get_user_model()
        # The groups come from a migration: each demo account has exactly that role's rights.
        for username, group in ((options["username"], "Editors"), (options["reviewer"], "Reviewers")):
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(options["password"])
            user.save()
            user.groups.set([Group.objects.get(name=group)])
        self.stdout.write(
            f"Demo editor: user {options['username']!r}, password {options['password']!r}\n"
            f"Demo reviewer (read-only): user {options['reviewer']!r}, password {options['password']!r}\n"
            f"Admin: {settings.SITE_URL}/admin/"
        )
