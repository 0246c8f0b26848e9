"""The HTML book in a real browser (Debian's Chromium via Playwright): every
page loads offline without console errors or third-party requests, images
load and carry alt text, search works, axe-core finds no serious or critical
accessibility violation, headings are sequential, and data text is inert.

A full-page screenshot of every page is written to ``test-output/screenshots``
for a person to look at.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import SCREENSHOTS, build_html, copy_book, serve
from kzbook import vendor
from test_html_build import toc_files

# The Russian summary (built into ru/ of the same site) is checked like the English pages.
PAGES = toc_files() + ["search", "genindex", "ru/index", "ru/search"]


def visit(browser, url: str):
    """Open ``url``; return the page and what it requested and logged."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    record = {"requests": [], "console": [], "page_errors": [], "failed": []}
    page.on("request", lambda r: record["requests"].append(r.url))
    page.on("response", lambda r: record["failed"].append((r.status, r.url)) if r.status >= 400 else None)
    page.on("console", lambda m: record["console"].append((m.type, m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: record["page_errors"].append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, record


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(browser, site, name):
    page, record = visit(browser, f"{site}/{name}.html")
    try:
        host = urlparse(site).netloc
        foreign = [u for u in record["requests"]
                   if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != host]
        assert foreign == [], f"third-party requests from {name}: {foreign}"
        assert record["failed"] == [], f"{name} requested files that the site does not serve: {record['failed']}"
        assert not [u for u in record["requests"] if "fontawesome" in u or "/webfonts/" in u], \
            f"{name} loads the full Font Awesome script or fonts"
        assert record["console"] == [], f"console errors on {name}: {record['console']}"
        assert record["page_errors"] == [], f"script errors on {name}: {record['page_errors']}"
        images = page.evaluate(
            "Array.from(document.querySelectorAll('main img')).map(i => "
            "({src: i.currentSrc, width: i.naturalWidth, alt: i.getAttribute('alt') || ''}))")
        for image in images:
            assert image["width"] > 0, f"{name}: image did not load: {image['src']}"
            assert image["alt"].strip(), f"{name}: image without alt text: {image['src']}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '_')}.png"), full_page=True)
    finally:
        page.close()


def test_search_finds_a_word_from_a_chapter(browser, site):
    page, _ = visit(browser, f"{site}/search.html?q=Kazatomprom")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
        assert any("01-resources" in h for h in hits), hits
    finally:
        page.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(browser, site, name):
    page, _ = visit(browser, f"{site}/{name}.html")
    try:
        page.add_script_tag(path=str(vendor.path("axe-core", "axe.min.js")))
        result = page.evaluate("async () => await axe.run(document)")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{name}: {serious}"
        assert result["passes"], "axe ran no check at all"
    finally:
        page.close()


@pytest.mark.parametrize("name", toc_files() + ["ru/index"])
def test_headings_are_sequential(browser, site, name):
    page, _ = visit(browser, f"{site}/{name}.html")
    try:
        levels = page.evaluate(
            "Array.from(document.querySelectorAll('main article h1, main article h2, main article h3,"
            " main article h4, main article h5, main article h6')).map(h => Number(h.tagName[1]))")
    finally:
        page.close()
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert jumps == [], f"{name}: heading levels skip: {jumps}"


PAYLOAD = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>'


def test_markup_in_data_is_shown_as_text(browser, tmp_path):
    """A company name carrying markup reaches a table and a glued sentence as
    text: nothing runs, no element is created."""
    root = copy_book(tmp_path / "book")
    csv = root / "data" / "uranium_jv_ownership.csv"
    original = csv.read_text()
    assert "JV Zarechnoye" in original
    csv.write_text(original.replace("JV Zarechnoye", f"JV Zarechnoye {PAYLOAD}"))
    for other in ("uranium_jv_capacity.csv", "uranium_output_points.csv"):  # the same company, by name
        path = root / "data" / other
        path.write_text(path.read_text().replace("JV Zarechnoye", f"JV Zarechnoye {PAYLOAD}"))
    result = build_html(root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    base, server = serve(root / "_build" / "html")
    try:
        page, record = visit(browser, f"{base}/chapters/01-resources.html")
        try:
            assert page.evaluate("typeof window.__pwned") == "undefined"
            text = page.inner_text("main")
            assert text.count("<script>window.__pwned = 1</script>") >= 2, "payload not shown in table and prose"
            assert page.evaluate("document.querySelectorAll('main b').length") == 0 or \
                "bold" not in page.evaluate("Array.from(document.querySelectorAll('main b')).map(b=>b.textContent).join()")
            assert record["page_errors"] == []
        finally:
            page.close()
    finally:
        server.shutdown()


def test_favicon_ico_is_served(site):
    """Browsers request /favicon.ico at the site root; it must not be a 404."""
    import io
    from urllib.request import urlopen

    from PIL import Image

    with urlopen(f"{site}/favicon.ico") as response:
        assert response.status == 200
        image = Image.open(io.BytesIO(response.read()))
    assert image.format == "ICO" and image.size[0] >= 16


# The icons the theme shows: search, download, full screen, light/dark switch,
# the menu (primary sidebar) and the contents toggle, at desk and phone widths.
THEME_ICONS = {
    "search": ".search-button [class*='fa-'], .search-button-field [class*='fa-']",
    "download": ".dropdown-download-buttons > button [class*='fa-']",
    "full screen": ".btn-fullscreen-button [class*='fa-']",
    "light/dark switch": ".theme-switch-button .theme-switch",
    "menu": ".primary-toggle [class*='fa-']",
    "contents toggle": ".secondary-toggle [class*='fa-']",
}


def subset_cmaps(html_root):
    """The code points each subset font served by the site holds."""
    from fontTools.ttLib import TTFont

    from kzbook import icons
    return {(family, weight): set(TTFont(str(html_root / "_static" / name)).getBestCmap())
            for _, family, weight, name in icons.FONTS}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", ["chapters/01-resources", "chapters/05-claims-ledger", "ru/index"])
def test_theme_icons_render_from_the_subset_fonts(browser, site, built_book, name, width):
    """Every theme icon is drawn (a box of non-zero size, with pixels in it)
    by a glyph the subset font actually holds."""
    cmaps = subset_cmaps(built_book / "_build" / "html")
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{site}/{name}.html", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        for label, selector in THEME_ICONS.items():
            found = page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
                .filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'none')
                .map(e => { const r = e.getBoundingClientRect(), b = getComputedStyle(e, '::before');
                            return {w: r.width, h: r.height, content: b.content, family: b.fontFamily,
                                    weight: b.fontWeight, cls: e.className}; })""", selector)
            # the menu and contents buttons show only where the sidebars are folded away (a phone),
            # and the contents button only on a page with sections
            required = label not in ("menu", "contents toggle") or (
                width < 992 and (label == "menu" or name == "chapters/01-resources"))
            if not found and not required:
                continue
            assert found, f"{name} at {width} px: no visible {label} icon ({selector})"
            for icon in found:
                assert icon["w"] > 0, f"{name} at {width} px: the {label} icon ({icon['cls']}) has no width"
                char = icon["content"].strip('"')
                assert len(char) == 1, f"{name}: the {label} icon ({icon['cls']}) draws no glyph: {icon['content']}"
                family = icon["family"].strip('"')
                held = cmaps.get((family, int(icon["weight"])), set())
                assert ord(char) in held, (f"{name}: the {label} icon ({icon['cls']}) needs U+{ord(char):04X}, "
                                           f"which the subset of {family} {icon['weight']} lacks")
        # the icons are really painted: the header's buttons are not blank
        header = page.locator(".bd-header-article").first
        shot = header.screenshot()
        from io import BytesIO

        from PIL import Image
        image = Image.open(BytesIO(shot)).convert("L")
        dark = sum(1 for value in image.getdata() if value < 128)
        assert dark > 50, f"{name} at {width} px: the header's icons are not drawn ({dark} dark pixels)"
    finally:
        page.close()
