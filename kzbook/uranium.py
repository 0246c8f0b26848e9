"""Uranium computations shared by the introduction and the resources chapter."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzbook.analysis import latest_edition, share
from kzbook.countries import AGGREGATES


@dataclass(frozen=True)
class MineProduction:
    """Mine production, latest edition per (country, year)."""

    wide: pd.DataFrame  # year x country (tU), aggregates included
    world: pd.Series  # printed world total by year (tU)
    countries: pd.DataFrame  # year x country (tU), aggregates removed

    def share(self, country: str) -> pd.Series:
        """``country``'s share of the world total, per cent, by year."""
        return share(self.wide[country], self.world)

    def rank(self, country: str) -> pd.Series:
        """``country``'s rank among countries by year (1 = largest)."""
        return self.countries.rank(axis=1, ascending=False, method="min")[country]


def mine_production(frame: pd.DataFrame) -> MineProduction:
    latest = latest_edition(frame, keys=["iso3", "year"])
    wide = latest.pivot(index="year", columns="country", values="production").astype("float64")
    aggregates = [name for name in AGGREGATES.values() if name in wide.columns]
    return MineProduction(wide=wide, world=wide["World"], countries=wide.drop(columns=aggregates))


@dataclass(frozen=True)
class Resources:
    """Known recoverable resources of one estimate year."""

    year: int
    tonnes: pd.Series  # by country (tU), aggregates removed
    world: float  # the source's world total (tU)

    @property
    def share(self) -> pd.Series:
        """Each country's share of the world total, per cent, largest first."""
        return (100 * self.tonnes / self.world).sort_values(ascending=False)

    def rank(self, country: str) -> int:
        return int(self.share.rank(ascending=False, method="min")[country])


def resources(frame: pd.DataFrame) -> Resources:
    year = int(frame["as_of_year"].max())
    latest = frame[frame["as_of_year"] == year].set_index("country")["resources"].astype(float)
    return Resources(year=year, tonnes=latest.drop("World"), world=float(latest["World"]))
