"""Only the icons the pages use.

The theme (pydata-sphinx-theme) loads Font Awesome twice over: a 1.5 MB script
that turns every ``<i class="fa-…">`` into inline SVG, and the full web fonts
(0.16 MB for the solid style alone) for the icons its stylesheet draws with
``content:`` (download links, GitHub links, the contents caret…). The book
uses a few dozen glyphs. So:

* the script is left out of every page, through the theme's own template
  macros (``_templates/static/webpack-macros.html`` imports the theme's
  macros with Sphinx's ``!`` prefix and filters the one ``<script>`` out with
  :func:`without_fontawesome_script`); the icons then render with the web
  font, through the theme's own CSS rules, as Font Awesome's "web fonts"
  method does;
* at the end of the build, :func:`write_subsets` subsets each Font Awesome
  font (with fontTools) to the glyphs the built pages can show: every
  ``fa-<name>`` class in the written HTML and in the theme's scripts, and
  every icon character the theme's stylesheets use outside the per-icon
  rules (``--pst-icon-…`` variables, the contents caret). The subsets are
  ``_static/kzbook-fa-*.woff``, declared in ``_static/kzbook-icons.css``,
  which every page loads after the theme's stylesheet, so its ``@font-face``
  rules win and the full fonts are never requested.

Font Awesome Free is licensed CC BY 4.0 (icons) and SIL OFL 1.1 (fonts); the
subsets keep the fonts' licence and name tables.
"""

from __future__ import annotations

import re
from pathlib import Path

CSS_NAME = "kzbook-icons.css"
# (font file in the theme's vendor folder, CSS family, weight, subset name)
FONTS = [
    ("fa-solid-900.ttf", "Font Awesome 6 Free", 900, "kzbook-fa-solid-900.woff"),
    ("fa-regular-400.ttf", "Font Awesome 6 Free", 400, "kzbook-fa-regular-400.woff"),
    ("fa-brands-400.ttf", "Font Awesome 6 Brands", 400, "kzbook-fa-brands-400.woff"),
]
WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
THEME_CSS = ("_static/styles/pydata-sphinx-theme.css", "_static/styles/sphinx-book-theme.css")
THEME_JS = ("_static/scripts/pydata-sphinx-theme.js", "_static/scripts/sphinx-book-theme.js")
# modifiers and style classes, not icons
NOT_ICONS = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-fw",
             "fa-spin", "fa-pulse", "fa-border", "fa-inverse", "fa-stack", "fa-li", "fa-ul"}

_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"\\([0-9a-f]{4,5})"\}')
_SCRIPT = re.compile(r'\s*<script[^>]*_static/scripts/fontawesome\.js[^>]*></script>')
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
STYLES = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands"}  # a class list with one is an icon
_JS_ICON = re.compile(r'\bfa-[a-z0-9-]+')
PRIVATE_USE = range(0xE000, 0xF900)


class IconError(RuntimeError):
    pass


def without_fontawesome_script(html: str) -> str:
    """The theme's head macro without Font Awesome's script (the Jinja filter
    ``kz_without_fontawesome``); refuses to pass output it does not recognise,
    so a theme update that moves the script is noticed."""
    cleaned, count = _SCRIPT.subn("", str(html))
    if count != 1:
        raise IconError(f"expected one Font Awesome <script> in the theme's head macro, found {count}")
    return cleaned


def icon_codepoints(css: str) -> dict[str, int]:
    """``fa-<name>`` → code point, from the per-icon rules of Font Awesome's CSS."""
    names: dict[str, int] = {}
    for selectors, code in _ICON_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            names[name] = int(code, 16)
    return names


def css_glyphs(css: str) -> set[int]:
    """Icon characters the stylesheet uses outside the per-icon rules (written
    as escapes or as the characters themselves)."""
    rest = _ICON_RULE.sub("", css)
    found = {int(code, 16) for code in re.findall(r'\\([0-9a-f]{4,5})(?![0-9a-f])', rest)}
    found |= {ord(ch) for ch in rest if ord(ch) in PRIVATE_USE}
    return {code for code in found if code in PRIVATE_USE}


def referenced_names(texts) -> set[str]:
    """``fa-<name>`` classes in HTML class attributes, or in scripts."""
    names: set[str] = set()
    for text in texts:
        for attr in _CLASS_ATTR.findall(text):
            classes = attr.split()
            if STYLES & set(classes):
                names |= {c for c in classes if c.startswith("fa-")}
    return names - NOT_ICONS


