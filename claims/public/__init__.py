"""The public site: fact-check pages beside the API, reading the same public selectors."""
