"""Tungsten content of the compounds in which tungsten is reported.

Resources are stated in tonnes of tungsten (W) or of tungsten trioxide (WO3),
and plant output in tonnes of ammonium paratungstate (APT,
(NH4)10[H2W12O42]·4H2O). To compare them we convert to tungsten content with
the mass fraction of W in each formula, from standard atomic weights (IUPAC,
abridged values).
"""

from __future__ import annotations

ATOMIC_WEIGHT = {"W": 183.84, "O": 15.999, "N": 14.007, "H": 1.008}

# Atoms per formula unit.
FORMULAS = {
    "W": {"W": 1},
    "WO3": {"W": 1, "O": 3},
    # (NH4)10 [H2 W12 O42] . 4 H2O  ->  N10 H(40 + 2 + 8) W12 O(42 + 4)
    "APT": {"N": 10, "H": 50, "W": 12, "O": 46},
}

UNIT_COMPOUND = {"t W": "W", "t WO3": "WO3", "t W per year": "W", "t APT per year": "APT"}


def tungsten_fraction(compound: str) -> float:
    """Mass fraction of tungsten in ``compound`` (a key of FORMULAS)."""
    atoms = FORMULAS[compound]
    total = sum(ATOMIC_WEIGHT[el] * n for el, n in atoms.items())
    return ATOMIC_WEIGHT["W"] * atoms["W"] / total


def to_tungsten(quantity: float, unit: str) -> float:
    """Convert a quantity in ``unit`` (t W, t WO3, t APT per year...) to tonnes of W."""
    return quantity * tungsten_fraction(UNIT_COMPOUND[unit])


def first_estimate_rows(frame):
    """The rows of each USGS edition's newest year: its first estimate of that
    year (later editions revise it). ``frame`` is ``tungsten_mine_production``."""
    return frame[frame["year"] == frame.groupby("edition")["year"].transform("max")]


def latest_estimates(frame):
    """World and country production, each year as last revised: the value of
    the newest edition that prints the year (year x country, t W)."""
    newest = frame[frame["edition"] == frame.groupby(["iso3", "year"])["edition"].transform("max")]
    return newest.pivot(index="year", columns="country", values="production").astype(float)


def first_estimates(frame):
    """World and country production, each year as first estimated (year x country, t W)."""
    return first_estimate_rows(frame).pivot(index="year", columns="country",
                                            values="production").astype(float)
