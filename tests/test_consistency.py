"""Datasets that hold the same quantity agree, or differ for a reason listed
in kzbook.consistency.EXCEPTIONS; a changed value is caught."""

from __future__ import annotations

import shutil

import pandas as pd

from conftest import REPO
from kzbook import consistency


def test_no_difference_is_unexplained():
    results = consistency.run()
    unexplained = results[results["status"] == "unexplained"]
    assert unexplained.empty, unexplained.to_string()
    assert set(results["check"]) == {c.name for c in consistency.CHECKS}


def test_every_listed_exception_still_matches_a_difference():
    assert consistency.unused_exceptions(consistency.run()) == []


def test_a_changed_value_is_caught(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    aid = pd.read_csv(tmp_path / "data" / "us_aid.csv", dtype=str)
    row = (aid["iso3"] == "KAZ") & (aid["fiscal_year"] == "2010")
    aid.loc[row, "current_usd"] = str(int(aid.loc[row, "current_usd"].iloc[0]) * 2)
    aid.to_csv(tmp_path / "data" / "us_aid.csv", index=False, lineterminator="\n")
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    results = consistency.run()
    caught = results[(results["status"] == "unexplained")]
    assert list(caught["key"]) == ["KAZ 2010"]