def glyphs_for(outdir: Path) -> tuple[set[int], set[str]]:
    """The code points the built site can show, and the icon names it uses."""
    css = "\n".join((outdir / name).read_text(encoding="utf-8") for name in THEME_CSS if (outdir / name).exists())
    table = icon_codepoints(css)
    names = referenced_names(page.read_text(encoding="utf-8") for page in outdir.rglob("*.html"))
    for name in THEME_JS:
        if (outdir / name).exists():
            names |= set(_JS_ICON.findall((outdir / name).read_text(encoding="utf-8"))) - NOT_ICONS
    unknown = sorted(n for n in names if n not in table)
    if unknown:
        raise IconError(f"{outdir}: icon classes with no Font Awesome glyph: {', '.join(unknown)}")
    return {table[n] for n in names if n in table} | css_glyphs(css), names


def subset(font_path: Path, codepoints: set[int], target: Path) -> int:
    """Write the glyphs of ``codepoints`` that ``font_path`` has as a WOFF file;
    return how many it holds."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path))
    present = set(font.getBestCmap()) & codepoints
    options = ftsubset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the licence and copyright
    options.notdef_outline = True
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=sorted(present))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff"
    font.save(str(target))
    return len(present)


def font_face_css(written: list[tuple[str, int, str]]) -> str:
    rules = [f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};font-display:block;'
             f'src:url({name}) format("woff")}}' for family, weight, name in written]
    return ("/* Font Awesome Free, subset to the icons this site uses (kzbook/icons.py); "
            "CC BY 4.0 icons, SIL OFL 1.1 fonts. */\n" + "\n".join(rules) + "\n")


def write_subsets(outdir: Path) -> dict[str, int]:
    """Subset the fonts into ``outdir/_static`` and write the stylesheet; return
    the number of glyphs in each subset."""
    outdir = Path(outdir)
    codepoints, names = glyphs_for(outdir)
    counts, written = {}, []
    for source, family, weight, name in FONTS:
        path = outdir / WEBFONTS / source
        if not path.exists():
            raise IconError(f"{path}: the theme's Font Awesome font is missing")
        counts[name] = subset(path, codepoints, outdir / "_static" / name)
        written.append((family, weight, name))
    (outdir / "_static" / CSS_NAME).write_text(font_face_css(written), encoding="utf-8")
    theme_css = outdir / THEME_CSS[0]
    theme_css.write_text(strip_unused_icon_rules(theme_css.read_text(encoding="utf-8"), names), encoding="utf-8")
    return counts


_SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                             r'searchindex\.js)"></script>')


def without_search_scripts(html: str, pagename: str) -> str:
    """The theme loads Sphinx's search tools and the whole search index (0.15 MB)
    on every page, for search as you type, which is off: the search box opens
    the search page, which loads them itself."""
    if pagename == "search":
        return str(html)
    cleaned, count = _SEARCH_SCRIPTS.subn("", str(html))
    if count != 3:
        raise IconError(f"{pagename}: expected the theme's three search scripts in its head, found {count}")
    return cleaned


def strip_unused_icon_rules(css: str, used: set[str]) -> str:
    """The theme's stylesheet without the per-icon rules of icons no page uses
    (the stylesheet carries Font Awesome's rules for every icon it has)."""
    def keep(match: re.Match) -> str:
        names = re.findall(r"\.(fa-[a-z0-9-]+):", match.group(1))
        return match.group(0) if used & set(names) else ""
    return _ICON_RULE.sub(keep, css)


def _register_filter(app) -> None:
    if app.builder.format == "html":
        filters = app.builder.templates.environment.filters
        filters["kz_without_fontawesome"] = without_fontawesome_script
        filters["kz_without_search_scripts"] = without_search_scripts


def _write(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        write_subsets(Path(app.outdir))


def _add_templates(app, config) -> None:
    templates = str(Path(__file__).parent / "templates")
    if templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]


def setup(app) -> None:
    app.connect("config-inited", _add_templates)
    app.add_css_file(CSS_NAME, priority=900)  # after the theme's stylesheet: its @font-face rules win
    app.connect("builder-inited", _register_filter)
    app.connect("build-finished", _write)
