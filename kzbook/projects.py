"""The register of US projects: the latest state of each project, and the
history of its announcements (revisions are rows, never overwrites)."""

from __future__ import annotations

import pandas as pd

STRATEGIC_SECTORS = ("critical metals", "aviation fuel")  # the commentary's "new" strategic sectors
OIL_AND_GAS = "oil and gas"
# "New" projects are those first announced in or after this year: the period
# the commentary writes about. Chapters 2 and 4 both use it.
NEW_FROM = 2024
PURCHASE = "Kazakh purchase from a US company"
INVESTMENT = "US investment"
MEMORANDUM = "partnership or memorandum"


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
    # The latest amount; where two statements of the latest date differ (one
    # project announced with different figures by each side), the lower counts.
    latest_date = stated.groupby("project")["date"].transform("max")
    last_amount = (stated[stated["date"] == latest_date].sort_values("amount_usd_million")
                   .groupby("project").head(1).set_index("project"))
    out = last[["us_company", "kz_counterpart", "deal_type", "sector", "region", "lat", "lon",
                "status", "date", "date_precision", "us_stake_pct", "source"]].copy()
    out = out.rename(columns={"date": "status_date"})
    out["first_date"] = ordered.groupby("project")["date"].min()
    out["first_amount_usd_million"] = amounts["amount_usd_million"].first()
    same_day = stated[stated["date"] == latest_date]
    highest = same_day.reindex(columns=["amount_usd_million", "amount_high_usd_million"]).max(axis=1)
    out["amount_high_same_day"] = highest.groupby(same_day["project"]).max()
    # the latest amount row as a whole (groupby().last() would mix rows, skipping gaps)
    for column in ("amount_usd_million", "amount_qualifier", "date", "source"):
        name = {"date": "amount_date", "source": "amount_source"}.get(column, column)
        out[name] = last_amount[column].reindex(out.index)
    out["announcements"] = ordered.groupby("project").size()
    # Where: the latest row that names a settlement, else the latest with coordinates.
    columns = ["settlement", "lat", "lon", "location_basis"]
    named = ordered[ordered["settlement"].notna()].groupby("project")[columns].last()
    located = ordered[ordered["lat"].notna()].groupby("project")[columns].last()
    placed = named.combine_first(located)
    for column in columns:
        out[column] = placed[column].reindex(out.index)
    return out.sort_values("first_date")


def new_projects(state: pd.DataFrame, since: int = NEW_FROM) -> pd.DataFrame:
    """Projects (one row each, from :func:`latest`) first announced in or after ``since``.

    A later row of an older project (a 2025 expansion of a 1993 venture) does
    not make it new, and a project revised several times counts once.
    """
    return state[state["first_date"].dt.year >= since]


def money_by_kind(state: pd.DataFrame) -> pd.DataFrame:
    """The latest stated amount of each project, summed by kind of deal, with
    each kind's share of the total (per cent) and the number of projects.

    ``state`` has one row per project (:func:`latest`); a table of register
    rows, in which a revised project appears once per revision, is refused.
    """
    if not state.index.is_unique or "first_date" not in state.columns:
        raise ValueError("money_by_kind() takes one row per project, as latest() returns")
    amounts = state["amount_usd_million"].astype("Float64").fillna(0.0)
    out = pd.DataFrame({"usd_million": amounts.groupby(state["deal_type"]).sum(),
                        "projects": state.groupby("deal_type").size()})
    out["share_pct"] = 100.0 * out["usd_million"] / out["usd_million"].sum()
    return out


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


def date_label(date: pd.Timestamp, precision: str = "day") -> str:
    """A date as the book prints it, to the precision the source gives:
    "7 Aug 2024", "Aug 2024" or "2024" (the one date format of every table)."""
    if pd.isna(date):
        raise ValueError("date_label(): no date")
    if precision == "year":
        return f"{date:%Y}"
    if precision == "month":
        return f"{date:%b %Y}"
    return f"{date:%d %b %Y}".lstrip("0")
