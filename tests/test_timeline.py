"""The timeline of US–Kazakhstan events (kzbook/timeline.py, chapters/12-timeline.md).

The counts are recomputed here from the CSV files with plain pandas, by the
rules the page states, so a change to the rules or to the data that the page
does not account for fails a test. Bad rows are refused with the file, the row
and the field named.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
import yaml

from conftest import REPO
from kzbook import timeline
from kzbook.data import DataValidationError

DATA = REPO / "data"
LABEL = re.compile(r"^\(([a-z0-9-]+)\)=\s*$", re.M)
DAY = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")
MONTH = re.compile(r"^[A-Z][a-z]{2} \d{4}$")
YEAR = re.compile(r"^\d{4}$")


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", parse_dates=["date"])


def released() -> pd.Timestamp:
    return pd.Timestamp(str(yaml.safe_load((REPO / "CITATION.cff").read_text())["date-released"]))


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return timeline.events()


@pytest.fixture(scope="module")
def accounting() -> pd.DataFrame:
    return timeline.accounting()


def expected_counts() -> dict[str, dict[str, int]]:
    """Events, changes, merged, excluded and scheduled rows per dataset, from the CSVs."""
    cutoff = released()
    register = csv("us_projects_register")
    com = csv("commitments")
    us_com = com[com["partner"].isin(["United States", "NATO"])]
    mil = csv("alliance_milestones")
    us_mil = mil[(mil["iso3"] == "KAZ") & (mil["kind"] == "US partnership")]
    merged = us_mil[us_mil["date"].isin(us_com["date"])]
    instruments = csv("control_instruments")
    ban = csv("us_russian_uranium_ban")

    def split(frame: pd.DataFrame, dates: pd.Series | None = None) -> tuple[int, int]:
        dates = frame["date"] if dates is None else dates
        return int((dates <= cutoff).sum()), int((dates > cutoff).sum())

    first = register.groupby("project")["date"].min()
    reg_events, reg_scheduled = split(first.to_frame())
    com_events, com_scheduled = split(us_com)
    mil_events, mil_scheduled = split(us_mil.drop(index=merged.index))
    ins_events, ins_scheduled = split(instruments)
    ban_events, ban_scheduled = split(ban)
    return {
        "us_projects_register": {"event": reg_events, "change": len(register) - register["project"].nunique(),
                                 "scheduled": reg_scheduled},
        "commitments": {"event": com_events, "excluded": len(com) - len(us_com), "scheduled": com_scheduled},
        "alliance_milestones": {"event": mil_events, "merged": len(merged), "excluded": len(mil) - len(us_mil),
                                "scheduled": mil_scheduled},
        "control_instruments": {"event": ins_events, "scheduled": ins_scheduled},
        "us_russian_uranium_ban": {"event": ban_events, "scheduled": ban_scheduled},
    }


def test_one_event_per_dated_row_minus_the_documented_exclusions(events, accounting):
    expected = expected_counts()
    got = accounting.groupby(["dataset", "outcome"]).size()
    for dataset, outcomes in expected.items():
        for outcome, n in outcomes.items():
            assert int(got.get((dataset, outcome), 0)) == n, f"{dataset}: {outcome} rows"
        assert int((events["dataset"] == dataset).sum()) == outcomes["event"], f"{dataset}: events"
    assert len(events) == sum(o["event"] for o in expected.values())


def test_every_row_of_every_source_is_accounted_for_once(accounting):
    rows = sum(len(csv(name)) for name in timeline.DATASETS)
    assert len(accounting) == rows
    assert not accounting.duplicated(["dataset", "line"]).any()
    assert set(accounting["outcome"]) <= {"event", "change", "merged", "excluded", "scheduled"}
    assert accounting["reason"].str.len().gt(0).all()


def test_a_revised_project_is_one_event_with_its_later_rows_as_changes(events):
    register = csv("us_projects_register").sort_values(["date", "row_id"])
    projects = events[events["dataset"] == "us_projects_register"]
    assert len(projects) == register["project"].nunique()
    for _, event in projects.iterrows():
        name = register.loc[register["row_id"] == event["row_id"], "project"].iloc[0]
        rows = register[register["project"] == name]
        assert event["row_id"] == rows["row_id"].iloc[0], f"{name}: not dated by its first announcement"
        assert [c["row_id"] for c in event["changes"]] == list(rows["row_id"].iloc[1:]), name
    # a project revised several times stays one event (PepsiCo has several rows)
    assert (register["project"] == "PepsiCo snack plant").sum() > 1
    assert (projects["event"].str.startswith("PepsiCo snack plant")).sum() == 1


def test_events_are_in_date_order_with_allowed_kinds(events):
    assert events["date"].is_monotonic_increasing
    assert set(events["kind"]) <= set(timeline.KINDS)
    assert events["source"].notna().all() and events["event"].str.len().gt(0).all()


def test_events_of_one_day_follow_the_order_of_kinds(events):
    order = {k: i for i, k in enumerate(timeline.KINDS)}
    for date, day in events.groupby("date"):
        ranks = list(day["kind"].map(order))
        assert ranks == sorted(ranks), f"{date:%Y-%m-%d}: {list(day['kind'])}"
    assert events["date"].duplicated().any(), "no day with two events: the test needs one"


def test_another_allys_us_partnership_is_not_a_kazakh_event(tables):
    before = len(timeline.events(tables))
    mil = tables["alliance_milestones"]
    extra = mil.iloc[[0]].assign(date=pd.Timestamp("1999-03-03"), iso3="JPN", country="Japan", kind="US partnership",
                                 event="A US-Japan partnership")
    tables["alliance_milestones"] = pd.concat([mil, extra], ignore_index=True)
    assert len(timeline.events(tables)) == before
    decided = timeline.accounting(tables)
    row = decided[(decided["dataset"] == "alliance_milestones") & (decided["line"] == len(mil) + 2)].iloc[0]
    assert row["outcome"] == "excluded" and "another US ally" in row["reason"]


def test_every_timeline_link_is_a_section_label_of_the_chapters(events):
    labels = {m for path in (REPO / "chapters").glob("*.md") for m in LABEL.findall(path.read_text())}
    missing = sorted(set(events["section"]) - labels)
    assert not missing, f"timeline links to labels no chapter defines: {missing}"
    # and the sections are the ones the rules name
    assert set(events["section"]) <= set(timeline.SECTION.values()) | set(timeline.PROJECT_SECTION.values()) \
        | set(timeline.SECTOR_SECTION.values())


def test_dates_are_shown_to_their_precision(events):
    pattern = {"day": DAY, "month": MONTH, "year": YEAR}
    for _, event in events.iterrows():
        shown = timeline.label(event)
        assert pattern[event["precision"]].match(shown), f"{event['event'][:40]}: {shown!r} is not a {event['precision']}"
    # recomputed from the files: every year- or month-precision row keeps its precision
    com = csv("commitments")
    for _, row in com[com["partner"].isin(["United States", "NATO"])].iterrows():
        event = events[(events["dataset"] == "commitments") & (events["date"] == row["date"])].iloc[0]
        assert event["precision"] == row["date_precision"]
    register = csv("us_projects_register").sort_values(["date", "row_id"]).groupby("project").head(1)
    for _, row in register.iterrows():
        assert events.loc[events["row_id"] == row["row_id"], "precision"].iloc[0] == row["date_precision"]
    assert {"year", "month"} <= set(events["precision"]), "the data hold year and month dates; the test needs both"


def test_a_date_the_sources_disagree_on_is_kept_with_the_other(events):
    com = csv("commitments")
    disputed = com[com["other_date"].notna()]
    assert len(disputed) >= 1
    for _, row in disputed.iterrows():
        event = events[(events["dataset"] == "commitments") & (events["date"] == row["date"])].iloc[0]
        assert event["other_date"] == pd.Timestamp(row["other_date"])
        assert event["other_source"] in event["sources"] and event["source"] in event["sources"]
    pfp = com[com["commitment"] == "NATO Partnership for Peace"].iloc[0]
    assert (pfp["date"], pfp["date_precision"], pfp["source"]) == (pd.Timestamp("1995-01-01"), "year", "nato-pfp")


def test_each_source_cites_its_own_entry(events):
    """A source without its own x-bibtex is cited by the entry with its address,
    not by the resource's key (Russia's response is not the US law)."""
    russia = events[events["event"].str.startswith("Russian government")]
    assert list(russia["source"]) == ["Devdiscourse2024russia"]
    bib = set(re.findall(r"@\w+\{([^,]+),", (REPO / "references.bib").read_text()))
    assert {k for keys in events["sources"] for k in keys} <= bib


def test_scheduled_rows_are_not_events():
    early = pd.Timestamp("2024-06-30")
    before = timeline.events(as_of=early)
    assert before["date"].max() <= early
    later = timeline.scheduled(as_of=early)
    assert later["date"].min() > early
    assert len(before) + len(later) == len(timeline.events(as_of=pd.Timestamp("2100-01-01")))


# --- bad input ---------------------------------------------------------------------


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    return {name: frame.copy() for name, frame in timeline.load_tables().items()}


def refused(tables, where: str, words: str) -> None:
    with pytest.raises(timeline.TimelineError) as caught:
        timeline.events(tables)
    lines = [line for line in str(caught.value).splitlines() if where in line]
    assert lines, f"no problem reported at {where!r} in:\n{caught.value}"
    assert any(re.search(words, line) for line in lines), str(caught.value)


def us_row(tables) -> int:
    com = tables["commitments"]
    return int(com.index[com["partner"] == "United States"][0])


def test_an_unparseable_date_is_refused_with_file_row_and_field(tables):
    index = us_row(tables)
    tables["commitments"]["date"] = tables["commitments"]["date"].astype(object)
    tables["commitments"].at[index, "date"] = "2024-13-45"
    refused(tables, f"commitments.csv, row {index + 2}, field 'date'", "not a date: '2024-13-45'")


def test_an_unknown_kind_is_refused(tables):
    register = tables["us_projects_register"]
    index = int(register.index[register["project"] == "Mars pet-food plant"][0])
    register["deal_type"] = register["deal_type"].astype(object)
    register.at[index, "deal_type"] = "grant"
    refused(tables, f"us_projects_register.csv, row {index + 2}, field 'deal_type'", "unknown kind 'grant'")
    com = tables["commitments"]
    index = us_row(tables)
    tables["us_projects_register"] = timeline.load_tables()["us_projects_register"]
    com["kind"] = com["kind"].astype(object)
    com.at[index, "kind"] = "treaty of friendship"
    refused(tables, f"commitments.csv, row {index + 2}, field 'kind'", "unknown kind")


def test_an_unknown_precision_and_an_unknown_source_are_refused(tables):
    index = us_row(tables)
    com = tables["commitments"]
    com["date_precision"] = com["date_precision"].astype(object)
    com["source"] = com["source"].astype(object)
    com.at[index, "date_precision"] = "decade"
    com.at[index, "source"] = "nowhere"
    refused(tables, f"commitments.csv, row {index + 2}, field 'date_precision'", "unknown date precision 'decade'")
    refused(tables, f"commitments.csv, row {index + 2}, field 'source'", "'nowhere' is not the id")


def test_a_milestone_that_could_be_two_commitments_is_refused(tables):
    com = tables["commitments"]
    index = us_row(tables)
    twin = com.loc[[index]].assign(commitment="A second US agreement of the same day")
    tables["commitments"] = pd.concat([com, twin], ignore_index=True)
    mil = tables["alliance_milestones"]
    line = int(mil.index[(mil["iso3"] == "KAZ") & (mil["date"] == com.at[index, "date"])][0]) + 2
    refused(tables, f"alliance_milestones.csv, row {line}, field 'date'", "cannot tell which")


def test_a_section_label_that_does_not_exist_is_refused(tables, monkeypatch):
    monkeypatch.setitem(timeline.SECTION, "control_instruments", "ch04-no-such-section")
    refused(tables, "control_instruments.csv, row 2, field 'section'", "not a label")


def test_a_bad_date_in_the_file_is_refused_before_the_timeline(tmp_path, monkeypatch):
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(REPO / "CITATION.cff", tmp_path / "CITATION.cff")
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    shutil.copytree(REPO / "chapters", tmp_path / "chapters", ignore=shutil.ignore_patterns("_generated"))
    path = tmp_path / "data" / "control_instruments.csv"
    rows = path.read_text().splitlines()
    rows[2] = "2011-02-30" + rows[2][len("2011-10-04"):]
    path.write_text("\n".join(rows) + "\n")
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    with pytest.raises(DataValidationError, match=r"control_instruments\.csv, row 3, field 'date'"):
        timeline.events()


# --- the page ----------------------------------------------------------------------


def test_the_page_is_in_the_toc():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert "chapters/12-timeline" in files


def html_page(built_book: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup((built_book / "_build" / "html" / "chapters" / "12-timeline.html").read_text(),
                         "html.parser")


def timeline_table(soup):
    table = soup.select_one("table#tbl-ch12-timeline") or soup.find(id="tbl-ch12-timeline").find("table")
    return table


def test_the_built_table_has_one_row_per_event_and_every_link_resolves(built_book, events):
    soup = html_page(built_book)
    table = timeline_table(soup)
    body = table.find("tbody").find_all("tr")
    assert len(body) == len(events)
    header = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    column = header.index("Discussed in")
    page_dir = built_book / "_build" / "html" / "chapters"
    for tr, (_, event) in zip(body, events.iterrows()):
        cells = tr.find_all("td")
        assert cells[0].get_text(strip=True).replace("\xa0", " ") == timeline.label(event)
        links = cells[column].find_all("a")
        assert len(links) == 1, cells[column]
        href = urlparse(links[0]["href"])
        target = (page_dir / unquote(href.path)).resolve() if href.path else page_dir / "12-timeline.html"
        assert target.exists(), f"{links[0]['href']}: no such page"
        if href.fragment:
            from bs4 import BeautifulSoup
            assert BeautifulSoup(target.read_text(), "html.parser").find(id=href.fragment), \
                f"{links[0]['href']}: no such anchor"
            assert href.fragment == event["section"]


def test_the_built_page_shows_both_dates_of_a_disputed_event(built_book):
    text = timeline_table(html_page(built_book)).get_text(" ").replace("\xa0", " ")
    com = csv("commitments")
    for _, row in com[com["other_date"].notna()].iterrows():
        other = pd.Timestamp(row["other_date"])
        assert f"{other.day} {other:%b %Y}" in text
