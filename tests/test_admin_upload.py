"""The admin upload page: files or pasted text, stored pending, extracted in the background."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Article

from .test_services_ingest import GOOD, OTHER

pytestmark = pytest.mark.django_db

URL = "admin:claims_article_upload"


def client_for(group: str) -> Client:
    user = User.objects.create_user(f"user-{group}", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_article_list_links_to_the_upload_page() -> None:
    page = client_for("Editors").get(reverse("admin:claims_article_changelist"))
    assert reverse(URL) in page.content.decode()


def test_uploaded_files_are_extracted_and_their_state_shown(django_capture_on_commit_callbacks: Any) -> None:
    client = client_for("Editors")
    files = [
        SimpleUploadedFile("bridge.txt", GOOD.encode()),
        SimpleUploadedFile("rail.txt", OTHER.encode()),
        SimpleUploadedFile("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL), {"article_files": files}, follow=True)
    page = response.content.decode()
    assert "2 article(s) queued for extraction" in page
    assert "upload/image.txt: " in page.lower() and "binary" in page
    assert sorted(Article.objects.values_list("source_path", "state")) == [
        ("upload/bridge.txt", "extracted"),
        ("upload/rail.txt", "extracted"),
    ]
    # The tasks ran when the upload committed: the page now shows both extracted.
    page = client.get(reverse(URL)).content.decode()
    assert page.count("<td>extracted</td>") == 2
    # Breadcrumbs lead back to the article list.
    assert f'<a href="{reverse("admin:claims_article_changelist")}">Articles</a>' in page
    # Uploading the same text again stores nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse(URL), {"article_files": [SimpleUploadedFile("x.txt", GOOD.encode())]}, follow=True
        )
    assert "already ingested" in again.content.decode() and Article.objects.count() == 2


def test_pasted_text_needs_a_title_and_is_queued_with_its_metadata() -> None:
    client = client_for("Editors")
    response = client.post(reverse(URL), {"text": GOOD})
    assert "needs its title" in response.content.decode() and Article.objects.count() == 0
    response = client.post(
        reverse(URL),
        {"text": GOOD, "title": "Bridge", "outlet": "Harbour Times", "published_at": "2024-03-03"},
        follow=True,
    )
    article = Article.objects.get()
    assert (article.title, article.outlet and article.outlet.name) == ("Bridge", "Harbour Times")
    assert article.published_at is not None and article.published_at.date().isoformat() == "2024-03-03"
    # Inside the test transaction the task is not sent yet: the page shows it pending and reloads.
    page = response.content.decode()
    assert article.state == Article.State.PENDING and 'http-equiv="refresh"' in page


def test_files_and_text_together_are_refused() -> None:
    response = client_for("Editors").post(
        reverse(URL),
        {"text": GOOD, "title": "t", "article_files": [SimpleUploadedFile("a.txt", OTHER.encode())]},
    )
    assert "URL, files or pasted text (one of the three)" in response.content.decode()
    assert Article.objects.count() == 0


def test_reviewers_cannot_upload() -> None:
    client = client_for("Reviewers")
    assert client.get(reverse(URL)).status_code == 403
    assert reverse(URL) not in client.get(reverse("admin:claims_article_changelist")).content.decode()
