"""The register of US projects: the latest state of each project, and the
history of its announcements (revisions are rows, never overwrites)."""

from __future__ import annotations

import pandas as pd

STRATEGIC_SECTORS = ("critical metals", "aviation fuel")  # the commentary's "new" strategic sectors
OIL_AND_GAS = "oil and gas"


def with_amounts(register: pd.DataFrame) -> pd.DataFrame:
    """Rows that state an amount, in date order."""
    return register.dropna(subset=["amount_usd_million"]).sort_values(["date", "row_id"])


def latest(register: pd.DataFrame) -> pd.DataFrame:
    """One row per project: its latest status, its latest stated amount (and the
    first one), and where it is. Projects are keyed by name."""
    ordered = register.sort_values(["date", "row_id"])
    last = ordered.groupby("project", sort=False).tail(1).set_index("project")
    stated = with_amounts(register)
    amounts = stated.groupby("project")
    last_amount = amounts.tail(1).set_index("project")
    out = last[["us_company", "kz_counterpart", "deal_type", "sector", "region", "lat", "lon",
                "status", "date", "date_precision", "us_stake_pct", "source"]].copy()
    out = out.rename(columns={"date": "status_date"})
    out["first_date"] = ordered.groupby("project")["date"].min()
    out["first_amount_usd_million"] = amounts["amount_usd_million"].first()
    # the latest amount row as a whole (groupby().last() would mix rows, skipping gaps)
    for column in ("amount_usd_million", "amount_qualifier", "date"):
        out["amount_date" if column == "date" else column] = last_amount[column].reindex(out.index)
    out["announcements"] = ordered.groupby("project").size()
    # Where: the latest row that names a settlement, else the latest with coordinates.
    columns = ["settlement", "lat", "lon", "location_basis"]
    named = ordered[ordered["settlement"].notna()].groupby("project")[columns].last()
    located = ordered[ordered["lat"].notna()].groupby("project")[columns].last()
    placed = named.combine_first(located)
    for column in columns:
        out[column] = placed[column].reindex(out.index)
    return out.sort_values("first_date")


def revisions(register: pd.DataFrame, project: str) -> pd.DataFrame:
    """Every dated row of one project, oldest first."""
    rows = register[register["project"] == project].sort_values(["date", "row_id"])
    if rows.empty:
        raise KeyError(f"no project named {project!r} in the register")
    return rows


def us_share_of_amount(state: pd.DataFrame) -> pd.Series:
    """The US companies' part of each project's latest amount: the amount times
    the US stake where a stake is stated, else the whole amount."""
    stake = state["us_stake_pct"].astype("Float64").fillna(100.0) / 100.0
    return state["amount_usd_million"].astype("Float64") * stake


def date_label(date: pd.Timestamp, precision: str) -> str:
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%b %Y}"
    return f"{date:%d %b %Y}".lstrip("0")
