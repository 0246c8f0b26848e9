"""Kazakhstan's trade and investment by partner: which source covers which
years, partners' shares and the Herfindahl-Hirschman index of concentration.

The series is spliced from the sources of ``trade_by_partner``, one per year,
by :data:`SOURCE_BY_YEAR`: WITS (UN Comtrade) before BNS tables exist, BNS
from 2018, BNS's final edition for 2024 on. Known defects are excluded, never
patched: WITS imports of 2010 undercount Russia (:data:`EXCLUDED`).

The HHI is the sum of the squared shares (per cent) of every partner country
in the world total: 10,000 if one partner took everything, near 0 if trade
were spread over many. Aggregates (the world, "unspecified") are not partners.
"""

from __future__ import annotations

import pandas as pd

from kzbook.countries import AGGREGATES, EU27, short_name

# (first year, last year, source id): the source used for the spliced series.
SOURCE_BY_YEAR = ((2010, 2017, "wits"), (2018, 2023, "bns-xls"), (2024, 2100, "bns-2025"))
# (year, flow, source): rows of the spliced series left out, with the reason in the text.
EXCLUDED = {(2010, "imports", "wits"): "WITS imports for 2010 undercount Russia and Belarus: the customs union "
                                       "stopped customs declarations between its members in July 2010"}
BLOCS = {"China": ("CHN",), "Russia": ("RUS",), "EU-27": EU27, "United States": ("USA",)}


def source_for(year: int) -> str:
    for first, last, source in SOURCE_BY_YEAR:
        if first <= year <= last:
            return source
    raise KeyError(f"no trade source chosen for {year}")


def spliced(trade: pd.DataFrame) -> pd.DataFrame:
    """The rows of the series the book uses: one source per year, defects left out."""
    chosen = trade[[source_for(int(y)) == s for y, s in zip(trade["year"], trade["source"])]]
    keep = [(int(y), f, s) not in EXCLUDED for y, f, s in zip(chosen["year"], chosen["flow"], chosen["source"])]
    return chosen[keep]


def partners(frame: pd.DataFrame) -> pd.DataFrame:
    """Partner-country rows only (aggregates removed)."""
    return frame[~frame["iso3"].isin(list(AGGREGATES))]


def world(frame: pd.DataFrame) -> pd.Series:
    """The world total by (year, flow) or (year, indicator)."""
    keys = [c for c in ("year", "flow", "indicator") if c in frame.columns]
    totals = frame[frame["iso3"] == "WLD"].set_index(keys)["value"].astype(float).sort_index()
    if not totals.index.is_unique:
        raise ValueError("more than one world total for a year: splice the sources first")
    return totals


def shares(frame: pd.DataFrame, blocs: dict[str, tuple[str, ...]] = BLOCS) -> pd.DataFrame:
    """Each bloc's share of the world total, per cent, by (year, flow)."""
    keys = [c for c in ("year", "flow", "indicator") if c in frame.columns]
    total = world(frame)
    out = {}
    for name, codes in blocs.items():
        part = frame[frame["iso3"].isin(codes)].groupby(keys)["value"].sum().reindex(total.index, fill_value=0.0)
        out[name] = 100 * part.astype(float) / total
    return pd.DataFrame(out)


def hhi(frame: pd.DataFrame, positive_only: bool = False) -> pd.Series:
    """Herfindahl-Hirschman index of partner concentration (0-10,000), by
    (year, flow): the sum of squared partner shares of the world total.

    With ``positive_only`` (for investment, where a partner's net flow or
    position can be negative) partners with a negative value are left out
    and shares are taken of the sum of the positive values."""
    keys = [c for c in ("year", "flow", "indicator") if c in frame.columns]
    rows = partners(frame).copy()
    rows["value"] = rows["value"].astype(float)
    if positive_only:
        rows = rows[rows["value"] > 0]
        total = rows.groupby(keys)["value"].sum()
    else:
        total = world(frame)
    share = 100 * rows.set_index(keys)["value"] / total.reindex(rows.set_index(keys).index).values
    return (share ** 2).groupby(level=keys).sum()


def leader(frame: pd.DataFrame) -> pd.DataFrame:
    """The largest partner country by (year, flow), with its share of the world total."""
    keys = [c for c in ("year", "flow", "indicator") if c in frame.columns]
    rows = partners(frame)
    top = rows.loc[rows.groupby(keys)["value"].idxmax()].set_index(keys).sort_index()
    return pd.DataFrame({"partner": top["iso3"].map(short_name),
                         "share": 100 * top["value"].astype(float) / world(frame)})
