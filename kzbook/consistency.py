"""Checks that datasets holding the same quantity agree, and the documented
reasons where they do not.

Each check pairs the rows of two datasets that measure one thing (US aid to
one country in one fiscal year, from two publishers; a country's uranium
output from the company and from WNA; ...) and returns one row per pair with
both values and their difference. A difference beyond the check's tolerance
must be explained in :data:`EXCEPTIONS`, the one place where known
disagreements are listed; the data-and-methods appendix prints every check
and the tests fail on any difference that is not explained there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from kzbook.data import load


@dataclass(frozen=True)
class Check:
    name: str
    what: str
    left: str  # dataset names, for the printed table
    right: str
    tolerance_pct: float  # relative difference allowed, per cent (or points, if ``points``)
    pairs: Callable[[], pd.DataFrame]  # columns: key, left, right
    points: bool = False  # compare in percentage points rather than relative per cent


# (check name, key) -> why the two datasets differ there.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("us-aid-totals", "KAZ 2020"): "The two copies were taken at different dates; ForeignAssistance.gov had "
        "absorbed later obligations and de-obligations for fiscal 2020.",
    ("us-aid-totals", "KAZ 2024"): "The Foreign Aid Explorer copy holds fiscal 2024 only in part; the book uses "
        "that copy up to fiscal 2023 (its x-last-complete-year).",
    ("us-aid-totals", "JPN 2024"): "As for Kazakhstan: fiscal 2024 is incomplete in the Foreign Aid Explorer copy.",
    ("us-aid-totals", "KOR 2024"): "As for Kazakhstan: fiscal 2024 is incomplete in the Foreign Aid Explorer copy.",
    ("exports-quoted-vs-wits", "JPN 2012"): "The East-West Center rounds Japanese customs figures to 17%; WITS "
        "uses Japan's report to UN Comtrade.",
    ("trade-wits-vs-bns", "exports 2020"): "WITS holds an incomplete version of Kazakhstan's 2020-2022 reports "
        "for partners outside the Eurasian Economic Union; the book uses the Bureau's figures for those years.",
    ("trade-wits-vs-bns", "exports 2021"): "As for 2020.",
    ("trade-wits-vs-bns", "exports 2022"): "As for 2020.",
    ("trade-wits-vs-bns", "imports 2020"): "As for 2020 exports; imports are further below.",
    ("trade-wits-vs-bns", "imports 2021"): "As for 2020 imports.",
    ("trade-wits-vs-bns", "imports 2022"): "As for 2020 imports.",
    ("resources-wna-vs-redbook", "UZB"): "The transcription of the Red Book differs from WNA's copy by 100 t "
        "(131,300 against 131,200 tU); both are shown, neither is corrected.",
}


def _aid_totals() -> pd.DataFrame:
    aid = load("us_aid")
    split = load("us_aid_split")
    split = split.assign(fiscal_year=split["fiscal_year"].astype(str))
    merged = split.merge(aid, on=["iso3", "fiscal_year"], how="left")
    return pd.DataFrame({"key": merged["iso3"] + " " + merged["fiscal_year"].astype(str),
                         "left": merged["current_usd"].astype(float), "right": merged["total_usd"].astype(float)})


def _kazatomprom_vs_wna() -> pd.DataFrame:
    from kzbook.uranium import mine_production
    wide = mine_production(load("uranium_mine_production")).wide
    kap = load("kazatomprom_production")
    full = kap[kap["basis"] == "100%"].set_index("year")["production"].astype(float)
    return pd.DataFrame({"key": [str(y) for y in full.index], "left": full.values,
                         "right": [float(wide.at[y, "Kazakhstan"]) for y in full.index]})


def _milestones_vs_commitments() -> pd.DataFrame:
    milestones = load("alliance_milestones")
    kaz = milestones[milestones["iso3"] == "KAZ"]
    dates = set(load("commitments")["date"])
    return pd.DataFrame({"key": [f"{d:%Y-%m-%d} {e[:40]}" for d, e in zip(kaz["date"], kaz["event"])],
                         "left": 1.0, "right": [1.0 if d in dates else 0.0 for d in kaz["date"]]})


def _resources_wna_vs_redbook() -> pd.DataFrame:
    wna = load("uranium_resources").set_index("iso3")["resources"].astype(float)
    rb = load("uranium_resources_by_cost")
    rb = rb[(rb["category"] == "identified") & (rb["cost_ceiling"] == 130)].set_index("iso3")["resources"].astype(float)
    common = [c for c in wna.index if c in rb.index]
    return pd.DataFrame({"key": common, "left": wna[common].values, "right": rb[common].values})


def _exports_quoted_vs_wits() -> pd.DataFrame:
    quoted = load("exports_to_us_share")
    wits = load("exports_to_us_wits")
    wits = wits.assign(share_wits=100 * wits["exports_to_us"].astype(float) / wits["total_exports"].astype(float))
    merged = quoted.merge(wits, on=["iso3", "year"])
    return pd.DataFrame({"key": merged["iso3"] + " " + merged["year"].astype(str),
                         "left": merged["share"].astype(float), "right": merged["share_wits"]})


def _register_vs_tungsten_jv() -> pd.DataFrame:
    register = load("us_projects_register")
    jv = load("tungsten_jv_2025")
    cove = register[register["project"].str.contains("tungsten")].sort_values("date").iloc[-1]

    def fact(word):
        return float(jv.loc[jv["item"].str.contains(word, regex=False), "value"].iloc[0])
    return pd.DataFrame({"key": ["US stake, %", "cost, USD million"],
                         "left": [float(cove["us_stake_pct"]), float(cove["amount_usd_million"])],
                         "right": [fact("Cove Kaz Capital stake"), fact("development cost")]})


def _gdp_totals_vs_per_person() -> pd.DataFrame:
    totals = load("gdp_totals")
    ppp = totals[totals["measure"] == "purchasing-power parities"]
    gdp = load("gdp_per_capita")
    merged = ppp.merge(gdp, on=["iso3", "year"])
    return pd.DataFrame({"key": merged["iso3"] + " " + merged["year"].astype(str),
                         "left": merged["gdp"].astype(float),
                         "right": merged["gdppc"].astype(float) * merged["population"].astype(float) / 1000})


def _purchases_totals() -> pd.DataFrame:
    totals = load("us_uranium_purchases_total").set_index("year")["total"].astype(float)
    umar = load("us_uranium_umar").set_index("year")["total"].astype(float)
    common = [y for y in totals.index if y in umar.index]
    return pd.DataFrame({"key": [str(y) for y in common], "left": totals[common].values, "right": umar[common].values})


def _trade_wits_vs_bns() -> pd.DataFrame:
    trade = load("trade_by_partner")
    world = trade[trade["iso3"] == "WLD"].pivot_table(index=["year", "flow"], columns="source", values="value")
    both = world.dropna(subset=["wits", "bns-xls"])
    return pd.DataFrame({"key": [f"{f} {y}" for y, f in both.index], "left": both["bns-xls"].values,
                         "right": both["wits"].values})


CHECKS = [
    Check("us-aid-totals", "US aid obligations to a country in a fiscal year, current dollars",
          "us_aid", "us_aid_split", 0.5, _aid_totals),
    Check("kazatomprom-vs-wna", "Kazakh uranium output: Kazatomprom's 100% basis against WNA's country figure, tU",
          "kazatomprom_production", "uranium_mine_production", 1.0, _kazatomprom_vs_wna),
    Check("milestones-vs-commitments", "Each Kazakh alliance and partnership milestone appears, on the same date, "
          "among the commitments (1 = found)", "alliance_milestones", "commitments", 0.0, _milestones_vs_commitments),
    Check("resources-wna-vs-redbook", "Uranium resources under USD 130/kgU by country, tU: WNA's table against the "
          "Red Book's", "uranium_resources", "uranium_resources_by_cost", 0.05, _resources_wna_vs_redbook),
    Check("exports-quoted-vs-wits", "Share of exports going to the US, per cent: quoted figures against WITS",
          "exports_to_us_share", "exports_to_us_wits", 0.5, _exports_quoted_vs_wits, points=True),
    Check("register-vs-tungsten-jv", "The tungsten joint venture's US stake and cost in the register and in the "
          "venture's own table", "us_projects_register", "tungsten_jv_2025", 0.0, _register_vs_tungsten_jv),
    Check("us-purchases-totals", "US reactor operators' uranium purchases, million lb: the EIA figures held by year "
          "against the 2024 report's table", "us_uranium_purchases_total", "us_uranium_umar", 0.0, _purchases_totals),
    Check("trade-wits-vs-bns", "Kazakhstan's total exports and imports, USD million: the Bureau of National Statistics "
          "against WITS (UN Comtrade)", "trade_by_partner", "trade_by_partner", 1.5, _trade_wits_vs_bns),
    Check("gdp-totals-vs-per-person", "GDP at purchasing-power parities: the totals table against GDP per person "
          "times population, million 2011 dollars", "gdp_totals", "gdp_per_capita", 0.1, _gdp_totals_vs_per_person),
]


def run(checks: list[Check] | None = None) -> pd.DataFrame:
    """Every pair of every check, with its difference and status: 'agree',
    'explained' (listed in :data:`EXCEPTIONS`) or 'unexplained'."""
    rows = []
    for check in checks or CHECKS:
        for _, pair in check.pairs().iterrows():
            left, right = pair["left"], pair["right"]
            if pd.isna(left) or pd.isna(right):
                diff = float("inf")
            elif check.points:
                diff = abs(left - right)
            else:
                diff = 0.0 if left == right else 100 * abs(left - right) / max(abs(left), abs(right))
            agree = diff <= check.tolerance_pct
            explained = EXCEPTIONS.get((check.name, str(pair["key"])))
            rows.append({"check": check.name, "key": str(pair["key"]), "left": left, "right": right,
                         "difference": diff, "status": "agree" if agree else "explained" if explained else
                         "unexplained", "why": "" if agree else (explained or "")})
    return pd.DataFrame(rows)


def unused_exceptions(results: pd.DataFrame) -> list[tuple[str, str]]:
    """Exceptions that no longer match a disagreement (to be removed)."""
    explained = set(zip(results.loc[results["status"] == "explained", "check"],
                        results.loc[results["status"] == "explained", "key"]))
    return [k for k in EXCEPTIONS if k not in explained]
