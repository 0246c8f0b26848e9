"""Comparisons for the historical chapter: GDP per capita relative to the US,
growth by decade, catch-up years, and aid per person over a window."""

from __future__ import annotations

import pandas as pd

FRONTIER = "USA"

# Kazakhstan declared independence on 16 December 1991: its first full year
# as a state, from which its series are shown on their own.
KAZ_INDEPENDENCE = 1992


def gdp_wide(gdp: pd.DataFrame) -> pd.DataFrame:
    """GDP per capita, year x ISO code."""
    return gdp.pivot(index="year", columns="iso3", values="gdppc").astype(float)


def relative_to_us(gdp: pd.DataFrame) -> pd.DataFrame:
    """GDP per capita as a percentage of the US level, year x ISO code (US excluded)."""
    wide = gdp_wide(gdp)
    return (100 * wide.div(wide[FRONTIER], axis=0)).drop(columns=FRONTIER)


def decade_growth(gdp: pd.DataFrame) -> pd.DataFrame:
    """Compound annual growth of GDP per capita, % a year, per decade (rows:
    decade start) and country; the last decade runs to the last year with data."""
    wide = gdp_wide(gdp)
    last = int(wide.index.max())
    out = {}
    for start in range(int(wide.index.min()) // 10 * 10, last, 10):
        end = min(start + 10, last)
        if start not in wide.index or end not in wide.index:
            continue
        out[f"{start}–{end}"] = 100 * ((wide.loc[end] / wide.loc[start]) ** (1 / (end - start)) - 1)
    return pd.DataFrame(out).T


def first_year_at(relative: pd.Series, threshold: float) -> int | None:
    """First year the relative level reaches ``threshold`` per cent (None if never)."""
    reached = relative.dropna()
    reached = reached[reached >= threshold]
    return int(reached.index.min()) if len(reached) else None


def aid_per_person(aid: pd.DataFrame, gdp: pd.DataFrame, iso3: str, first: int, years: int = 15) -> float:
    """Constant-2022 US dollars of US aid per person over fiscal years
    ``first`` .. ``first + years - 1``: the window's total over the average
    population of the window's years that the population series covers."""
    fiscal = aid["fiscal_year"].str[:4].astype(int)
    window = aid[(aid["iso3"] == iso3) & fiscal.between(first, first + years - 1)]
    pop = gdp[(gdp["iso3"] == iso3) & gdp["year"].between(first, first + years - 1)]["population"]
    if pop.empty:
        raise ValueError(f"no population for {iso3} in {first}-{first + years - 1}")
    return float(window["constant_2022_usd"].sum() / (pop.astype(float).mean() * 1000))


def aid_by_period(aid: pd.DataFrame, gdp: pd.DataFrame, last_year: int, step: int = 5) -> pd.DataFrame:
    """US aid per person, constant 2022 dollars, as a yearly average over
    periods of ``step`` fiscal years (1945-1949, 1950-1954, ...).

    A period counts the fiscal years from the country's first year in the
    series (or the period's start) to ``last_year`` (the last complete year of
    the series) or the period's end; a year without obligations counts as
    zero. Population is the average over the counted years that the population
    series covers, or its first year when it starts later. The transition quarter of 1976 ("1976TQ") counts with 1976.
    """
    frame = aid.assign(fy=aid["fiscal_year"].str[:4].astype(int))
    frame = frame[frame["fy"] <= last_year]
    pop = gdp.set_index(["iso3", "year"])["population"].astype(float)
    rows = []
    for code, country in frame.groupby("iso3"):
        first = int(country["fy"].min())
        for period in range(first // step * step, last_year + 1, step):
            years = [y for y in range(max(period, first), min(period + step - 1, last_year) + 1)]
            total = float(country.loc[country["fy"].isin(years), "constant_2022_usd"].sum())
            covered = [y for y in years if (code, y) in pop.index]
            if not covered:
                covered = [int(gdp.loc[gdp["iso3"] == code, "year"].min())]
            people = float(pop.loc[[(code, y) for y in covered]].mean()) * 1000
            rows.append({"iso3": code, "period": period, "first": years[0], "last": years[-1],
                         "years": len(years), "usd_per_person_year": total / len(years) / people})
    return pd.DataFrame(rows)


def annual_from(series: pd.Series) -> int:
    """First year of the unbroken annual run that ends at the series' last year
    (its extremes can be read from there on)."""
    years = sorted(int(y) for y in series.dropna().index)
    start = years[-1]
    for year in reversed(years[:-1]):
        if year != start - 1:
            break
        start = year
    return start
