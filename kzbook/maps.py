"""A plain map of Kazakhstan for the book's figures: the country filled, its
neighbours outlined, in an Albers equal-area conic projection fitted to the
country (standard parallels 43° and 52° N, central meridian 67° E), computed
with pyproj (PROJ).

The 1:50m boundaries carry more detail than a map five inches wide can show
(one point of the figure is about 9 km). Each border (a TopoJSON arc) is
projected and then simplified once, by the Douglas-Peucker algorithm of GEOS
through shapely, to :data:`TOLERANCE_KM`: the simplified line stays within
2 km, about 0.2 pt, of the original, a quarter of the width of Kazakhstan's
outline, and Kazakhstan and each neighbour still share one simplified border,
so their outlines coincide. Neighbours are cut to the map's frame. This keeps
the figure's SVG light (``tests/test_figures.py`` holds the map to 150 KB).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.patches import PathPatch, Polygon
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from kzbook import geo

NEIGHBOURS = ("RUS", "CHN", "KGZ", "UZB", "TKM")
PROJECTION = "+proj=aea +lat_0=48 +lon_0=67 +lat_1=43 +lat_2=52 +datum=WGS84 +units=km +no_defs"
TOLERANCE_KM = 2.0
MARGIN_KM = 120.0


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)


def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (degrees) to map coordinates (km)."""
    x, y = _transformer().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


@lru_cache(maxsize=None)
def _simplified_arc(index: int, tolerance: float) -> np.ndarray:
    """Arc ``index`` projected to km and simplified (Douglas-Peucker, end
    points kept, so arcs still join), once for every country it borders."""
    lon, lat = geo.arc(index).T
    line = shapely.LineString(np.column_stack(project(lon, lat)))
    points = shapely.get_coordinates(shapely.simplify(line, tolerance, preserve_topology=False))
    points.flags.writeable = False  # cached and shared: nobody may change it
    return points


def projected_rings(iso3: str, tolerance: float = TOLERANCE_KM) -> list[np.ndarray]:
    """The outer ring of each of a country's polygons, in map coordinates (km),
    simplified to ``tolerance`` km; rings that simplify to a sliver (fewer
    than four points: an islet) are left out."""
    rings = []
    for polygon in geo.country_arcs(iso3):
        ring = geo.join_arcs(polygon[0], lambda i: _simplified_arc(i, tolerance))
        if len(ring) >= 4:
            rings.append(ring)
    return rings


def draw_kazakhstan(ax: Axes) -> tuple[float, float, float, float]:
    """Draw Kazakhstan and its neighbours' borders in the map projection; return
    the frame (west, east, south, north) in km. Plot points with :func:`project`."""
    home = projected_rings("KAZ")
    points = np.concatenate(home)
    west, south = points.min(axis=0) - MARGIN_KM
    east, north = points.max(axis=0) + MARGIN_KM
    frame = Bbox([[west, south], [east, north]])
    for iso3 in NEIGHBOURS:
        for ring in projected_rings(iso3):
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
