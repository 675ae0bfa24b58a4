"""A short-lived cache of public API responses, emptied whenever an editor changes what is public.

Every cached key carries a version number; a change bumps the version, so old entries are never
read again and expire by themselves. With a shared cache (CACHE_URL=redis://...) the bump reaches
every web worker at once; with the default per-process memory cache, other processes may serve a
page up to API_CACHE_SECONDS old.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

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


def remembered_counts(
    kind: str, names: Sequence[str], count: Callable[[list[str]], dict[str, int]]
) -> dict[str, int]:
    """Counts of public things (a list's rows, the claims holding a word), each remembered for
    API_COUNT_CACHE_SECONDS under the public version, so a public change is counted afresh.
    `names` say what is counted (a query's SQL, a word); `count` counts those not remembered."""
    seconds = settings.API_COUNT_CACHE_SECONDS
    if seconds <= 0:
        return count(list(names))
    version = public_version()
    keys = {n: f"factcheck:{kind}:{version}:{hashlib.sha256(n.encode()).hexdigest()}" for n in names}
    remembered = cache.get_many(list(keys.values()))
    found = {n: int(remembered[k]) for n, k in keys.items() if k in remembered}
    missing = [n for n in keys if n not in found]
    if missing:
        fresh = count(missing)
        found.update(fresh)
        cache.set_many({keys[n]: v for n, v in fresh.items()}, seconds)
    return found
