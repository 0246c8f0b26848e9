"""What the published site says about itself: repository and launch buttons,
the PDF link on every page, and social-sharing metadata.

* **One repository URL.** ``repository.url`` in ``_config.yml`` is the only
  place it is set. When it is set (a GitHub URL), the repository, issue and
  Binder launch buttons appear and the site's address for sharing is derived
  from it (GitHub Pages: ``https://<owner>.github.io/<repo>/``) unless
  ``html.baseurl`` gives one. When it is empty, the buttons are hidden and no
  page points at a placeholder: Jupyter Book's default URL (its own
  repository) is treated as empty, and the Thebe configuration that
  sphinx-thebe writes into every page (pointing at a Binder example
  repository) is left out, since live code is off.
* **The PDF on every page.** The theme's download menu offers "Print to PDF"
  (the browser's print dialog for one page); it is replaced by a link to the
  book's PDF (``make pdf``), which is copied beside the HTML, and the footer of
  every page (the index and search pages included) links it too. The Russian
  summary links its own PDF the same way.
* **Social-sharing metadata.** sphinxext-opengraph writes ``og:title``,
  ``og:description``, ``og:url``, ``og:site_name`` and ``og:type`` on every
  page; this module adds ``og:image``, a preview card drawn at build time
  (``_static/kzbook-preview.png``: the book's title and edition).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

BINDER_URL = "https://mybinder.org"
JB_DEFAULT_REPOSITORY = "https://github.com/executablebooks/jupyter-book"
PREVIEW = "_static/kzbook-preview.png"
PREVIEW_SIZE = (1200, 630)  # pixels, the size sharing sites show
GITHUB = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


class PublishError(ValueError):
    pass


def repository_url(theme_options: dict) -> str:
    """The book's repository URL, or "" when none is set."""
    url = (theme_options.get("repository_url") or "").strip().rstrip("/")
    if url == JB_DEFAULT_REPOSITORY:
        return ""
    if url and not GITHUB.match(url):
        raise PublishError(f"_config.yml: repository.url must be https://github.com/<owner>/<repo> or empty, "
                           f"not {url!r}")
    return url


def theme_options(options: dict) -> dict:
    """The theme options with the repository, issue and launch buttons shown
    exactly when a repository URL is set."""
    options = dict(options or {})
    url = repository_url(options)
    on = bool(url)
    options["repository_url"] = url
    options["use_repository_button"] = on
    options["use_issues_button"] = on
    launch = dict(options.get("launch_buttons") or {})
    launch["binderhub_url"] = BINDER_URL if on else ""
    options["launch_buttons"] = launch
    return options


def site_url(repository: str, baseurl: str = "") -> str:
    """Where the HTML book is published: ``html.baseurl``, else the GitHub
    Pages address of the repository, else "" (unknown)."""
    if baseurl:
        return baseurl.rstrip("/") + "/"
    match = GITHUB.match(repository or "")
    return f"https://{match['owner']}.github.io/{match['repo']}/" if match else ""


def pdf_name(config) -> str:
    """The PDF's file name, from ``latex_documents`` (``<targetname>.tex``)."""
    return Path(config.latex_documents[0][1]).with_suffix(".pdf").name


def english_settings() -> tuple[str, str]:
    """``repository.url`` and ``html.baseurl`` of the English book's ``_config.yml``,
    which the Russian summary shares (its own configuration does not repeat them)."""
    import yaml

    from kzbook import paths
    config = yaml.safe_load((paths.book_root() / "_config.yml").read_text(encoding="utf-8"))
    return ((config.get("repository") or {}).get("url") or "", (config.get("html") or {}).get("baseurl") or "")


def _configure(app, config) -> None:
    repository, baseurl = english_settings()
    config.html_theme_options = theme_options({**(config.html_theme_options or {}), "repository_url": repository})
    url = site_url(config.html_theme_options["repository_url"], baseurl)
    config.ogp_site_url = url
    config.ogp_social_cards = {"enable": False}  # our own preview card (and no matplotlib per page)
    config.ogp_image = None
    config.ogp_site_name = config.html_title  # Jupyter Book's title ("project" is not set)
    if config.language == "ru":  # the summary is published at ru/ of the site, its source in ru/
        config.ogp_site_url = url + "ru/" if url else ""
        config.html_theme_options["path_to_docs"] = "ru"


