"""Screenshots of the editor's desk and of the public site at a laptop's and a phone's width, as an
editor and a reader see them.

    .venv/bin/python docs/screenshots.py [--base http://127.0.0.1:8000] [--user editor]
        [--password factcheck-demo] [--out docs/screenshots]

Needs a running server with the seeds (`make run`) and Debian's Chromium (/usr/bin/chromium).
Writes claim_list, claim_change and article_change (logged in), then public_home, public_claim,
public_speaker, public_sheet and public_search (a reader, not logged in), each at 1366x768 and
390x844 (full pages).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Page, sync_playwright

SIZES = {"1366": (1366, 768), "390": (390, 844)}


def login(page: Page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")


def shoot(page: Page, base: str, out: Path, pages: dict[str, str | None]) -> None:
    for name, path in pages.items():
        if not path:
            print(f"skipped {name}: no such page in this database")
            continue
        for label, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{base}{path}")
            target = out / f"{name}_{label}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"wrote {target}")


def public_pages(page: Page, base: str) -> dict[str, str | None]:
    """The public pages a reader meets, found from the home page: its first verdict, the first quote
    whose speaker has a page, its first sheet, and a search for a sentence of the claim's source."""
    page.goto(f"{base}/")
    claims = page.locator("ul.claims .sentence a")
    hrefs = [claims.nth(i).get_attribute("href") or "" for i in range(claims.count())]
    if not hrefs:
        raise SystemExit("The home page lists no verdict: review a claim first (make run does).")
    speaker = None
    for href in hrefs:
        page.goto(f"{base}{href}")
        link = page.locator("main a[href^='/speakers/']")
        if link.count():
            speaker = link.first.get_attribute("href")
            break
    page.goto(f"{base}{hrefs[0]}")
    sources = page.locator("ol.sources .sentence")
    sentence = sources.first.inner_text() if sources.count() else page.inner_text("h1")
    page.goto(f"{base}/")
    sheets = page.locator("main a[href^='/sheets/']")
    sheet = sheets.first.get_attribute("href") if sheets.count() else None
    return {
        "public_home": "/",
        "public_claim": hrefs[0],
        "public_speaker": speaker,
        "public_sheet": sheet,
        "public_search": f"/search/?{urlencode({'q': sentence})}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="editor")
    parser.add_argument("--password", default="factcheck-demo")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        login(page, args.base, args.user, args.password)
        # The claim page shown is the queue's first claim with two or more sources.
        page.goto(f"{args.base}/admin/claims/claim/")
        rows = page.locator("#result_list tbody tr")
        claim_url = None
        for i in range(rows.count()):
            sources = rows.nth(i).locator("td.field-sources").inner_text().strip()
            if sources.isdigit() and int(sources) >= 2:
                claim_url = rows.nth(i).locator("th a, td a").first.get_attribute("href")
                break
        claim_url = claim_url or rows.first.locator("th a").first.get_attribute("href")
        page.goto(f"{args.base}/admin/claims/article/")
        article_url = page.locator("#result_list tbody tr th a").first.get_attribute("href")
        pages = {
            "claim_list": "/admin/claims/claim/",
            "claim_change": claim_url,
            "article_change": article_url,
        }
        shoot(page, args.base, out, pages)
        # A reader's view: a fresh context, never logged in.
        reader = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        shoot(reader, args.base, out, public_pages(reader, args.base))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
