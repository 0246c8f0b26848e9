"""The datasets added from new sources: trade by partner, FDI by partner and
uranium capacity by owner, recomputed from the raw files."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import REPO
from kzbook import trade, uranium

DATA = REPO / "data"
EU27 = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA",
        "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"}


def test_trade_partner_rows_add_up_to_the_world_total():
    rows = pd.read_csv(DATA / "trade_by_partner.csv")
    world = rows[rows["iso3"] == "WLD"].set_index(["source", "year", "flow"])["value"]
    parts = rows[rows["iso3"] != "WLD"].groupby(["source", "year", "flow"])["value"].sum()
    gap = (parts - world).abs() / world
    assert (gap < 0.001).all(), gap[gap >= 0.001]


def test_trade_shares_and_hhi_recomputed_from_partner_rows(built_book):
    rows = pd.read_csv(DATA / "trade_by_partner.csv")
    use = rows[[("wits" if y < 2018 else "bns-xls" if y < 2024 else "bns-2025") == s
                for y, s in zip(rows["year"], rows["source"])]]
    use = use[~((use["year"] == 2010) & (use["flow"] == "imports"))]
    world = use[use["iso3"] == "WLD"].set_index(["year", "flow"])["value"]
    countries = use[~use["iso3"].isin(["WLD", "UNS"])]
    share = countries.assign(s=100 * countries["value"].values / world.reindex(
        list(zip(countries["year"], countries["flow"]))).values)
    hhi = (share["s"] ** 2).groupby([share["year"], share["flow"]]).sum()
    eu = share[share["iso3"].isin(EU27)].groupby(["year", "flow"])["s"].sum()
    china = share[share["iso3"] == "CHN"].set_index(["year", "flow"])["s"]
    figure = pd.read_csv(built_book / "chapters" / "_generated" / "fig-ch04-trade-hhi.csv").set_index(["year", "flow"])
    assert figure["hhi"].to_dict() == pytest.approx(hhi.round(1).to_dict(), abs=0.051)
    shares = pd.read_csv(built_book / "chapters" / "_generated" / "fig-ch04-trade-shares.csv").set_index(["year", "flow"])
    assert shares["EU-27"].to_dict() == pytest.approx(eu.round(2).to_dict(), abs=0.0051)
    assert shares["China"].to_dict() == pytest.approx(china.round(2).to_dict(), abs=0.0051)
    assert (2010, "imports") not in shares.index, "WITS imports of 2010 are excluded"


def test_hhi_of_known_shares():
    frame = pd.DataFrame({"year": 2020, "flow": "exports", "iso3": ["WLD", "AAA", "BBB", "CCC"],
                          "value": [100.0, 50.0, 30.0, 20.0]})
    assert trade.hhi(frame).iloc[0] == pytest.approx(50 ** 2 + 30 ** 2 + 20 ** 2)
    negative = pd.DataFrame({"year": 2020, "indicator": "net inflow", "iso3": ["WLD", "AAA", "BBB", "CCC"],
                             "value": [60.0, 80.0, -40.0, 20.0]})
    assert trade.hhi(negative, positive_only=True).iloc[0] == pytest.approx(80 ** 2 + 20 ** 2)


def test_fdi_shares_recomputed(built_book):
    fdi = pd.read_csv(DATA / "fdi_by_partner.csv")
    stock = fdi[fdi["indicator"] == "inward stock"]
    world = stock[stock["iso3"] == "WLD"].set_index("year")["value"]
    us = 100 * stock[stock["iso3"] == "USA"].set_index("year")["value"] / world
    figure = pd.read_csv(built_book / "chapters" / "_generated" / "fig-ch04-fdi.csv").set_index("year")
    assert figure["United States"].to_dict() == pytest.approx(us.round(2).to_dict(), abs=0.0051)


def test_attributable_capacity_adds_up_to_the_capacity_attributed():
    capacity = pd.read_csv(DATA / "uranium_jv_capacity.csv", dtype={"as_of": str})
    ownership = pd.read_csv(DATA / "uranium_jv_ownership.csv")
    attributed = uranium.attributable_capacity(capacity, ownership)
    # independent total: per mine the latest figure(s), low and high, summed
    latest = capacity[capacity["as_of"] == capacity.groupby(["company", "mine"])["as_of"].transform("max")]
    per_mine = latest.groupby(["company", "mine"])["capacity"].agg(["min", "max"])
    assert attributed["low"].sum() == pytest.approx(per_mine["min"].sum())
    assert attributed["high"].sum() == pytest.approx(per_mine["max"].sum())
    by_company = attributed.groupby("company")[["low", "high"]].sum()
    assert by_company["low"].to_dict() == pytest.approx(per_mine["min"].groupby("company").sum().to_dict())
    assert "USA" not in set(attributed["country"])


def test_attributable_capacity_refuses_stakes_above_100_percent():
    capacity = pd.DataFrame({"company": ["X"], "mine": ["m"], "capacity": [1000], "as_of": ["2020"]})
    ownership = pd.DataFrame({"company": ["X", "X"], "holder_iso3": ["KAZ", "RUS"], "stake": [60.0, 50.0],
                              "valid_until": [None, None], "status": ["completed", "completed"]})
    with pytest.raises(ValueError, match="add up to"):
        uranium.attributable_capacity(capacity, ownership)


def test_announced_sales_leave_the_seller_in_place():
    ownership = pd.DataFrame({"company": ["X"] * 3, "holder_iso3": ["KAZ", "RUS", "CHN"], "stake": [50.0, 30.0, 30.0],
                              "valid_until": [None, "2024-12-16", None],
                              "status": ["completed", "announced", "announced"]})
    assert list(uranium.stakes_in_force(ownership)["holder_iso3"]) == ["KAZ", "RUS"]
