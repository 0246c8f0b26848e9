"""A small Sphinx extension for the book's HTML.

* Thebe (live code in the page) is off in ``_config.yml``, but Jupyter Book
  loads ``sphinx_thebe`` anyway, which declares its script constants twice (a
  script error in every page) and points at a CDN. Its assets are removed from
  every page, so pages make no third-party request. MathJax, which Sphinx
  loads from a CDN on pages it thinks need it, goes too: the book has no
  mathematics (MyST's dollar-math syntax is off, so "$160 million" is text).
* Each chapter's download menu offers its executed notebook (.ipynb), copied
  next to the page sources.
* The claims ledger, the introduction, the corrections and the
  reproducibility appendix collect what the chapters record (the verdicts,
  see :mod:`kzbook.ledger`, and the provenance of every figure and table, see
  :mod:`kzbook.provenance`): they are read after the chapters, and executed
  again only when those records change (see ``COLLECTORS`` below).
* After each chapter is read, its execution record (how it ran, whether it
  succeeded, its run time) is written to ``chapters/_generated/execution/``
  for the reproducibility appendix, with the build's start time and builder
  passed to its kernel in the environment (:mod:`kzbook.buildinfo`).
* Tables and figures are made to work on every screen (:mod:`kzbook.htmlpost`):
  captions outside the scrolling box, cards on phones, figures that open full
  size, hover values on the figures that record them. ``_static/kzbook.js``
  adds a scrolling cue, and sorting (Tablesort, pinned in :mod:`kzbook.vendor`)
  and filtering to the tables marked for it; it is loaded by every page, the
  sorting script only by pages with a sortable table.
* Four accessibility faults of the pinned themes are repaired in the written
  pages (axe-core flags them as serious or critical; tests/test_browser.py
  runs axe on every page): the search buttons' ``aria-label`` hides their
  visible text "Search Ctrl+K"; the colour-mode button's icons carry titles
  that are not part of its name; MyST-NB's "Show code cell source" toggles
  are labelled "Toggle hidden content"; the bibliography's ``role="list"`` holds
  links rather than list items.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

# (pattern, replacement) applied to every HTML page after it is written.
A11Y_REPAIRS = [
    (re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="[^"]*"'),
     r"\1"),  # "Search", or «Поиск» in the Russian summary
    (re.compile(r'(<i class="theme-switch fa-solid [^"]*" data-mode="[a-z]+") +title="[^"]*"'),
     r'\1 aria-hidden="true"'),
    (re.compile(r'<div role="list" class="citation-list">'), '<div class="citation-list">'),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
]


def _is_cdn_asset(asset: Any) -> bool:
    """Thebe's assets, and MathJax's (loaded from a CDN; the book has no mathematics)."""
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", {}) or {}).get("body", "") or ""
    return ("thebe" in filename.lower() or "THEBE_JS_URL" in body
            or "mathjax" in filename.lower() or "window.MathJax" in body)


def _drop_assets(context, unwanted) -> None:
    """Leave out of the page the scripts and stylesheets for which ``unwanted(asset)`` holds."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not unwanted(asset)]


def _drop_cdn_assets(app, pagename, templatename, context, doctree) -> None:
    _drop_assets(context, _is_cdn_asset)


# sphinx-design (loaded by Jupyter Book on every page) draws cards, tabs and
# grids; a page that uses none of them does not need its 62 KB.
DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")
_DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')


def _drop_unused_design_assets(app, pagename, templatename, context, doctree) -> None:
    if _DESIGN_CLASS.search(context.get("body") or ""):
        return
    _drop_assets(context, lambda asset: str(getattr(asset, "filename", asset)).split("?")[0].endswith(DESIGN_ASSETS))


def repair_accessibility(html: str) -> str:
    for pattern, replacement in A11Y_REPAIRS:
        html = pattern.sub(replacement, html)
    return html


