"""Tables and figures made to work on every screen, applied to each HTML page
after Sphinx writes it (:mod:`kzbook.sphinxext`).

Tables
    The caption is moved out of the scrolling box (where a wide table cut it
    off) and names the box and the table (``aria-labelledby``); the box can be
    scrolled from the keyboard, and the stylesheet (``_static/kzbook.css``)
    shades its edge while more columns lie beyond it. Tables the chapters mark
    ``kz-cards`` become one card per row on a phone: each cell carries its
    column's name (``data-label``) to print beside it.

Figures
    Each figure image opens full size when tapped. A figure whose chart helper
    recorded hover values (:func:`kzbook.charts.hover`) is inlined as SVG and
    each of its hover markers gets an SVG ``<title>``, which the browser shows
    as a tooltip; element ids are prefixed with the figure's name, so two
    inlined figures never share an id.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_TABLE = re.compile(
    r'<div class="pst-scrollable-table-container">\s*<table(?P<attrs>[^>]*)>\s*'
    r"<caption>(?P<caption>.*?)</caption>(?P<body>.*?</table>)\s*</div>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL_OPEN = re.compile(r"<td\b")
_TAGS = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    return html_lib.unescape(_TAGS.sub("", fragment)).strip()


def _label_cells(body: str) -> str:
    """Give every body cell its column's name (``data-label``), for card layout."""
    head, end_head, rest = body.partition("</thead>")
    names = [_plain(cell) for cell in _HEAD_CELL.findall(head)]

    def label_row(row: re.Match) -> str:
        index = iter(range(10_000))

        def label(_: re.Match) -> str:
            i = next(index)
            name = names[i] if i < len(names) else ""
            return f'<td data-label="{html_lib.escape(name, quote=True)}"'
        return _CELL_OPEN.sub(label, row.group(0))

    return head + end_head + _ROW.sub(label_row, rest)


def wrap_tables(page: str) -> str:
    """Move each table's caption out of its scrolling box (see module doc)."""
    count = iter(range(10_000))

    def wrap(match: re.Match) -> str:
        attrs, body = match["attrs"], match["body"]
        found = _ID.search(attrs)
        table_id = found.group(1) if found else f"kz-table-{next(count)}"
        if not found:
            attrs += f' id="{table_id}"'
        classes = (_CLASS.search(attrs) or [None, ""])[1].split()
        caption_id = f"{table_id}-caption"
        cards = "kz-cards" in classes
        if cards:
            body = _label_cells(body)
        wrapper = "kz-table" + (" kz-table-cards" if cards else "")
        return (f'<div class="{wrapper}">'
                f'<div class="kz-table-caption" id="{caption_id}">{match["caption"]}</div>'
                f'<div class="pst-scrollable-table-container" tabindex="0" role="region" '
                f'aria-labelledby="{caption_id}">'
                f'<table{attrs} aria-labelledby="{caption_id}">{body}</div></div>')

    return _TABLE.sub(wrap, page)


_FIGURE_IMG = re.compile(
    r'(?P<open><figure\b[^>]*\bid="(?P<name>fig-[a-z0-9-]+)"[^>]*>\s*)'
    r'<img alt="(?P<alt>[^"]*)" src="(?P<src>[^"]+\.svg)"\s*/?>', re.S)
_URL_REF = re.compile(r"url\(#([^)]+)\)")


def titled_svg(svg_text: str, hover: dict[str, list[str]], prefix: str, alt: str) -> str:
    """The SVG of a figure, ready to inline: a ``<title>`` on every hover marker
    (``hover`` maps a marker group's id to its titles, in drawing order), ids
    prefixed, and the accessible name of an image."""
    root = ET.fromstring(svg_text)
    parents = {child: parent for parent in root.iter() for child in parent}
    for gid, titles in hover.items():
        group = root.find(f".//{{{SVG_NS}}}g[@id='{gid}']")
        if group is None:
            raise ValueError(f"{prefix}: hover group {gid} not found in the SVG")
        markers = list(group.iter(f"{{{SVG_NS}}}use"))
        if len(markers) != len(titles):
            raise ValueError(f"{prefix}: hover group {gid} has {len(markers)} markers "
                             f"but {len(titles)} titles")
        for marker, title in zip(markers, titles):
            parent = parents[marker]
            holder = ET.Element(f"{{{SVG_NS}}}g", {"class": "kz-hover"})
            ET.SubElement(holder, f"{{{SVG_NS}}}title").text = title
            parent.insert(list(parent).index(marker), holder)
            parent.remove(marker)
            holder.append(marker)
    href = f"{{{XLINK_NS}}}href"
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.get('id')}")
        if element.get(href, "").startswith("#"):
            element.set(href, f"#{prefix}-{element.get(href)[1:]}")
        for key, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(key, _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    root.attrib.pop("version", None)
    root.set("role", "img")
    root.set("aria-label", alt)
    root.set("class", "kz-figure-svg")
    return ET.tostring(root, encoding="unicode")


OPEN_TITLE = {"en": "Open the figure full size", "ru": "Открыть рисунок в полном размере"}


def open_figures(page: str, page_path: Path, records: dict[str, dict]) -> str:
    """Let every figure open full size; inline those with hover values."""
    # the link's tooltip in the page's language (the Russian summary is lang="ru")
    tooltip = OPEN_TITLE["ru" if re.search(r'<html[^>]*\slang="ru"', page[:2000]) else "en"]

    def replace(match: re.Match) -> str:
        name, src, alt = match["name"], match["src"], match["alt"]
        hover = (records.get(name) or {}).get("hover") or {}
        if hover:
            svg_file = (page_path.parent / src).resolve()
            image = titled_svg(svg_file.read_text(encoding="utf-8"), hover, name, html_lib.unescape(alt))
        else:
            image = match.group(0)[len(match["open"]):]
        return (f'{match["open"]}<a class="kz-figure-open" href="{src}" '
                f'title="{tooltip}">{image}</a>')

    return _FIGURE_IMG.sub(replace, page)


def figure_records(folder: Path) -> dict[str, dict]:
    """The records the chart helper wrote (:func:`kzbook.charts.finish`), by figure name."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("fig-*.json"))}


def process(page: str, page_path: Path, records: dict[str, dict]) -> str:
    return open_figures(wrap_tables(page), page_path, records)
