"""The HTML book builds with warnings as errors and shows no errors.

One fresh build of a copy of the book (the ``built_book`` fixture) serves
every test here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO

GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|any))?\}`([A-Za-z0-9_]+)")
GLUE_TEXT_ROLE = re.compile(r"\{glue:text\}`([A-Za-z0-9_]+)")


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def page(built_book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / "_build" / "html" / f"{name}.html").read_text(), "html.parser")


def test_every_toc_entry_has_a_page(built_book):
    for name in toc_files():
        assert (built_book / "_build" / "html" / f"{name}.html").exists(), name


@pytest.mark.parametrize("name", toc_files())
def test_page_has_no_traceback_or_error_output(built_book, name):
    soup = page(built_book, name)
    main = soup.find("main") or soup
    assert not main.select(".output.error, .output.traceback, .problematic, .system-message")
    text = main.get_text(" ")
    for marker in ("Traceback (most recent call last)", "Error:", "<pandas", "Figure size",
                   "<IPython", "object at 0x", "np.float64(", "<Figure"):
        assert marker not in text, f"{name}: '{marker}' on the page"


def test_every_glue_reference_resolves(built_book):
    """Each key a chapter's prose cites is glued by that chapter's code."""
    executed = built_book / "_build" / "jupyter_execute" / "chapters"
    for source in sorted((REPO / "chapters").glob("*.md")):
        cited = set(GLUE_ROLE.findall(source.read_text()))
        if not cited:
            continue
        # myst-nb keeps each executed page's glued values beside its notebook
        store = executed / f"{source.stem}.glue.json"
        values = json.loads(store.read_text()) if store.exists() else {}
        assert cited <= set(values), f"{source.name}: not glued: {sorted(cited - set(values))}"
        # {glue:text} shows text/plain: it must be a number, not a Markdown object
        for key in GLUE_TEXT_ROLE.findall(source.read_text()):
            assert "text/markdown" not in values[key]["data"], f"{source.name}: use glue:md for '{key}'"
        text = page(built_book, f"chapters/{source.stem}").get_text()
        assert "{glue" not in text


def test_figures_have_caption_alt_text_and_data_download(built_book):
    soup = page(built_book, "chapters/01-resources")
    figures = soup.select("figure")
    assert figures, "the resources chapter has no figure"
    for figure in figures:
        img = figure.find("img") or figure.find("svg", class_="kz-figure-svg")  # inlined when it has hover values
        assert img is not None, f"{figure.get('id')}: no image"
        alt = img.get("alt") or img.get("aria-label") or ""
        assert len(alt.split()) >= 10, "alt text missing or thin"
        assert figure.find("figcaption").get_text(strip=True)
    downloads = [a["href"] for a in soup.select("a.download")]
    assert any(h.endswith("fig-ch01-uranium-production.csv") for h in downloads)
    for href in downloads:
        assert (built_book / "_build" / "html" / "chapters" / href).exists(), href


def test_resources_chapter_shows_the_uranium_table(built_book):
    soup = page(built_book, "chapters/01-resources")
    table = soup.find(id="tbl-ch01-uranium-production")
    assert table is not None and table.name == "table"
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header[:2] == ["Year", "Kazakhstan"]
    assert len(table.select("tbody tr")) >= 10


def test_bibliography_lists_every_cited_key(built_book):
    text = page(built_book, "chapters/09-bibliography").get_text()
    assert "World Uranium Mining Production" in text


@pytest.mark.parametrize("name", [n for n in toc_files() if "bibliography" not in n
                                  and "kernelspec:" in (REPO / f"{n}.md").read_text()])  # notebooks only
def test_chapter_offers_its_notebook_for_download(built_book, name):
    soup = page(built_book, name)
    links = [a.get("href", "") for a in soup.select("a")]
    wanted = f"_sources/{name}.ipynb"
    assert any(h.endswith(wanted) for h in links), f"{name}: no .ipynb download"
    notebook = built_book / "_build" / "html" / wanted
    assert notebook.exists() and json.loads(notebook.read_text())["cells"], notebook
