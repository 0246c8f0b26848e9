"""The citable PDF: built with XeLaTeX from the same copy of the book as the
HTML tests, then read back as text (poppler's pdftotext) and checked."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, require_tool
from pdf_checks import caption_labels, leaks
from test_html_build import toc_files


@pytest.fixture(scope="module")
def pdf_text(built_pdf) -> str:
    require_tool("pdftotext")
    out = subprocess.run(["pdftotext", "-layout", str(built_pdf), "-"],
                         capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def pdf_plain(built_pdf) -> str:
    """Text without layout: captions start lines, words are not padded."""
    out = subprocess.run(["pdftotext", str(built_pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def chapter_title(name: str) -> str:
    for line in (REPO / f"{name}.md").read_text().splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{name} has no title")


def squash(text: str) -> str:
    """Lower case, one space, straight quotes (LaTeX prints typographic ones)."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).lower()


def test_pdf_has_pages_and_a_title_page_with_version_and_date(built_pdf, pdf_plain):
    config = yaml.safe_load((REPO / "_config.yml").read_text())["sphinx"]["config"]
    first_page = pdf_plain.split("\f")[0]
    assert pdf_plain.count("\f") >= 20, "the PDF is suspiciously short"
    assert config["release"] in first_page and config["today"] in first_page


@pytest.mark.parametrize("name", toc_files()[1:])
def test_every_chapter_title_is_in_the_pdf(pdf_plain, name):
    title = chapter_title(name)
    assert squash(title) in squash(pdf_plain), f"chapter title {title!r} not in the PDF"


def test_pdf_has_every_figure_and_table_of_the_html(built_book, pdf_plain):
    html_figures = html_tables = 0
    for name in toc_files():
        soup = BeautifulSoup((built_book / "_build" / "html" / f"{name}.html").read_text(), "html.parser")
        main = soup.find("main")
        html_figures += len(main.select("figure figcaption"))
        html_tables += len(main.select(".kz-table-caption"))  # moved out of the table (kzbook.htmlpost)
    labels = caption_labels(pdf_plain)
    assert html_figures > 0 and html_tables > 0
    assert len(labels["Fig."]) == html_figures, (labels["Fig."], html_figures)
    assert len(labels["Table"]) == html_tables, (labels["Table"], html_tables)


def test_pdf_has_no_web_only_labels_or_references_to_code_cells(pdf_plain):
    text = squash(pdf_plain)
    assert "download the data" not in text, "a web-only download label is in the PDF"
    assert "cell below" not in text and "cell above" not in text, "the PDF refers to a code cell it leaves out"
    assert "jr. huntington" not in text, "a name suffix parsed as a first name (BibTeX: Last, Jr., First)"


def test_pdf_text_has_no_leaks(pdf_plain):
    assert leaks(pdf_plain) == []


def test_pdf_bibliography_lists_every_reference(pdf_plain):
    """The bibliography page uses :all:, so every BibTeX entry is printed once."""
    from pybtex.database import parse_file

    from kzbook import bibstyle
    labels = bibstyle.labels(parse_file(str(REPO / "references.bib")).entries.values())
    text = re.sub(r"\s+", " ", pdf_plain)
    missing = [label for label in labels if f"[{label}]" not in text]
    assert not missing, f"{len(missing)} of {len(labels)} bibliography labels are not in the PDF: {missing[:5]}"
    assert "World Nuclear Association" in pdf_plain


def test_latex_log_has_no_missing_glyphs_or_undefined_references(built_pdf):
    log = (built_pdf.with_suffix(".log")).read_text(errors="replace")
    assert "Missing character" not in log, "a character is not covered by the fonts"
    assert not re.search(r"(Reference|Citation) .* undefined", log)


def test_pdf_fonts_are_embedded(built_pdf):
    require_tool("pdffonts")
    out = subprocess.run(["pdffonts", str(built_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), out


def _caption_key(text: str) -> str:
    """The first letters of a caption, for matching it across formats."""
    return re.sub(r"[^a-z]", "", squash(text))[:24]


def test_pdf_numbers_figures_and_tables_as_the_html(built_book, pdf_plain):
    """A citation of 'Fig. 1.1' or 'Table 3' means the same item in both formats."""
    html = {}
    for name in toc_files():
        soup = BeautifulSoup((built_book / "_build" / "html" / f"{name}.html").read_text(encoding="utf-8"),
                             "html.parser")
        for number in soup.select("main .caption-number"):
            kind, value = number.get_text(" ", strip=True).split(" ", 1)
            text = number.find_next_sibling(class_="caption-text")
            html[(kind, value.strip())] = _caption_key(text.get_text(" ") if text else "")
    pdf = {}
    for m in re.finditer(r"^(Fig\.|Table) (\d+(?:\.\d+)*): (.{0,80})", pdf_plain, re.M):
        pdf.setdefault((m[1], m[2]), _caption_key(m[3]))
    assert len(html) >= 40, len(html)
    wrong = [f"{kind} {value}: HTML '{key}', PDF '{pdf.get((kind, value))}'"
             for (kind, value), key in html.items() if pdf.get((kind, value)) != key]
    assert not wrong, "\n".join(wrong[:15])


def pdf_objects_text(path) -> bytes:
    """The PDF's bytes with every compressed stream inflated (object streams included)."""
    import zlib
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(parts)


def test_pdf_declares_its_language(built_pdf):
    """Screen readers take the language from the catalog's /Lang (set by hyperref's pdflang)."""
    assert re.search(rb"/Lang\s*\(en\)", pdf_objects_text(built_pdf)), "the PDF does not declare /Lang (en)"
