"""The data package validates and describes exactly the files in data/."""

from __future__ import annotations

import json
import re

import pytest
from frictionless import validate

from kzbook import data

from conftest import REPO

PACKAGE = REPO / "data" / "datapackage.json"
RESOURCES = json.loads(PACKAGE.read_text())["resources"]


def test_package_validates_with_frictionless():
    report = validate(str(PACKAGE))
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, f"frictionless reports: {errors}"


def test_every_csv_is_described_and_every_described_file_exists():
    described = {(PACKAGE.parent / r["path"]).resolve() for r in RESOURCES}
    on_disk = {p.resolve() for p in (REPO / "data").rglob("*.csv")}
    assert on_disk - described == set(), "CSV files not in datapackage.json"
    missing = {p for p in described if not p.exists()}
    assert missing == set(), "resources whose file does not exist"


def test_resource_names_are_unique():
    names = [r["name"] for r in RESOURCES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_resource_has_provenance(resource):
    problems = data.metadata_problems(resource)
    assert problems == [], "\n".join(map(str, problems))
    for source in resource["sources"]:
        # a web address, or a file of the book itself (the commentary, the corrections record)
        path = source["path"]
        assert path.startswith(("https://", "http://")) or (REPO / path).exists(), path


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_resource_loads_and_passes_domain_rules(resource):
    frame = data.load(resource["name"])
    assert len(frame) > 0


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_resource_is_cited_in_the_bibliography(resource):
    keys = set(re.findall(r"@\w+\{([^,]+),", (REPO / "references.bib").read_text()))
    assert resource.get("x-bibtex") in keys


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_data_readme_lists_resource(resource):
    assert f"`{resource['name']}`" in (REPO / "data" / "README.md").read_text()


def test_uranium_world_total_matches_sum_of_countries():
    """WNA prints the world total; the rows of each edition must add up to it
    within rounding (0.5%), or the transcription is wrong."""
    frame = data.load("uranium_mine_production")
    world = frame[frame.iso3 == "WLD"].set_index(["edition", "year"])["production"]
    parts = frame[frame.iso3 != "WLD"].groupby(["edition", "year"])["production"].sum()
    gap = (parts - world).abs() / world
    assert (gap <= 0.005).all(), gap[gap > 0.005]


def test_uranium_covers_2010_to_2024_for_kazakhstan_and_world():
    frame = data.load("uranium_mine_production")
    for code in ("KAZ", "WLD"):
        years = set(frame.loc[frame.iso3 == code, "year"])
        assert set(range(2010, 2025)) <= years, code


def test_jv_stakes_never_exceed_100_percent_at_any_date():
    frame = data.load("uranium_jv_ownership")
    dates = set(frame["valid_from"].dropna()) | set(frame["valid_until"].dropna())
    for when in sorted(dates) + [None]:
        def holds(row):
            if when is None:
                return row.valid_until is None or row.valid_until != row.valid_until
            started = row.valid_from != row.valid_from or row.valid_from <= when
            ended = row.valid_until == row.valid_until and row.valid_until < when
            return started and not ended
        live = frame[[holds(r) for r in frame.itertuples()]]
        totals = live.groupby("company")["stake"].sum()
        assert (totals <= 100.0001).all(), (when, totals[totals > 100.0001])
