"""`manage.py create_demo_editor`: local editor and reviewer accounts for trying the admin
(development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.links import DEFAULT_SITE_URL, sheet_path
from claims.models import Claim
from claims.services.review import claim_assign, claim_set_status, comment_add
from claims.services.sheets import sheet_add_claims, sheet_create, sheet_save


def _first(queryset: Any) -> Claim | None:
    return queryset.order_by("-source_count", "-worthiness", "id").first()


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
        editor = user_model.objects.get(username=options["username"])
        self._demo_queue(editor)
        self.stdout.write(
            f"Demo editor: user {options['username']!r}, password {options['password']!r}\n"
            f"Demo reviewer (read-only): user {options['reviewer']!r}, password {options['password']!r}\n"
            f"Admin: {settings.SITE_URL or DEFAULT_SITE_URL}/admin/"
        )

    def _demo_queue(self, editor: Any) -> None:
        """On a fresh demo database, show the desk at work (through the services, with history):
        one corroborated claim, one quote from a single source, one claim in progress assigned to
        the editor with a comment, and a published sheet of the verdicts (the public site)."""
        claims = Claim.objects.filter(merged_into__isnull=True)
        if (
            claims.exclude(status=Claim.Status.UNREVIEWED).exists()
            or claims.filter(assigned_to__isnull=False).exists()
        ):
            return
        done = _first(claims.filter(suggested_status=Claim.Status.CORROBORATED))
        if done is not None:
            claim_set_status(
                claim=done,
                status=Claim.Status.CORROBORATED,
                actor=editor,
                verdict_note="Independent outlets report the same; checked against the ministry's statement.",
                expected_version=done.version,
            )
        busy = _first(claims.filter(status=Claim.Status.UNREVIEWED).exclude(kind=Claim.Kind.QUOTE))
        if busy is not None:
            busy = claim_assign(claim=busy, assignee=editor, actor=editor, expected_version=busy.version)
            busy = claim_set_status(
                claim=busy, status=Claim.Status.IN_PROGRESS, actor=editor, expected_version=busy.version
            )
            comment_add(claim=busy, author=editor, text="Asked the ministry for the original figures.")
            self.stdout.write(f"Demo queue: claim {busy.pk} in progress, assigned to {editor.get_username()}")
        quote = _first(
            claims.filter(status=Claim.Status.UNREVIEWED, kind=Claim.Kind.QUOTE, speaker__isnull=False)
        )
        if quote is not None:
            claim_set_status(
                claim=quote,
                status=Claim.Status.SINGLE_SOURCE,
                actor=editor,
                verdict_note="The quote appears in one outlet's report; no second source carries it.",
                expected_version=quote.version,
            )
        public = Claim.objects.public()
        if public.exists():
            sheet = sheet_create(title="Demo sheet: the verdicts so far", slug="demo-verdicts", actor=editor)
            sheet.description = "Every claim the demo editor has reviewed, for a story."
            sheet.published = True
            sheet_save(sheet=sheet, actor=editor)
            sheet_add_claims(sheet=sheet, claims=public.order_by("id"), actor=editor)
            self.stdout.write(f"Public site: {settings.SITE_URL or DEFAULT_SITE_URL}{sheet_path(sheet.slug)}")
