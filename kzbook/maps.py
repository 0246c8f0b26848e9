"""A plain map of Kazakhstan for the book's figures: the country filled, its
neighbours outlined, in an Albers equal-area conic projection fitted to the
country (standard parallels 43° and 52° N, central meridian 67° E), computed
with pyproj (PROJ).

The 1:50m boundaries carry far more detail than a map a few inches wide can
show: vertices closer than :data:`MIN_STEP_KM` to the last one kept are dropped,
and neighbours are cut to the map's frame, which keeps the figure light.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch, Polygon
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from kzbook import geo

NEIGHBOURS = ("RUS", "CHN", "KGZ", "UZB", "TKM")
PROJECTION = "+proj=aea +lat_0=48 +lon_0=67 +lat_1=43 +lat_2=52 +datum=WGS84 +units=km +no_defs"
MIN_STEP_KM = 4.0
MARGIN_KM = 120.0


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)


def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (degrees) to map coordinates (km)."""
    x, y = _transformer().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def thin(ring: np.ndarray, step: float = MIN_STEP_KM) -> np.ndarray:
    """Drop vertices closer than ``step`` to the last vertex kept (the ring's
    last point is always kept, so it stays closed)."""
    kept = [ring[0]]
    for point in ring[1:-1]:
        if np.hypot(*(point - kept[-1])) >= step:
            kept.append(point)
    kept.append(ring[-1])
    return np.array(kept)


def _projected_rings(iso3: str) -> list[np.ndarray]:
    rings = []
    for polygon in geo.country_polygons(iso3):
        x, y = project(polygon[0][:, 0], polygon[0][:, 1])
        rings.append(thin(np.column_stack([x, y])))
    return rings


def draw_kazakhstan(ax: Axes) -> tuple[float, float, float, float]:
    """Draw Kazakhstan and its neighbours' borders in the map projection; return
    the frame (west, east, south, north) in km. Plot points with :func:`project`."""
    home = _projected_rings("KAZ")
    points = np.concatenate(home)
    west, south = points.min(axis=0) - MARGIN_KM
    east, north = points.max(axis=0) + MARGIN_KM
    frame = Bbox([[west, south], [east, north]])
    for iso3 in NEIGHBOURS:
        for ring in _projected_rings(iso3):
            clipped = MplPath(ring, closed=True).clip_to_bbox(frame, inside=True)
            if len(clipped.vertices):
                ax.add_patch(PathPatch(clipped, facecolor="#f4f4f4", edgecolor="#b0b0b0",
                                       linewidth=0.6, zorder=0))
    for ring in home:
        ax.add_patch(Polygon(ring, closed=True, facecolor="#e8f1f8", edgecolor="#4d4d4d",
                             linewidth=0.9, zorder=1))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return west, east, south, north


def scale_bar(ax: Axes, length_km: float = 500.0) -> None:
    """A scale bar in the lower right corner (the projection keeps distances
    close to true near the standard parallels)."""
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    x1 = east - 0.04 * (east - west)
    x0 = x1 - length_km
    y = south + 0.05 * (north - south)
    ax.plot([x0, x1], [y, y], color="#333333", linewidth=2, solid_capstyle="butt", zorder=5)
    ax.annotate(f"{length_km:,.0f} km", ((x0 + x1) / 2, y), xytext=(0, 4), textcoords="offset points",
                ha="center", va="bottom", color="#333333")
