"""Public addresses: the fact-check pages that ClaimReview, the exports, the API and the admin link to.

Links are absolute. They start from SITE_URL when it is set (the address readers use); otherwise
from the request being served; and, outside any request (a command), from DEFAULT_SITE_URL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify

# A slug is for people reading the address; the id alone finds the claim.
SLUG_MAX = 60
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url(request: HttpRequest | None = None) -> str:
    """The site's base address, without a trailing slash."""
    if settings.SITE_URL:
        return str(settings.SITE_URL).rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEFAULT_SITE_URL


@functools.lru_cache(maxsize=8192)
def slug(text: str, fallback: str) -> str:
    """A readable slug of at most SLUG_MAX characters, cut between words (remembered for the
    texts of the last few thousand claims shown: lists show the same claims again and again)."""
    full = slugify(text)
    if len(full) > SLUG_MAX:
        cut = full[: SLUG_MAX + 1]
        full = cut[: cut.rindex("-")] if "-" in cut else full[:SLUG_MAX]
    return full.strip("-") or fallback


def claim_path(claim_id: int, text: str) -> str:
    return claim_paths()(claim_id, text)


def claim_paths() -> Callable[[int, str], str]:
    """`claim_path` with this request's script prefix and URLconf read once, for a page of claims."""
    head, middle, tail = _claim_path_parts(get_script_prefix(), get_urlconf())
    return lambda claim_id, text: f"{head}{claim_id}{middle}{slug(text, 'claim')}{tail}"


_SAMPLE_ID, _SAMPLE_SLUG = 918273645, "sample-slug"  # stand-ins to cut a reversed address at


@functools.lru_cache(maxsize=32)
def _claim_path_parts(script_prefix: str, urlconf: str | None) -> tuple[str, str, str]:
    """The claim page's address around its id and slug, reversed once per prefix and URLconf
    (a page of the API links 25 to 100 claims: reversing each cost more than building its JSON)."""
    sample = reverse("public:claim", args=[_SAMPLE_ID, _SAMPLE_SLUG], urlconf=urlconf)
    head, _, rest = sample.partition(str(_SAMPLE_ID))
    middle, _, tail = rest.partition(_SAMPLE_SLUG)
    return head, middle, tail


def speaker_path(speaker_id: int, name: str) -> str:
    return reverse("public:speaker", args=[speaker_id, slug(name, "speaker")])


def sheet_path(sheet_slug: str) -> str:
    return reverse("public:sheet", args=[sheet_slug])


def claim_url(claim_id: int, text: str, base: str | None = None) -> str:
    """A claim's fact-check page, absolute."""
    return (base if base is not None else site_url()) + claim_path(claim_id, text)