def _drop_thebe_config(app, doctree, docname) -> None:
    """sphinx-thebe writes a Binder configuration into every page even when
    live code is off; with no repository it names a placeholder."""
    if app.builder.format != "html" or (app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"):
        return
    from docutils import nodes
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or "kernelName =" in text:
            node.parent.remove(node)


def _pdf_in_download_menu(app, pagename, templatename, context, doctree) -> None:
    """Replace the theme's "Print to PDF" entry with a link to the book's PDF."""
    name = pdf_name(app.config)
    url = context["pathto"](name, 1)
    text = "Краткое изложение в PDF" if app.config.language == "ru" else "PDF of the book"
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]
        group["buttons"].append({"type": "link", "url": url, "text": text, "tooltip": text,
                                 "icon": "fas fa-file-pdf", "label": "download-book-pdf-button"})
    # and in the footer, which every page has (the index and search pages have no download menu)
    footer = context.get("theme_extra_footer") or ""
    context["theme_extra_footer"] = footer + f'<p class="kz-pdf-link"><a href="{url}">{text}</a></p>'


# For the pages Sphinx generates (index, search), which have no text to describe.
SITE_DESCRIPTION = {
    "en": "An executable research book that tests, claim by claim and with sourced data, the argument that "
          "US capital in Kazakhstan's strategic sectors is a form of security integration.",
    "ru": "Краткое изложение исследовательской книги, которая по данным из первоисточников проверяет тезис "
          "о том, что американский капитал в стратегических отраслях Казахстана служит интеграции в сфере "
          "безопасности.",
}


def _preview_image_tag(app, pagename, templatename, context, doctree) -> None:
    """``og:image`` on every page: absolute when the site's address is known,
    else relative to the page; and title and description on the pages that
    sphinxext-opengraph leaves alone (those without a document: index, search)."""
    from html import escape

    base = app.config.ogp_site_url
    url = base + PREVIEW if base else context["pathto"](PREVIEW, 1)
    alt = app.config.html_title
    extra = ""
    if doctree is None:
        title = f"{context.get('title') or ''} – {alt}".strip(" –")
        description = SITE_DESCRIPTION["ru" if app.config.language == "ru" else "en"]
        extra = (f'<meta property="og:title" content="{escape(title)}" />\n'
                 f'<meta property="og:description" content="{escape(description)}" />\n'
                 f'<meta property="og:site_name" content="{escape(alt)}" />\n'
                 '<meta property="og:type" content="website" />\n')
    tags = extra + (f'<meta property="og:image" content="{url}" />\n'
            f'<meta property="og:image:width" content="{PREVIEW_SIZE[0]}" />\n'
            f'<meta property="og:image:height" content="{PREVIEW_SIZE[1]}" />\n'
            f'<meta property="og:image:alt" content="{alt}" />\n'
            '<meta name="twitter:card" content="summary_large_image" />\n')
    context["metatags"] = context.get("metatags", "") + tags


def draw_preview(path: Path, title: str, subtitle: str) -> None:
    """The preview card: the title on the book's blue, the edition beneath."""
    import textwrap

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width, height = PREVIEW_SIZE
    fig = plt.figure(figsize=(width / 100, height / 100), dpi=100)
    fig.patch.set_facecolor("#0072B2")
    fig.text(0.06, 0.62, "\n".join(textwrap.wrap(title, 38)), color="white", fontsize=40, fontweight="bold",
             va="center", ha="left", linespacing=1.15)
    fig.text(0.06, 0.14, subtitle, color="white", fontsize=22, va="center", ha="left")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, facecolor=fig.get_facecolor(), metadata={"Software": None})
    plt.close(fig)


def _write_files(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from kzbook.sphinxext import edition_line
    out = Path(app.outdir)
    subtitle = edition_line(app.config.release, app.config.today, app.config.language)
    key = Path(app.doctreedir) / "kzbook-preview.key"  # redraw only when the title or the edition changes
    if not (out / PREVIEW).exists() or not key.exists() or key.read_text() != app.config.html_title + subtitle:
        draw_preview(out / PREVIEW, app.config.html_title, subtitle)
        key.write_text(app.config.html_title + subtitle)
    pdf = out.parent / "latex" / pdf_name(app.config)
    if pdf.exists():  # built by `make pdf`, which also copies it here when it runs after `make book`
        shutil.copy2(pdf, out / pdf.name)


def setup(app) -> None:
    app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", _configure)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("html-page-context", _pdf_in_download_menu, priority=600)  # after the theme's buttons (501)
    app.connect("html-page-context", _preview_image_tag)
    app.connect("build-finished", _write_files)
