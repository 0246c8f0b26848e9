"""Font Awesome without its script, with fonts subset to the icons used (kzbook/icons.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest
from fontTools.ttLib import TTFont

from kzbook import icons

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def site(tmp_path, html: str) -> Path:
    """A built site in miniature: the theme's stylesheet and fonts, and one page."""
    out = tmp_path / "html"
    (out / "_static" / "styles").mkdir(parents=True)
    shutil.copy2(THEME_STATIC / "styles" / "pydata-sphinx-theme.css", out / "_static" / "styles")
    shutil.copytree(THEME_STATIC / "vendor" / "fontawesome" / "webfonts", out / icons.WEBFONTS)
    (out / "index.html").write_text(html, encoding="utf-8")
    return out


def cmap(path: Path) -> set[int]:
    return set(TTFont(str(path)).getBestCmap())


def test_the_subsets_hold_the_icons_a_page_uses_and_not_the_rest(tmp_path):
    out = site(tmp_path, '<i class="fa-solid fa-bars fa-lg"></i><span class="fab fa-github"></span>')
    counts = icons.write_subsets(out)
    solid = cmap(out / "_static" / "kzbook-fa-solid-900.woff")
    brands = cmap(out / "_static" / "kzbook-fa-brands-400.woff")
    assert 0xF0C9 in solid                      # fa-bars, used by the page
    assert 0xF019 in solid                      # download: the stylesheet's --pst-icon-download
    assert 0xF09B in brands                     # fa-github
    assert 0xF1E3 not in solid | brands         # fa-futbol: neither used nor in the stylesheet
    full = cmap(out / icons.WEBFONTS / "fa-solid-900.ttf")
    assert counts["kzbook-fa-solid-900.woff"] < len(full) / 20
    css = (out / "_static" / icons.CSS_NAME).read_text()
    assert css.count("@font-face") == 3 and "kzbook-fa-solid-900.woff" in css


def test_an_unknown_icon_class_stops_the_build(tmp_path):
    out = site(tmp_path, '<i class="fa-solid fa-no-such-icon"></i>')
    with pytest.raises(icons.IconError, match="fa-no-such-icon"):
        icons.write_subsets(out)


def test_modifier_classes_are_not_icons():
    assert icons.referenced_names(['<i class="theme-switch fa-solid fa-sun   fa-lg" data-mode="light"></i>',
                                   '<a class="fa-as-his-successor" href="#fa-x">']) == {"fa-sun"}


def test_the_script_filter_removes_exactly_one_script():
    head = ('<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
            '<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />')
    assert "fontawesome" not in icons.without_fontawesome_script(head)
    assert "bootstrap.js" in icons.without_fontawesome_script(head)
    with pytest.raises(icons.IconError, match="found 0"):
        icons.without_fontawesome_script('<link rel="preload" href="bootstrap.js" />')
