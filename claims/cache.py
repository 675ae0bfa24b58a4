"""A short-lived cache of public API responses, emptied whenever an editor changes what is public.

Every cached key carries a version number; a change bumps the version, so old entries are never
read again and expire by themselves. With a shared cache (CACHE_URL=redis://...) the bump reaches
every web worker at once; with the default per-process memory cache, other processes may serve a
page up to API_CACHE_SECONDS old.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "factcheck:public-version"


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def public_changed() -> None:
    """Call after any write that can change what the public API shows."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def public_key(path: str) -> str | None:
    """The cache key of a public API page, or None when caching is off."""
    if settings.API_CACHE_SECONDS <= 0:
        return None
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()
    return f"factcheck:api:{public_version()}:{digest}"
