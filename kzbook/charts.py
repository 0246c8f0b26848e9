"""The house chart style: one look for every figure in the book.

* a colour-blind-safe palette (Okabe and Ito), with Kazakhstan always in the
  same colour, and markers or direct labels so colour is never the only cue;
* no in-plot title (the caption carries it);
* designed for a phone: every figure is :data:`WIDTH` inches wide, panels are
  stacked rather than set side by side, and type is large enough that, shown
  in a phone's column (:data:`PHONE_COLUMN_PX`), labels render at
  :data:`MIN_LABEL_PX` pixels or more and the source line at
  :data:`MIN_SOURCE_PX` (tests/test_browser.py measures it in the browser);
* value axes of bar charts are linear, so a bar's length is proportional to
  its value (:func:`check_value_axes` refuses anything else);
* a "Source: ..." line drawn on the canvas, so credit travels with the image;
* the data behind the figure written next to the chapters as a CSV that the
  page offers for download, and, for the HTML, a record of the figure's text
  sizes and of its hover values (:func:`finish`).
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.container import BarContainer
from matplotlib.text import Text

from kzbook import provenance
from kzbook.paths import generated_dir

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#7F7F7F",
}
SERIES = ["blue", "orange", "green", "vermillion", "sky", "purple", "black", "grey"]
KAZAKHSTAN = PALETTE["blue"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
# One colour per country (or bloc) in every figure. Kazakhstan's blue is kept
# for Kazakhstan and Kazakh actors; its lighter sky blue for a second Kazakh
# series (Kazatomprom). Eight colours cannot give each of a dozen countries its
# own, so countries that never share a figure share a colour (Germany and
# Russia, Japan and China, South Korea and Canada).
COUNTRY = {
    "Kazakhstan": KAZAKHSTAN, "United States": PALETTE["orange"], "Russia": PALETTE["black"],
    "China": PALETTE["vermillion"], "EU-27": PALETTE["purple"], "Canada": PALETTE["green"],
    "Australia": PALETTE["sky"], "Uzbekistan": PALETTE["grey"], "Namibia": "#A6761D",
    "Germany": PALETTE["black"], "West Germany": PALETTE["black"], "Japan": PALETTE["vermillion"],
    "South Korea": PALETTE["green"],
}
KAZAKH_SECOND = PALETTE["sky"]
# Series that are not countries (deal types, scenarios, sectors) never take Kazakhstan's blue.
OTHER = [PALETTE[c] for c in ("orange", "green", "vermillion", "purple", "black", "grey", "sky")] + ["#A6761D"]

# Figure geometry and type. A 5-inch figure shown in a phone's 342-pixel
# column (a 390-pixel screen less the page's padding) is drawn at about 0.7 of
# its natural size, so 10-point text renders at about 9.5 pixels.
WIDTH = 5.0           # inches
TEXT_PT = 10.0        # ticks, axis labels, legends, direct labels
SOURCE_PT = 9.0       # the source line
MIN_LABEL_PX = 9.0    # the least rendered size of any label at phone width
MIN_SOURCE_PX = 8.0   # ... and of the source line
PHONE_COLUMN_PX = 342  # the column a figure gets on a 390-pixel screen (measured)
SOURCE_GID = "kz-source"


def use_style() -> None:
    """Apply the house style to matplotlib (call once per chapter)."""
    # Reproducible figure files: matplotlib stamps SVG and PDF output with the
    # time of saving unless SOURCE_DATE_EPOCH fixes it; two builds of the same
    # data must give the same bytes (tests/test_determinism.py).
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    mpl.rcParams.update(
        {
            "figure.figsize": (WIDTH, 3.4),
            "figure.dpi": 110,
            "savefig.dpi": 200,
            "font.size": TEXT_PT,
            "axes.labelsize": TEXT_PT,
            "axes.titlesize": TEXT_PT,
            "xtick.labelsize": TEXT_PT,
            "ytick.labelsize": TEXT_PT,
            "legend.fontsize": TEXT_PT,
            "legend.title_fontsize": TEXT_PT,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": mpl.cycler(color=[PALETTE[c] for c in SERIES]),
            "legend.frameon": False,
            "svg.hashsalt": "kzbook",  # stable element ids in SVG output
            # Text as text, not as glyph outlines: a third of the bytes, selectable
            # and searchable. The browser draws it with the first of these fonts
            # it has (the figures are laid out for DejaVu Sans, the widest).
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        }
    )
    try:  # inline figures as SVG (HTML) and PDF (LaTeX) when run under IPython
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", "pdf")
    except ImportError:  # pragma: no cover - plain Python
        pass


def figure(rows: int = 1, height: float = 3.4, **kwargs):
    """A new figure of the house width, with ``rows`` panels stacked (never
    side by side: a phone has no room for two) and matplotlib's constrained
    layout, which makes room for titles, labels and outside legends.
    ``height`` is the whole figure's height in inches; other arguments go to
    ``plt.subplots``."""
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(rows, 1, figsize=(WIDTH, height), **kwargs)


def year_ticks(ax: plt.Axes, first: int, last: int, step: int = 5) -> None:
    """Year ticks every ``step`` years, counted back from ``last`` so that the
    last year of the data always carries a tick."""
    ticks = list(range(int(last), int(first) - 1, -step))[::-1]
    ax.set_xticks(ticks)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0f}")


def add_source(fig: plt.Figure, text: str) -> None:
    """Write the source line below everything else drawn (axes, labels, an
    outside legend), aligned with the figure's left edge and wrapped to its
    width. The book saves figures to their tight bounding box, which takes
    the line in."""
    fig.canvas.draw()
    # Freeze the layout: saving to the tight bounding box would run the layout
    # engine again on a larger canvas and move an outside legend onto the line.
    fig.set_layout_engine("none")
    _pin_legends(fig)
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
    width_chars = int(box.width * 72 / (0.52 * SOURCE_PT))  # an average glyph is about half an em
    line = fig.text(box.x0 / fig.get_figwidth(), (box.y0 - 0.08) / fig.get_figheight(),
                    "\n".join(textwrap.wrap(text, width=width_chars)),
                    ha="left", va="top", fontsize=SOURCE_PT, color="#444444", gid=SOURCE_GID)
    # Wider glyphs (Cyrillic) than the estimate: wrap shorter until the line
    # fits the figure's width, which would otherwise grow and shrink on a phone.
    renderer = fig.canvas.get_renderer()
    limit = box.width * fig.dpi
    while line.get_window_extent(renderer).width > limit and width_chars > 20:
        width_chars -= 4
        line.set_text("\n".join(textwrap.wrap(text, width=width_chars)))


def _pin_legends(fig: plt.Figure) -> None:
    """Anchor each figure-level legend to the lowest axes, where the layout put
    it: a legend anchored to the figure's edge would move when the figure is
    saved to its tight bounding box."""
    if not fig.legends or not fig.axes:
        return
    renderer = fig.canvas.get_renderer()
    lowest = min(fig.axes, key=lambda ax: ax.get_position().y0)
    for legend in fig.legends:
        box = legend.get_window_extent(renderer).transformed(lowest.transAxes.inverted())
        legend.set_bbox_to_anchor(box, transform=lowest.transAxes)
        legend.set_loc("center")
        legend.borderaxespad = 0


def save_data(frame: pd.DataFrame, name: str, inputs: list[str] | tuple[str, ...],
              folder: Path | None = None) -> Path:
    """Write the data behind figure ``name`` to ``chapters/_generated/<name>.csv``
    (or to ``folder``) and record the resources it was computed from
    (:mod:`kzbook.provenance`)."""
    path = (folder or generated_dir()) / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    if folder is None:  # the Russian summary redraws figures whose provenance the chapters recorded
        provenance.record(name, inputs, data_file=path)
    return path


def label_line_ends(ax: plt.Axes, ends: dict[str, tuple[float, float]],
                    colours: dict[str, str], min_gap: float = 0.07) -> None:
    """Label lines at their right ends, nudging labels apart so none overlap.

    ``ends`` maps a label to the (x, y) of its line's last point; ``min_gap`` is
    the smallest vertical distance between labels, as a fraction of the y-axis.
    """
    low, high = ax.get_ylim()
    gap = min_gap * (high - low)
    previous = None
    for label, (x, y) in sorted(ends.items(), key=lambda item: item[1][1]):
        target = y if previous is None else max(y, previous + gap)
        ax.annotate(label, (x, target), xytext=(5, 0), textcoords="offset points",
                    va="center", ha="left", color=colours[label], annotation_clip=False)
        previous = target


_LABEL_CANDIDATES = [(6, 3), (6, -11), (-6, 3), (-6, -11), (0, 9), (0, -17), (12, -4), (-12, -4),
                     (6, 15), (-6, 15), (6, -23), (-6, -23)]


def place_labels(ax: plt.Axes, items: list[tuple[float, float, str]],
                 avoid: list[tuple[float, float]] = (), **text_kwargs) -> None:
    """Label points so that no two labels overlap, none covers a marker in
    ``avoid`` (data coordinates) and none leaves the axes, where that is
    possible: each label takes the first of a fixed list of positions around
    its point that is free (deterministic, no solver)."""
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    radius = 5 * fig.dpi / 72  # a marker's half-width, in pixels
    taken = [Bbox.from_bounds(px - radius, py - radius, 2 * radius, 2 * radius)
             for px, py in (ax.transData.transform((x, y)) for x, y in avoid)]
    for x, y, text in items:
        best, best_clash = None, None
        for dx, dy in _LABEL_CANDIDATES:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha,
                                va="bottom", annotation_clip=False, **text_kwargs)
            box = label.get_window_extent(renderer).expanded(1.04, 1.1)
            clash = sum(_overlap(box, other) for other in taken) + 10 * _outside(box, frame)
            if best_clash is None or clash < best_clash:
                if best is not None:
                    best[0].remove()
                best, best_clash = (label, box), clash
            else:
                label.remove()
            if clash == 0:
                break
        taken.append(best[1])


def _overlap(a, b) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _outside(box, frame) -> float:
    inside = _overlap(box, frame)
    return box.width * box.height - inside


def hover(ax: plt.Axes, x, y, titles: list[str], size: float = 60) -> None:
    """Hover values for the HTML page: an invisible marker at each (x, y)
    whose tooltip is the matching title (project, amount, date, source...).
    The page inlines the figure's SVG and gives each marker an SVG ``<title>``
    (:mod:`kzbook.htmlpost`); the PDF and the plain image show nothing extra."""
    x, y = list(x), list(y)
    if not (len(x) == len(y) == len(titles)):
        raise ValueError(f"hover: {len(x)} x, {len(y)} y and {len(titles)} titles")
    keep = [i for i in range(len(x)) if pd.notna(x[i]) and pd.notna(y[i])]
    fig = ax.figure
    registry = fig.__dict__.setdefault("_kz_hover", {})
    gid = f"kzhover-{len(registry)}"
    points = ax.scatter([x[i] for i in keep], [y[i] for i in keep], s=size, alpha=0, zorder=10,
                        gid=gid, linewidths=0)
    points.set_clip_on(False)
    registry[gid] = [str(titles[i]) for i in keep]


def check_value_axes(fig: plt.Figure, name: str) -> None:
    """Refuse a bar chart whose value axis is not linear: on a logarithmic or
    symmetric-log axis a bar's length is not proportional to its value."""
    for ax in fig.axes:
        for container in ax.containers:
            if not isinstance(container, BarContainer):
                continue
            horizontal = container.orientation == "horizontal"
            scale = ax.get_xscale() if horizontal else ax.get_yscale()
            if scale != "linear":
                raise ValueError(f"figure {name}: bars on a {scale} value axis; bar length must be "
                                 "proportional to the value (use a linear axis, or dots on a log axis)")


