"""The admin claim list at 100k claims on PostgreSQL: queries and time per page.

    python bench/admin_list.py --database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_api \
        [--claims 100000] [--reuse] [--repeat 5]

Uses the database bench/api_load.py fills (the same bulk_create filler; --reuse keeps a filled
one). Logs a superuser in with Django's test client, in this process, and requests the claim
list's first, a middle and the last page, a filtered page and a search; prints the number of
SQL queries and the median time of --repeat requests for each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from api_load import ensure_filled  # noqa: E402
from benchdb import require_postgres  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it is already filled.")
    args = parser.parse_args()
    require_postgres(args.database_url)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    ensure_filled(args.database_url, args.claims, reuse=args.reuse)

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from claims.admin import ClaimAdmin
    from claims.models import Claim

    setup_test_environment()
    user, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    total = Claim.objects.count()
    last = max(1, -(-total // ClaimAdmin.list_per_page))
    pages = [
        ("first page", "/admin/claims/claim/"),
        ("middle page", f"/admin/claims/claim/?p={last // 2}"),
        ("last page", f"/admin/claims/claim/?p={last - 1}"),
        ("status=unreviewed", "/admin/claims/claim/?status__exact=unreviewed"),
        ("kind=quote, page 10", "/admin/claims/claim/?kind__exact=quote&p=10"),
        ("search 'funding'", "/admin/claims/claim/?q=funding"),
    ]
    print(f"{total} claims, {ClaimAdmin.list_per_page} per page")
    print(f"{'page':22} {'status':>6} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    for name, url in pages:
        times = []
        queries = 0
        status = 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            queries, status = len(captured), response.status_code
        print(
            f"{name:22} {status:6} {queries:7} {1000 * statistics.median(times):10.1f} {1000 * max(times):8.1f}"
        )


if __name__ == "__main__":
    main()