def _repair_pages(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from kzbook import htmlpost

    # the English book keeps its figure records under chapters/, the Russian summary under _generated/
    generated = Path(app.srcdir) / "chapters" / "_generated"
    if not generated.exists():
        generated = Path(app.srcdir) / "_generated"
    records = htmlpost.figure_records(generated / "figures")
    # only the pages this build wrote: the others were repaired when they were written
    started = float(os.environ.get("KZBOOK_BUILD_STARTED", "0"))
    for page in Path(app.outdir).rglob("*.html"):
        if page.stat().st_mtime < started:
            continue
        text = page.read_text(encoding="utf-8")
        repaired = htmlpost.process(repair_accessibility(text), page, records)
        if repaired != text:
            page.write_text(repaired, encoding="utf-8")


# Pages that collect what the chapters computed (the claims ledger, the
# introduction's key findings drawn from it, the corrections and the
# reproducibility appendix): read after every chapter, and executed again only
# when what the chapters recorded (chapters/_generated/) has changed. A digest of
# those records is written into the collectors' first code cell as a comment
# when they are read, so the execution cache (which keys on the code) reuses
# their outputs exactly as long as the records are the same: a rebuild with no
# change executes nothing.
COLLECTORS = ("chapters/05-claims-ledger", "chapters/00-introduction", "chapters/08-corrections",
              "chapters/07-reproducibility")
_COLLECTOR_KEYS = ("ch00", "ch05", "ch07", "ch08")  # their own glue keys, figure and table labels
_FIRST_CELL = re.compile(r"(```\{code-cell\}[^\n]*\n(?:[ \t]*:[^\n]*\n)*\n?)")
DIGEST_COMMENT = "# records digest (kzbook.sphinxext, re-executes this page when the chapters' records change): "


def _collectors(app) -> tuple[str, ...]:
    """This book's collector pages (the Russian summary's configuration names its one page)."""
    return tuple(app.config.kzbook_collectors)


def _written_by_a_collector(relative: Path, collectors) -> bool:
    if relative.parts[0] == "execution":
        return any(relative.stem == Path(name).name for name in collectors)
    keys = [f"ch{m[1]}" for name in collectors if (m := re.match(r"chapters/(\d\d)-", name))]
    return bool(keys) and bool(re.search(r"(?:^|[-_])(" + "|".join(keys) + r")(?:[-_.]|$)", relative.name))


def records_digest(collectors=COLLECTORS) -> str:
    """A digest of every record the chapters wrote (``chapters/_generated/`` of
    the English book, which the Russian summary reads too), not counting what
    the collectors write themselves, so that reading them does not change it;
    and of ``data/`` and ``kzbook/`` (the cache guard's fingerprint)."""
    import hashlib

    from kzbook import cache_guard, paths

    folder = paths.book_root() / "chapters" / "_generated"
    digest = hashlib.sha256(cache_guard.fingerprint().encode())
    if folder.exists():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder)
            if not _written_by_a_collector(relative, collectors):
                digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def with_digest(source: str, digest: str) -> str:
    """The page's source with the digest as the first line of its first code cell."""
    match = _FIRST_CELL.search(source)
    if match is None:
        raise ValueError("a collector page has no code cell to carry the records digest")
    return source[:match.end()] + DIGEST_COMMENT + digest + "\n" + source[match.end():]


def _read_collectors_last(app, env, docnames) -> None:
    for name in _collectors(app):
        if name in docnames:
            docnames.remove(name)
            docnames.append(name)


def _collectors_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read the collectors when another page is read (it may execute and
    record something new) or the records differ from those they last read."""
    collectors = _collectors(app)
    others = (added | changed | removed) - set(collectors)
    if not others and records_digest(collectors) == getattr(env, "kz_records_digest", None):
        return []
    return [name for name in collectors if name in env.found_docs and name not in added | changed]


def _stamp_collector(app, docname, source) -> None:
    collectors = _collectors(app)
    if docname in collectors:
        digest = records_digest(collectors)
        app.env.kz_records_digest = digest
        source[0] = with_digest(source[0], digest)


def _executed_notebook(app, pagename: str) -> Path:
    """Where MyST-NB wrote the executed notebook of a page (Jupyter Book layout)."""
    return Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"


def _offer_notebook(app, pagename, templatename, context, doctree) -> None:
    """Let the theme's download menu offer the executed notebook (.ipynb)."""
    if app.builder.format == "html" and _executed_notebook(app, pagename).exists():
        context["ipynb_source"] = f"{pagename}.ipynb"


