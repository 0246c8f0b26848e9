"""A plain map of Kazakhstan for the book's figures: the country filled, its
neighbours outlined, drawn in longitude/latitude with a cosine-corrected
aspect (no projection library needed at this scale)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Polygon

from kzbook import geo

NEIGHBOURS = ("RUS", "CHN", "KGZ", "UZB", "TKM")


def draw_kazakhstan(ax: Axes, margin: float = 1.0) -> tuple[float, float, float, float]:
    """Draw Kazakhstan and its neighbours' borders; return (west, east, south, north)."""
    rings = [ring for polygon in geo.country_polygons("KAZ") for ring in polygon]
    points = np.concatenate(rings)
    west, south = points.min(axis=0) - margin
    east, north = points.max(axis=0) + margin
    for iso3 in NEIGHBOURS:
        for polygon in geo.country_polygons(iso3):
            ax.add_patch(Polygon(polygon[0], closed=True, facecolor="#f4f4f4",
                                 edgecolor="#b0b0b0", linewidth=0.6, zorder=0))
    for polygon in geo.country_polygons("KAZ"):
        ax.add_patch(Polygon(polygon[0], closed=True, facecolor="#e8f1f8",
                             edgecolor="#4d4d4d", linewidth=0.9, zorder=1))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / np.cos(np.radians((south + north) / 2)))
    ax.set_xlabel("longitude (degrees east)")
    ax.set_ylabel("latitude (degrees north)")
    ax.grid(False)
    return west, east, south, north
