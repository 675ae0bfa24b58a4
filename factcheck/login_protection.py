"""Admin login brute-force protection (django-axes), fitted to this project.

- The client's address is the one the API throttle uses (`API_NUM_PROXIES` proxies trusted in
  `X-Forwarded-For`), so one setting says where clients come from.
- A call to `authenticate()` without a request is not a login through the site: the admin's form
  always passes its request, while code and tests (the test client's `login()`) have none.
  django-axes refuses those outright; here they go to the next backend unchecked, as there is no
  address to count against.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str:
    return BaseThrottle().get_ident(request)  # type: ignore[arg-type]


class LoginLockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]
