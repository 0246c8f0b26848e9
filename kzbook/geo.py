"""Country boundaries for the map, from Natural Earth via the ``world-atlas``
TopoJSON package (see :mod:`kzbook.vendor`), and a point-in-country test that
the data validation uses for project coordinates.

TopoJSON stores each border once as a quantized, delta-encoded "arc"; a
polygon ring is a list of arc indices (``~i`` meaning arc ``i`` reversed).
Decoding follows the TopoJSON specification, section 2.1.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
from matplotlib.path import Path as MplPath

from kzbook import countries, vendor

ATLAS_FILE = "countries-50m.json"  # Natural Earth Admin 0, 1:50m, v4.1.0


@lru_cache(maxsize=1)
def _topology() -> dict:
    with open(vendor.path("world-atlas", ATLAS_FILE), encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _arcs() -> list[np.ndarray]:
    topology = _topology()
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    decoded = []
    for arc in topology["arcs"]:
        positions = np.cumsum(np.array(arc, dtype=float), axis=0)  # undo delta encoding
        decoded.append(positions * scale + translate)
    return decoded


def arc(index: int) -> np.ndarray:
    """One decoded arc: an ``(n, 2)`` array of longitude, latitude in degrees."""
    return _arcs()[index]


def join_arcs(indices: list[int], arcs=arc) -> np.ndarray:
    """A ring from its arc indices (``~i`` is arc ``i`` reversed); ``arcs``
    maps an index to that arc's points, so a caller can join arcs it has
    projected or simplified (each shared border is then treated once, and
    neighbours still meet exactly)."""
    parts = []
    for k, index in enumerate(indices):
        points = arcs(index) if index >= 0 else arcs(~index)[::-1]
        parts.append(points if k == 0 else points[1:])  # shared end points appear once
    return np.concatenate(parts)


def country_arcs(iso3: str) -> list[list[list[int]]]:
    """Polygons of a country as TopoJSON keeps them: each a list of rings
    (outer ring first), each ring a list of arc indices."""
    numeric = countries.numeric_code(iso3)
    for geometry in _topology()["objects"]["countries"]["geometries"]:
        if geometry.get("id") == numeric:
            return [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    raise KeyError(f"no boundary for {iso3} (ISO numeric {numeric}) in world-atlas {ATLAS_FILE}")


def country_polygons(iso3: str) -> list[list[np.ndarray]]:
    """Polygons of a country: each a list of rings (outer ring first), each ring
    an ``(n, 2)`` array of longitude, latitude in degrees, at the atlas's full
    precision."""
    return [[join_arcs(ring) for ring in polygon] for polygon in country_arcs(iso3)]


def contains(iso3: str, lon: float, lat: float) -> bool:
    """Whether the point lies inside the country (even-odd rule over all rings)."""
    inside = False
    for polygon in country_polygons(iso3):
        for ring in polygon:
            if MplPath(ring).contains_point((lon, lat)):
                inside = not inside
    return inside