def _copy_notebooks(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    executed = Path(app.outdir).parent / "jupyter_execute"
    for notebook in executed.rglob("*.ipynb"):
        target = Path(app.outdir) / "_sources" / notebook.relative_to(executed)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(notebook.read_bytes())


def _note_build_start(app) -> None:
    """Tell the kernels (which inherit this environment) when and how the book is built."""
    os.environ["KZBOOK_BUILD_STARTED"] = repr(time.time())
    os.environ["KZBOOK_BUILDER"] = app.builder.name


def _write_execution_record(app, doctree) -> None:
    """Save how the page just read was executed, for the reproducibility appendix."""
    from myst_nb.sphinx_ import NbMetadataCollector

    docname = app.env.docname
    result = NbMetadataCollector.get_exec_data(app.env, docname)
    if not result:
        return
    if not (Path(app.srcdir) / "chapters").exists():
        return  # the Russian summary: the reproducibility appendix reports the English chapters
    folder = Path(app.srcdir) / "chapters" / "_generated" / "execution"
    folder.mkdir(parents=True, exist_ok=True)
    entry = {"page": docname, **{k: result.get(k) for k in ("method", "succeeded", "runtime", "mtime", "error")}}
    # a cached notebook keeps the time it was executed: earlier than this build
    started = float(os.environ.get("KZBOOK_BUILD_STARTED", "inf"))
    entry["from_cache"] = entry["method"] == "cache" and (entry["mtime"] or 0) < started
    (folder / f"{Path(docname).name}.json").write_text(json.dumps(entry, indent=1) + "\n")


SORTING_SCRIPTS = ("tablesort.min.js", "sorts/tablesort.number.min.js")


def _add_assets(app, config) -> None:
    """Serve Tablesort's scripts (from the pinned npm package). The book's own
    ``_static/kzbook.js`` and ``custom.css`` are added to every page by
    Jupyter Book, which loads whatever ``_static`` holds."""
    from kzbook import vendor

    config.html_static_path.append(str(vendor.path("tablesort", "dist")))


def _add_sorting(app, pagename, templatename, context, doctree) -> None:
    """Tablesort only on the pages that have a sortable table."""
    if "kz-sortable" in (context.get("body") or ""):
        for priority, script in enumerate(SORTING_SCRIPTS):
            app.add_js_file(script, loading_method="defer", priority=590 + priority)


def edition_line(release: str, today: str, language: str | None) -> str:
    """ "Edition 0.7.0, released 1 December 2026." (or its Russian form, whose
    date the Russian configuration already gives in Russian)."""
    if language == "ru":
        return f"Издание {release} от {today.rstrip('.')}."  # «… 2026 г.», one full stop
    from datetime import date
    day = date.fromisoformat(today)
    return f"Edition {release}, released {day.day} {day:%B %Y}."


def _edition_in_footer(app, config) -> None:
    """Every page shows the edition and its release date, from ``release`` and
    ``today`` in the configuration (one place; CITATION.cff and the changelog
    must agree, see tests/test_helpers.py)."""
    options = dict(config.html_theme_options or {})
    line = edition_line(config.release, config.today, config.language)
    options["extra_footer"] = f'<p class="kz-edition">{line}</p>' + (options.get("extra_footer") or "")
    config.html_theme_options = options


def write_favicon_ico(path: Path) -> None:
    """A /favicon.ico in the house style of ``_static/favicon.svg`` (white "KZ" on
    the book's blue), drawn with Pillow: browsers ask for it at the site root
    whatever the pages declare, and a 404 is noise in every log."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 63, 63), radius=12, fill="#0072B2")
    font = ImageFont.load_default(size=30)
    draw.text((32, 33), "KZ", fill="white", font=font, anchor="mm")
    image.save(path, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])


def _favicon_ico(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        write_favicon_ico(Path(app.outdir) / "favicon.ico")


# LaTeX that makes the PDF number chapters, figures and tables as the HTML
# does: the introduction (the root page) and the apparatus are unnumbered, the
# theme chapters are 1-4, so "Fig. 1.1" is the same figure in both formats, and
# the apparatus counts its figures and tables on from 1 (Sphinx prints a
# figure's number without a chapter when the chapter counter is 0).
UNNUMBERED_START = r"\edef\kzsecnumdepth{\the\value{secnumdepth}}\setcounter{secnumdepth}{-1}"
NUMBERED_START = r"\setcounter{secnumdepth}{\kzsecnumdepth}"
APPARATUS_START = r"\setcounter{secnumdepth}{-1}\setcounter{chapter}{0}\setcounter{figure}{0}\setcounter{table}{0}"


def _number_like_the_html(app, doctree, docname) -> None:
    """The LaTeX builder resolves the whole book as one tree, each page inside a
    ``start_of_file`` node: open the root page unnumbered, number from the first
    page of a numbered part, and start the apparatus after the last one."""
    if app.builder.format != "latex":
        return
    from docutils import nodes
    from sphinx import addnodes

    def raw(tex: str) -> nodes.raw:
        return nodes.raw("", tex + "\n", format="latex")

    files = list(doctree.findall(addnodes.start_of_file))
    numbered = [i for i, node in enumerate(files) if app.env.toc_secnumbers.get(node["docname"])]
    if not numbered:
        return
    doctree.insert(0, raw(UNNUMBERED_START))
    files[numbered[0]].insert(0, raw(NUMBERED_START))
    if numbered[-1] + 1 < len(files):
        files[numbered[-1] + 1].insert(0, raw(APPARATUS_START))


def _drop_downloads_in_pdf(app, doctree, docname) -> None:
    """The PDF has no "Download the data behind this figure (CSV)" labels: a
    download link leads nowhere on paper (the HTML book offers the files)."""
    if app.builder.format != "latex":
        return
    from docutils import nodes
    from sphinx import addnodes

    for reference in list(doctree.findall(addnodes.download_reference)):
        parent = reference.parent
        if isinstance(parent, nodes.paragraph) and len(parent.children) == 1:
            parent.parent.remove(parent)  # a label of its own: "Download this table (CSV)"
        else:
            reference.replace_self(reference.children)  # inside a sentence: keep the file's name as text


def setup(app) -> dict:
    from kzbook import bibstyle

    bibstyle.register()  # before sphinxcontrib-bibtex reads its configuration
    from kzbook import publish

    publish.setup(app)  # repository and launch buttons, the PDF link, sharing metadata
    from kzbook import icons

    icons.setup(app)  # Font Awesome: no script, fonts subset to the icons used
    from kzbook import highlight

    highlight.setup(app)  # code cells without a span per name and comma
    app.connect("doctree-resolved", _drop_downloads_in_pdf)
    app.connect("doctree-resolved", _number_like_the_html)
    app.connect("build-finished", _favicon_ico)
    app.connect("config-inited", _add_assets)
    app.connect("config-inited", _edition_in_footer)
    app.connect("html-page-context", _add_sorting)
    app.connect("builder-inited", _note_build_start)
    app.connect("doctree-read", _write_execution_record)
    app.connect("html-page-context", _offer_notebook, priority=100)  # before the theme's buttons
    app.connect("build-finished", _copy_notebooks)
    app.add_config_value("kzbook_collectors", list(COLLECTORS), "env")
    app.connect("env-get-outdated", _collectors_outdated)
    app.connect("source-read", _stamp_collector)
    app.connect("env-before-read-docs", _read_collectors_last)
    app.connect("html-page-context", _drop_cdn_assets, priority=900)
    app.connect("html-page-context", _drop_unused_design_assets, priority=900)
    app.connect("build-finished", _repair_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
