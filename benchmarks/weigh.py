"""Page weight as a browser loads it.

Each page is opened in a fresh browser context (an empty cache, as a first
visit) in headless Chromium, from a local server, and every response it
receives is counted: the page itself, its stylesheets, scripts, fonts and
images, whatever the page and its scripts request. Links to other pages,
downloads (CSV, notebooks, PDF) and anything else a reader must click are not
loaded, so they are not counted. Bytes are counted twice: raw (the body as
served) and gzip-compressed at level 6, as a static server with compression
would send text; images and fonts that are already compressed are counted
once as they are (gzip would not shrink them).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from urllib.parse import urlparse

# content types a server compresses; the rest (PNG, WOFF…) are sent as they are
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@dataclass
class Weight:
    page: str
    requests: int = 0
    raw: int = 0
    gzip: int = 0
    items: list[tuple[str, int, int, int]] = field(default_factory=list)  # (path, status, raw, gzip)
    failed: list[tuple[str, int]] = field(default_factory=list)

    def add(self, url: str, status: int, content_type: str, body: bytes) -> None:
        size = len(body)
        packed = len(gzip.compress(body, 6)) if content_type.startswith(COMPRESSIBLE) else size
        self.requests += 1
        self.raw += size
        self.gzip += min(size, packed)
        self.items.append((urlparse(url).path, status, size, min(size, packed)))
        if status >= 400:
            self.failed.append((urlparse(url).path, status))

    def largest(self, n: int = 3) -> list[tuple[str, int]]:
        return [(path, raw) for path, _, raw, _ in sorted(self.items, key=lambda i: -i[2])[:n]]


def weigh(browser, url: str) -> Weight:
    """Load ``url`` in a fresh context of ``browser`` (Playwright) and count
    every response it receives."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(url, wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        page.wait_for_load_state("networkidle")
        weight = Weight(urlparse(url).path)
        for response in responses:
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                body = b""
            weight.add(response.url, response.status, response.headers.get("content-type", ""), body)
        return weight
    finally:
        context.close()
