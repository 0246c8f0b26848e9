"""Repository and launch buttons from one URL, the PDF link and sharing
metadata on every page (kzbook/publish.py)."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, build_html, reader_pages
from kzbook import publish

PLACEHOLDERS = ("executablebooks/jupyter-book", "binder-examples", "jupyter-stacks-datascience")


def pages(root):
    return reader_pages(root / "_build" / "html")


def test_buttons_follow_the_repository_url():
    off = publish.theme_options({"repository_url": "", "launch_buttons": {"notebook_interface": "classic"}})
    assert (off["use_repository_button"], off["use_issues_button"], off["launch_buttons"]["binderhub_url"]) == \
        (False, False, "")
    assert off["launch_buttons"]["notebook_interface"] == "classic"
    # Jupyter Book's default URL is its own repository: a placeholder, treated as empty
    assert publish.theme_options({"repository_url": publish.JB_DEFAULT_REPOSITORY})["repository_url"] == ""
    on = publish.theme_options({"repository_url": "https://github.com/owner/book/"})
    assert on["repository_url"] == "https://github.com/owner/book"
    assert on["use_repository_button"] and on["use_issues_button"]
    assert on["launch_buttons"]["binderhub_url"] == publish.BINDER_URL
    with pytest.raises(publish.PublishError, match="repository.url"):
        publish.theme_options({"repository_url": "owner/book"})


def test_site_address_comes_from_the_repository_or_baseurl():
    assert publish.site_url("https://github.com/owner/book") == "https://owner.github.io/book/"
    assert publish.site_url("https://github.com/owner/book", "https://example.org/kz") == "https://example.org/kz/"
    assert publish.site_url("") == ""


def test_the_repository_url_is_set_in_one_place():
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    assert "url" in config["repository"]
    assert not {"use_repository_button", "use_issues_button"} & set(config.get("html") or {})
    ru = yaml.safe_load((REPO / "ru" / "_config.yml").read_text())
    assert "repository" not in ru and not {"use_repository_button", "use_issues_button"} & set(ru.get("html") or {})


def test_every_page_links_the_pdf_and_carries_sharing_metadata(built_book):
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    pdf = config["latex"]["latex_documents"]["targetname"].replace(".tex", ".pdf")
    for path in pages(built_book):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        name = path.relative_to(built_book / "_build" / "html")
        expected = "kratkoe-izlozhenie-ru.pdf" if name.parts[0] == "ru" else pdf
        links = [a["href"] for a in soup.select("a[href$='.pdf']")]
        assert any(href.endswith(expected) for href in links), f"{name}: no link to {expected}"
        assert not soup.select("button[onclick*='window.print']"), f"{name}: 'Print to PDF' is still offered"
        meta = {m.get("property"): m.get("content") for m in soup.select("meta[property^='og:']")}
        for tag in ("og:title", "og:description", "og:image", "og:site_name"):
            assert meta.get(tag), f"{name}: no {tag}"
        image = (path.parent / meta["og:image"]).resolve()
        assert image.is_file(), f"{name}: og:image {meta['og:image']} does not exist"
        title = yaml.safe_load((REPO / "ru" / "_config.yml").read_text())["title"] if name.parts[0] == "ru" \
            else config["title"]
        assert meta["og:site_name"] == title


def test_no_page_points_at_a_placeholder_when_no_repository_is_set(built_book):
    for path in pages(built_book):
        text = path.read_text(encoding="utf-8")
        found = [p for p in PLACEHOLDERS if p in text]
        assert not found, f"{path.name}: points at a placeholder: {found}"
        soup = BeautifulSoup(text, "html.parser")
        assert not soup.select("a[href*='github.com'].btn, .dropdown-launch-buttons, a[href*='mybinder']"), \
            f"{path.name}: repository or launch button without a repository"


def test_with_a_repository_url_the_buttons_appear(built_book, tmp_path):
    """The same book with repository.url set: repository, issue and Binder
    launch buttons on a chapter; sharing metadata absolute, on GitHub Pages."""
    root = tmp_path / "book"
    shutil.copytree(built_book, root, symlinks=True,
                    ignore=shutil.ignore_patterns("html", "latex"))  # keeps the execution cache and records
    config = root / "_config.yml"
    text = config.read_text()
    text, count = re.subn(r'(repository:\n  url: )""', r'\1"https://github.com/owner/kz-book"', text)
    assert count == 1
    config.write_text(text)
    result = build_html(root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    soup = BeautifulSoup((root / "_build" / "html" / "chapters" / "01-resources.html").read_text(), "html.parser")
    hrefs = [a.get("href", "") for a in soup.select("a")]
    assert "https://github.com/owner/kz-book" in hrefs
    assert any(h.startswith("https://github.com/owner/kz-book/issues") for h in hrefs)
    assert any(h.startswith("https://mybinder.org/v2/gh/owner/kz-book/main") for h in hrefs)
    image = soup.select_one("meta[property='og:image']")["content"]
    assert image == "https://owner.github.io/kz-book/_static/kzbook-preview.png"
