"""Fetching from the web, politely and safely: plain Python, no Django imports.

``http`` is the one way the product opens a web address (SSRF checks, robots.txt, a per-host
rate limit, conditional GET, size, content-type and redirect limits); ``pages`` turns a fetched
page into the text and metadata ingest stores; ``feeds`` reads RSS, Atom and news sitemaps into
items.
"""
