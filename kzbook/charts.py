"""The house chart style: one look for every figure in the book.

* a colour-blind-safe palette (Okabe and Ito), with Kazakhstan always in the
  same colour, and markers or direct labels so colour is never the only cue;
* no in-plot title (the caption carries it);
* a "Source: ..." line drawn on the canvas, so credit travels with the image;
* the data behind the figure written next to the chapters as a CSV that the
  page offers for download.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

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


def use_style() -> None:
    """Apply the house style to matplotlib (call once per chapter)."""
    # Reproducible figure files: matplotlib stamps SVG and PDF output with the
    # time of saving unless SOURCE_DATE_EPOCH fixes it; two builds of the same
    # data must give the same bytes (tests/test_determinism.py).
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    mpl.rcParams.update(
        {
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 110,
            "savefig.dpi": 200,
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.prop_cycle": mpl.cycler(color=[PALETTE[c] for c in SERIES]),
            "legend.frameon": False,
            "svg.hashsalt": "kzbook",  # stable element ids in SVG output
            "svg.fonttype": "path",
        }
    )
    try:  # inline figures as SVG (HTML) and PDF (LaTeX) when run under IPython
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", "pdf")
    except ImportError:  # pragma: no cover - plain Python
        pass


def add_source(fig: plt.Figure, text: str) -> None:
    """Write the source line at the bottom left of the canvas, wrapped to the
    figure's width, and leave room for it below the axes."""
    width_chars = int(fig.get_figwidth() * 17)  # about 17 characters an inch at 7.5 pt
    lines = textwrap.wrap(text, width=width_chars)
    fig.text(0.01, 0.01, "\n".join(lines), ha="left", va="bottom", fontsize=7.5,
             color="#444444")
    line_height = 7.5 * 1.25 / 72 / fig.get_figheight()  # one line, as a fraction of the height
    fig.subplots_adjust(bottom=0.13 + line_height * (len(lines) + 1))


def save_data(frame: pd.DataFrame, name: str, inputs: list[str] | tuple[str, ...]) -> Path:
    """Write the data behind figure ``name`` to ``chapters/_generated/<name>.csv``
    and record the resources it was computed from (:mod:`kzbook.provenance`)."""
    path = generated_dir() / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    provenance.record(name, inputs, data_file=path)
    return path


def label_line_ends(ax: plt.Axes, ends: dict[str, tuple[float, float]],
                    colours: dict[str, str], min_gap: float = 0.045) -> None:
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
                    va="center", ha="left", fontsize=8, color=colours[label],
                    annotation_clip=False)
        previous = target
