"""One rule for the web addresses the database stores: where an article was published.

An address comes from a manifest, an HTML page's canonical link or the admin's article form, and
goes out into links on the public site and in every export. Only a plain http(s) address with a
host is kept: nothing in it can close a link or an HTML attribute (whitespace, ``<>"'``, control
characters), so a stored address is safe to put in a link as it is.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

# Article.url's max_length; browsers and crawlers handle far longer, but no article needs more.
MAX_LENGTH = 1000
SCHEMES = ("http", "https")
FORBIDDEN = frozenset("<>\"'`\\")


def web_url_problem(url: str) -> str | None:
    """Why `url` is not a web address we store, in a few words, or None when it is fine."""
    if len(url) > MAX_LENGTH:
        return f"longer than {MAX_LENGTH} characters"
    if any(ch.isspace() for ch in url):
        return "contains whitespace"
    if bad := next((ch for ch in url if ch in FORBIDDEN), None):
        return f"contains the character {bad}"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return "contains a control character"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return "is not a well-formed address"
    if parts.scheme.lower() not in SCHEMES:
        return "does not start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    return None


def validate_web_url(value: str) -> None:
    """Model and form validator: refuses what :func:`web_url_problem` finds, with its reason."""
    if value and (problem := web_url_problem(value)):
        raise ValidationError(
            "Enter the article's web address (http:// or https://); this one %(problem)s.",
            code="invalid_web_url",
            params={"problem": problem},
        )