def text_sizes(fig: plt.Figure) -> list[dict]:
    """Every piece of text drawn in the figure, with its size in points and its
    role ("source" for the source line, "label" for the rest)."""
    fig.canvas.draw()
    found = []
    for text in fig.findobj(Text):
        content = text.get_text().strip()
        if not content or not text.get_visible() or text.get_alpha() == 0:
            continue
        if text.axes is not None and text in _hidden_tick_labels(text.axes):
            continue
        role = "source" if text.get_gid() == SOURCE_GID else "label"
        found.append({"role": role, "size_pt": round(float(text.get_fontsize()), 2),
                      "text": content if role == "source" else content[:60]})  # the source line whole
    return found


def _hidden_tick_labels(ax: plt.Axes) -> set:
    """Tick labels matplotlib keeps but does not draw (outside the view)."""
    hidden = set()
    for axis in (ax.xaxis, ax.yaxis):
        drawn = {id(t) for t in axis._update_ticks()}  # noqa: SLF001 - the ticks matplotlib draws
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            if id(tick) not in drawn:
                hidden.update({tick.label1, tick.label2})
    return hidden


def figures_dir() -> Path:
    """Where each figure's record (text sizes, hover values) is kept for the HTML."""
    return generated_dir("figures")


def finish(fig: plt.Figure, name: str, *, source: str, data: pd.DataFrame,
           inputs: list[str] | tuple[str, ...], folder: Path | None = None, lang: str = "en") -> None:
    """Complete a figure: draw its source line, check its value axes, write the
    data behind it (:func:`save_data`) and its record for the HTML (text sizes,
    hover values), then show it. ``folder`` is where a book other than this
    one (the Russian summary) keeps its generated files. The source line ends
    with how recent the data are: the latest publication date among the
    inputs' sources (:func:`kzbook.provenance.data_as_of`)."""
    add_source(fig, " ".join(filter(None, [source, provenance.data_as_of(inputs, lang)])))
    check_value_axes(fig, name)
    save_data(data, name, inputs, folder)
    record = {"name": name, "width_in": fig.get_figwidth(), "height_in": fig.get_figheight(),
              "texts": text_sizes(fig), "hover": fig.__dict__.get("_kz_hover", {})}
    records = figures_dir() if folder is None else folder / "figures"
    records.mkdir(parents=True, exist_ok=True)
    (records / f"{name}.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    plt.show()


def rendered_px(size_pt: float, rendered_width: float, natural_width: float) -> float:
    """The on-screen size in CSS pixels of text of ``size_pt`` points in an
    image of ``natural_width`` pixels shown ``rendered_width`` pixels wide
    (an SVG's point is 4/3 of a CSS pixel)."""
    return size_pt * 4 / 3 * rendered_width / natural_width


__all__ = ["PALETTE", "SERIES", "KAZAKHSTAN", "MARKERS", "WIDTH", "use_style", "figure", "year_ticks",
           "add_source", "save_data", "label_line_ends", "place_labels", "hover", "check_value_axes",
           "text_sizes", "finish", "rendered_px"]
