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


def stakes_in_force(ownership: pd.DataFrame) -> pd.DataFrame:
    """Stakes held now: rows without an end date, except a buyer's stake in a
    sale only announced; a seller's stake in such a sale stays in force until
    completion is reported (its row carries the announced end date)."""
    announced = ownership["status"] == "announced"
    open_ended = ownership["valid_until"].isna()
    return ownership[(open_ended & ~announced) | (~open_ended & announced)]


def capacity_by_company(capacity: pd.DataFrame) -> pd.DataFrame:
    """Each company's capacity, tU a year: for each mine, the latest published
    figure (its ``as_of``); where two figures share the latest date they give a
    low and a high value. Mines are summed per company."""
    latest = capacity[capacity["as_of"] == capacity.groupby(["company", "mine"])["as_of"].transform("max")]
    per_mine = latest.groupby(["company", "mine"])["capacity"].agg(["min", "max"])
    return per_mine.groupby("company").sum().rename(columns={"min": "low", "max": "high"}).astype(float)


def attributable_capacity(capacity: pd.DataFrame, ownership: pd.DataFrame) -> pd.DataFrame:
    """Capacity attributable to each owner country: each company's capacity
    times each holder's stake in force, summed by the holder's country; the
    part of a company whose holders are not known is "not attributed".
    Columns low and high (tU a year); the rows add up to the companies' total.
    """
    caps = capacity_by_company(capacity)
    stakes = stakes_in_force(ownership)
    missing = sorted(set(caps.index) - set(stakes["company"]))
    if missing:
        raise ValueError(f"capacity for companies with no stakes recorded: {missing}")
    rows = []
    for company, cap in caps.iterrows():
        held = stakes[stakes["company"] == company]
        by_country = held.groupby("holder_iso3")["stake"].sum().astype(float)
        if by_country.sum() > 100.0001:
            raise ValueError(f"{company}: stakes in force add up to {by_country.sum()}%")
        for country, stake in by_country.items():
            rows.append({"company": company, "country": country, "low": cap["low"] * stake / 100,
                         "high": cap["high"] * stake / 100})
        rows.append({"company": company, "country": "not attributed",
                     "low": cap["low"] * (100 - by_country.sum()) / 100,
                     "high": cap["high"] * (100 - by_country.sum()) / 100})
    return pd.DataFrame(rows)
