"""Statements the data can make false: aggregates over the project register,
extremes of a series ("peak", "since", "up to"), and statements over a set
("all three", "in every year"). Each is tested on the basis the text states."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from conftest import REPO
from kzbook import checks, projects

DATA = REPO / "data"
ANALYSIS_CHAPTERS = sorted((REPO / "chapters").glob("0[1-4]-*.md"))
GLUE = re.compile(r"\{glue(?::\w+)?\}`([a-z0-9_]+)")

# Sentences that use these words about something other than a data series or
# set, with the reason. Kept short: everything else must cite a checked key.
EXEMPT = {
    "since USGS revises": "'since' meaning 'because'",
    "since some weapons-of-mass-destruction": "'since' meaning 'because'",
    "in every year of the compilation": "describes the troop file, which validation requires to be annual "
                                        "(x-complete-years in datapackage.json)",
    "projects since {glue:text}`ch02_new_from`": "the definition of 'new' projects (kzbook.projects.NEW_FROM)",
    "register since {glue:text}`ch02_new_from`": "the same definition",
    "Each verdict below applies the rubric": "about the book's method, not about data",
    "none of it shows": "about what the data cannot show, not about a set in the data",
    "the US rank every year": "describes a table still to be read",
    "which USGS prints only as a lower bound": "an upper bound on a share, from a world total printed as a lower "
                                               "bound; not the extreme of a series",
}
EXTREME = re.compile(r"\b(peak|peaked|highest|lowest|its low|since|hosted up to|at most|largest yearly)\b")
QUANTIFIED = re.compile(r"\b(all (two|three|four|five|six|\d+)|in every year|every year|each of|are all|for all|"
                        r"none of|in all)\b")


def sentences(source) -> list[str]:
    """Prose sentences of a chapter (code cells, directives, labels, headings and
    tables removed; paragraphs split first, then sentences)."""
    text = source.read_text()
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r":::.*?:::", "", text, flags=re.S)
    text = "\n".join(line for line in text.splitlines()
                     if not re.match(r"^\([a-z0-9-]+\)=$", line) and not line.startswith(("#", "|", "{download}")))
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = re.sub(r"\s+", " ", paragraph).strip()
        out += [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[^a-z\s])", flat) if s.strip()]
    return out


@pytest.fixture(scope="module")
def saved_checks(built_book) -> dict:
    found = {}
    for path in (built_book / "chapters" / "_generated" / "checks").glob("ch*.json"):
        found.update(json.loads(path.read_text()))
    return found


# --- register aggregates: one row per project ------------------------------------

def synthetic_register() -> pd.DataFrame:
    rows = [  # project A revised upward; an old project B with a new row; a new project C
        ("a-1", "A", "Kazakh purchase from a US company", "aviation", "2024-03-01", 100.0),
        ("a-2", "A", "Kazakh purchase from a US company", "aviation", "2025-03-01", 300.0),
        ("b-1", "B", "US investment", "oil and gas", "1993-04-06", 50.0),
        ("b-2", "B", "US investment", "oil and gas", "2025-01-24", 500.0),
        ("c-1", "C", "US investment", "food", "2025-06-01", 100.0),
    ]
    frame = pd.DataFrame(rows, columns=["row_id", "project", "deal_type", "sector", "date", "amount_usd_million"])
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("us_company", "kz_counterpart", "region", "status", "date_precision", "source", "settlement",
                   "location_basis", "amount_qualifier"):
        frame[column] = "x"
    for column in ("lat", "lon", "us_stake_pct"):
        frame[column] = float("nan")
    return frame


def test_register_totals_use_the_latest_state_of_each_project():
    register = synthetic_register()
    kinds = projects.money_by_kind(projects.new_projects(projects.latest(register), since=2024))
    # A at its latest 300 and C at 100; B (first announced 1993) is not new
    assert kinds.loc["Kazakh purchase from a US company", "share_pct"] == pytest.approx(75.0)
    assert kinds["usd_million"].sum() == pytest.approx(400.0)
    # the per-row basis, which counts A twice and B's 2025 row, would give 40%
    rows = register[register["date"].dt.year >= 2024]
    per_row = rows.loc[rows["deal_type"].str.startswith("Kazakh"), "amount_usd_million"].sum() / rows["amount_usd_million"].sum()
    assert per_row == pytest.approx(0.4)


def test_register_totals_refuse_register_rows():
    with pytest.raises(ValueError, match="one row per project"):
        projects.money_by_kind(synthetic_register().set_index("project"))


def test_industrial_chapter_states_shares_on_the_latest_state_basis(built_book):
    from bs4 import BeautifulSoup
    reg = pd.read_csv(DATA / "us_projects_register.csv", parse_dates=["date"]).sort_values(["date", "row_id"])
    first = reg.groupby("project")["date"].min()
    stated = reg.dropna(subset=["amount_usd_million"])
    last_day = stated[stated["date"] == stated.groupby("project")["date"].transform("max")]
    amount = last_day.groupby("project")["amount_usd_million"].min()  # the lower of two same-day figures
    kind = reg.groupby("project")["deal_type"].last()
    new = first[first.dt.year >= 2024].index
    total = amount.reindex(new).fillna(0).sum()
    purchases = amount.reindex(new)[kind.reindex(new) == "Kazakh purchase from a US company"].sum()
    html = (built_book / "_build" / "html" / "chapters" / "02-industrial-projects.html").read_text()
    text = re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").find("main").get_text(" "))
    assert f"{100 * purchases / total:.0f} % is Kazakh purchases from US companies" in text
    assert f"add up to {total:,.0f} million dollars" in text


# --- extremes only from annual series ----------------------------------------------

def test_extreme_refuses_a_series_sampled_in_steps(monkeypatch, tmp_path):
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    sampled = pd.Series([10, 30, 20], index=[1950, 1955, 1960])
    with pytest.raises(checks.SampledSeriesError, match="not an annual series"):
        checks.extreme("ch99_peak", sampled, "max", {"resource": "x", "where": {}, "year": "year"})
    with pytest.raises(checks.SampledSeriesError):
        checks.leading_since("ch99_since", pd.Series([True, True], index=[2000, 2005]),
                             {"resource": "x", "where": {}, "year": "year"})
    annual = pd.Series([10, 30, 20], index=[1950, 1951, 1952])
    assert checks.extreme("ch99_peak", annual, "max", {"resource": "x", "where": {}, "year": "year"}) == (30.0, 1951)


def test_saved_extremes_rest_on_annual_rows_of_the_raw_file(saved_checks):
    """Every saved extreme or run reads rows that hold every year of its span."""
    package = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    checked = 0
    for key, entry in saved_checks.items():
        if entry["kind"] not in ("max", "min", "since") or entry["resource"] is None:
            continue
        frame = pd.read_csv(DATA / package[entry["resource"]]["path"])
        for column, value in entry.get("where", {}).items():
            frame = frame[frame[column] == value]
        years = set(frame[entry["year"]].astype(int))
        span = set(range(entry["first"], entry["last"] + 1))
        assert span <= years, f"{key}: {entry['resource']} lacks {sorted(span - years)[:5]}"
        checked += 1
    assert checked >= 10


def test_saved_first_events_are_the_earliest_rows(saved_checks):
    package = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    events = {k: e for k, e in saved_checks.items() if e["kind"] == "first event"}
    assert events
    for key, entry in events.items():
        frame = pd.read_csv(DATA / package[entry["resource"]]["path"], parse_dates=["date"])
        for column, value in entry.get("where", {}).items():
            frame = frame[frame[column] == value]
        assert int(frame["date"].min().year) == entry["value"], key


def test_prose_extremes_cite_a_checked_value(saved_checks):
    """A sentence that says 'peak', 'since', 'up to'... cites a key a check produced."""
    bad = []
    for source in ANALYSIS_CHAPTERS:
        for sentence in sentences(source):
            if not EXTREME.search(sentence) or any(e in sentence for e in EXEMPT):
                continue
            keys = {k.removesuffix("_year") for k in GLUE.findall(sentence)}
            if not keys & set(saved_checks):
                bad.append(f"{source.name}: {sentence[:160]}")
    assert not bad, "extremes without a checked value:\n" + "\n".join(bad)


def test_prose_statements_over_a_set_cite_a_checked_value(saved_checks):
    bad = []
    for source in ANALYSIS_CHAPTERS:
        for sentence in sentences(source):
            if not QUANTIFIED.search(sentence) or any(e in sentence for e in EXEMPT):
                continue
            if not set(GLUE.findall(sentence)) & set(saved_checks):
                bad.append(f"{source.name}: {sentence[:160]}")
    assert not bad, "statements over a set without a check:\n" + "\n".join(bad)


def test_each_member_of_the_checked_sets_is_recomputed(saved_checks):
    """The members of the decisive sets, recomputed from the raw files."""
    # every alliance is with Russia or a body it leads
    com = pd.read_csv(DATA / "commitments.csv")
    alliances = com[com["kind"] == "alliance"]
    assert saved_checks["ch04_alliance_partners"]["members"] == dict(
        zip(alliances["commitment"], alliances["partner"].isin(["Russia", "Russia-led"])))
    # the tungsten uses the commentary names
    uses = pd.read_csv(DATA / "tungsten_named_uses.csv")
    assert saved_checks["ch01_use_documented"]["members"] == dict(zip(uses["use"], uses["documented"]))
    # troops stayed two decades after the first aid year, in each post-war case
    troops = pd.read_csv(DATA / "us_troops.csv")
    aid = pd.read_csv(DATA / "us_aid.csv", dtype={"fiscal_year": str})
    first = aid.assign(fy=aid["fiscal_year"].str[:4].astype(int)).groupby("iso3")["fy"].min()
    names = {"DEU": "Germany", "JPN": "Japan", "KOR": "South Korea"}
    stayed = {n: int(troops[(troops.iso3 == c) & (troops.year == first[c] + 20)]["troops"].iloc[0]) >= 10_000
              for c, n in names.items()}
    assert saved_checks["ch03_troops_stayed"]["members"] == stayed
    # operating projects: the latest status of each project
    reg = pd.read_csv(DATA / "us_projects_register.csv", parse_dates=["date"]).sort_values(["date", "row_id"])
    last = reg.groupby("project").tail(1)
    operating = last[last["status"].str.contains("operating")]
    assert saved_checks["ch02_operating_sectors"]["members"] == dict(
        zip(operating["project"], operating["sector"] == "oil and gas"))
