"""The HTML book on a desk (1280 px) and on a phone (390 px), in Chromium.

* No page scrolls sideways; no table caption sits inside (and is cut off by)
  its table's scrolling box.
* A column whose every cell is a number is right-aligned, read from the
  computed style.
* At phone width every figure's text renders at the least sizes the chart
  style promises (labels 9 px, source lines 8 px), computed from the sizes
  the chart helper recorded and the image's rendered width over its natural
  width.
* Every figure has alt text, a source line and a CSV to download, and opens
  full size; the figures with hover values carry one SVG title per marker.
* The ledger sorts by verdict and the register filters by company, without
  errors and without a network request.

Full-page screenshots at both widths go to ``test-output/screenshots``.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import SCREENSHOTS
from kzbook import charts
from test_html_build import toc_files

WIDTHS = {"desk": 1280, "phone": 390}
PAGES = toc_files() + ["ru/index"]  # the Russian summary, built into the same site
NUMBER = r"^(about |more than |less than |up to |nearly |at least |at most |from )?[+\-\u2212]?\d[\d,]*(\.\d+)?( ?%)?°?([\u2013-][\d,.]+)?( \(\d{4}\))?( \((list value|implied)\))?$"


def open_page(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    record = {"requests": [], "errors": []}
    page.on("request", lambda r: record["requests"].append(r.url))
    page.on("pageerror", lambda e: record["errors"].append(str(e)))
    page.on("console", lambda m: record["errors"].append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    return page, record


def figure_records(built_book) -> dict[str, dict]:
    folders = [built_book / "chapters" / "_generated" / "figures", built_book / "ru" / "_generated" / "figures"]
    return {p.stem: json.loads(p.read_text()) for folder in folders for p in folder.glob("fig-*.json")}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen_and_captions_stay_whole(browser, site, name, width):
    page, record = open_page(browser, f"{site}/{name}.html", WIDTHS[width])
    try:
        found = page.evaluate("""() => ({
          scroll: document.documentElement.scrollWidth, view: window.innerWidth,
          captionsInBoxes: document.querySelectorAll('main .pst-scrollable-table-container caption').length,
          captions: Array.from(document.querySelectorAll('main .kz-table-caption')).map(c => {
            const r = c.getBoundingClientRect();
            return {id: c.id, left: r.left, right: r.right, clipped: c.scrollWidth > c.clientWidth + 1};
          }),
          tables: document.querySelectorAll('main table').length,
          wrapped: document.querySelectorAll('main .kz-table table').length,
        })""")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name.replace('/', '_')}-{WIDTHS[width]}.png"), full_page=True)
    finally:
        page.close()
    assert found["scroll"] <= found["view"], f"{name} scrolls sideways at {width}: {found['scroll']} > {found['view']}"
    assert found["captionsInBoxes"] == 0, f"{name}: a caption is inside a scrolling box"
    assert found["wrapped"] == found["tables"], f"{name}: a table is not wrapped (kzbook.htmlpost)"
    for caption in found["captions"]:
        assert not caption["clipped"] and caption["left"] >= 0 and caption["right"] <= found["view"] + 1, caption
    assert record["errors"] == [], record["errors"]


@pytest.mark.parametrize("name", [n for n in PAGES if "bibliography" not in n])
def test_number_columns_are_right_aligned(browser, site, name):
    page, _ = open_page(browser, f"{site}/{name}.html", WIDTHS["desk"])
    try:
        columns = page.evaluate("""(pattern) => {
          const number = new RegExp(pattern);
          const out = [];
          document.querySelectorAll('main table').forEach(table => {
            const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []);
            if (!rows.length) return;
            for (let c = 1; c < rows[0].cells.length; c++) {
              const cells = rows.map(r => r.cells[c]).filter(td => td);
              const texts = cells.map(td => td.textContent.trim().replace(/\\u00a0/g, ' '));
              const filled = texts.filter(t => t && !['–', '-', 'not stated', 'not available', 'not found'].includes(t));
              if (!filled.length || !filled.every(t => number.test(t))) continue;
              out.push({table: table.id, column: c, header: table.tHead.rows[0].cells[c].textContent.trim(),
                        aligns: [...new Set(cells.map(td => getComputedStyle(td).textAlign))]});
            }
          });
          return out;
        }""", NUMBER)
    finally:
        page.close()
    wrong = [c for c in columns if c["aligns"] != ["right"]]
    assert wrong == [], f"{name}: number columns not right-aligned: {wrong}"


@pytest.mark.parametrize("name", [n for n in PAGES if re.search(r"/0[0-5]-", n) or n.startswith("ru/")])
def test_figures_are_legible_on_a_phone(browser, site, built_book, name):
    records = figure_records(built_book)
    page, _ = open_page(browser, f"{site}/{name}.html", WIDTHS["phone"])
    try:
        figures = page.evaluate("""() => Array.from(document.querySelectorAll('main figure[id^="fig-"]')).map(f => {
          const image = f.querySelector('img, svg.kz-figure-svg');
          const natural = image.tagName === 'IMG' ? image.naturalWidth : image.width.baseVal.value;
          const link = f.querySelector('a.kz-figure-open');
          let next = f.closest('.cell') ? f.closest('.cell').nextElementSibling : null;
          return {id: f.id, rendered: image.getBoundingClientRect().width, natural: natural,
                  alt: image.getAttribute('alt') || image.getAttribute('aria-label') || '',
                  opens: link ? link.getAttribute('href') : null,
                  csv: next ? Array.from(next.querySelectorAll('a.download')).map(a => a.getAttribute('href')) : [],
                  titles: f.querySelectorAll('svg.kz-figure-svg g.kz-hover > title').length};
        })""")
    finally:
        page.close()
    for figure in figures:
        record = records[figure["id"]]
        scale = figure["rendered"] / figure["natural"]
        for text in record["texts"]:
            least = charts.MIN_SOURCE_PX if text["role"] == "source" else charts.MIN_LABEL_PX
            size = charts.rendered_px(text["size_pt"], figure["rendered"], figure["natural"])
            assert size >= least, (f"{figure['id']}: '{text['text']}' renders at {size:.1f} px "
                                   f"(< {least}) at phone width (scale {scale:.2f})")
        assert len(figure["alt"].split()) >= 10, f"{figure['id']}: alt text missing or thin"
        assert any(t["role"] == "source" and t["text"].startswith(("Source", "Источник")) for t in record["texts"]), \
            f"{figure['id']}: no source line"
        assert any(h.endswith(f"{figure['id']}.csv") for h in figure["csv"]), f"{figure['id']}: no CSV download"
        assert figure["opens"] and figure["opens"].endswith(".svg"), f"{figure['id']}: does not open full size"
        assert figure["titles"] == sum(len(t) for t in record["hover"].values()), \
            f"{figure['id']}: {figure['titles']} hover titles, recorded {record['hover'].keys()}"


def test_ledger_sorts_by_verdict_and_register_filters_by_company(browser, site):
    page, record = open_page(browser, f"{site}/chapters/05-claims-ledger.html", WIDTHS["desk"])
    try:
        before = len(record["requests"])
        header = page.locator("#tbl-ch05-ledger thead th", has_text="Verdict")
        header.click()
        verdicts = page.eval_on_selector_all(
            "#tbl-ch05-ledger tbody tr", "rows => rows.map(r => r.cells[2].textContent.trim().toLowerCase())")
        assert verdicts == sorted(verdicts) and len(set(verdicts)) > 1, verdicts
        assert header.get_attribute("aria-sort") == "ascending"
        header.click()
        again = page.eval_on_selector_all(
            "#tbl-ch05-ledger tbody tr", "rows => rows.map(r => r.cells[2].textContent.trim().toLowerCase())")
        assert again == sorted(verdicts, reverse=True)
        # sorting and filtering load nothing (the browser may still fetch the favicon late)
        assert [r for r in record["requests"][before:] if "favicon" not in r] == [], record["requests"][before:]
        assert record["errors"] == []
    finally:
        page.close()

    page, record = open_page(browser, f"{site}/chapters/02-industrial-projects.html", WIDTHS["phone"])
    try:
        before = len(record["requests"])
        rows = page.locator("#tbl-ch02-register tbody tr")
        total = rows.count()
        page.fill("input.kz-filter", "Boeing")
        shown = page.eval_on_selector_all(
            "#tbl-ch02-register tbody tr:not([hidden])", "rows => rows.map(r => r.cells[1].textContent)")
        assert 0 < len(shown) < total and all("Boeing" in company for company in shown), shown
        assert page.inner_text(".kz-filter-count") == f"{len(shown)} of {total} rows"
        page.fill("input.kz-filter", "")
        assert page.locator("#tbl-ch02-register tbody tr:not([hidden])").count() == total
        page.select_option("select.kz-sort", label="US company")
        companies = page.eval_on_selector_all("#tbl-ch02-register tbody tr",
                                              "rows => rows.map(r => r.cells[1].textContent.trim().toLowerCase())")
        assert companies == sorted(companies)
        # sorting and filtering load nothing (the browser may still fetch the favicon late)
        assert [r for r in record["requests"][before:] if "favicon" not in r] == [], record["requests"][before:]
        assert record["errors"] == []
    finally:
        page.close()
