"""The claims ledger: one verdict per claim of the brief, each with evidence
built from glued numbers, at least one source, and a link that resolves."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO
from kzbook import gluing, ledger

BRIEF = REPO.parent / "shared" / "brief" / "theses.md"


def brief_ids() -> list[str]:
    if BRIEF.exists():
        return re.findall(r"^\| (C\d\d) \|", BRIEF.read_text(), re.MULTILINE)
    return [f"C{i:02d}" for i in range(1, 21)]  # the brief sits beside the repository


def records(built_book) -> dict[str, dict]:
    folder = built_book / "chapters" / "_generated" / "ledger"
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("C*.json"))}


def test_claims_file_has_every_brief_claim_once():
    import csv
    ids = [row["id"] for row in csv.DictReader((REPO / "data" / "claims.csv").open())]
    assert sorted(ids) == sorted(brief_ids()) and len(ids) == len(set(ids)) == 20


def test_every_claim_has_exactly_one_recorded_verdict(built_book):
    found = records(built_book)
    assert sorted(found) == sorted(brief_ids())
    for claim, entry in found.items():
        assert entry["id"] == claim
        assert entry["verdict"] in ledger.VERDICTS
        assert len(entry["evidence"].split()) >= 10, f"{claim}: evidence too thin"


def test_every_verdict_cites_sources_that_exist(built_book):
    bib = (REPO / "references.bib").read_text()
    for claim, entry in records(built_book).items():
        assert entry["sources"], claim
        for key in entry["sources"]:
            assert re.search(r"@\w+\{" + re.escape(key) + ",", bib), f"{claim}: unknown source {key}"


def test_every_link_points_to_an_existing_section(built_book):
    labels = set()
    for md in (REPO / "chapters").glob("*.md"):
        labels |= set(re.findall(r"^\(([a-z0-9-]+)\)=$", md.read_text(), re.MULTILINE))
    for claim, entry in records(built_book).items():
        assert entry["section"] in labels, f"{claim}: no section '{entry['section']}'"


def test_every_number_in_the_evidence_is_glued(built_book):
    """The evidence equals its template filled with values the chapters glued."""
    glued = {}
    for store in (built_book / "_build" / "jupyter_execute" / "chapters").glob("*.glue.json"):
        glued.update(json.loads(store.read_text()))
    for claim, entry in records(built_book).items():
        text, used = ledger.render(entry["template"], entry["numbers"])
        assert text == entry["evidence"], claim
        for key in used:
            assert key in glued, f"{claim}: '{key}' is not glued by any chapter"
        stripped = re.sub(r"\{[^{}]*\}", "", entry["template"])
        assert not re.search(r"(?<![A-Za-z])\d", stripped), f"{claim}: typed number in evidence"


def test_the_ledger_page_shows_every_verdict(built_book):
    from bs4 import BeautifulSoup
    html = (built_book / "_build" / "html" / "chapters" / "05-claims-ledger.html").read_text()
    table = BeautifulSoup(html, "html.parser").find("table")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == 20
    assert all(r.find_all("td")[5].find("a") for r in rows), "every row links to its analysis"


def test_record_refuses_typed_numbers_unknown_keys_and_broken_rules(monkeypatch, tmp_path):
    import shutil
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    monkeypatch.setattr(gluing, "VALUES", {"x_share": 41.26})
    basis = {"rules": ["R1"], "data": ["uranium_mine_production"]}
    entry = ledger.record("C03", "supported", "A share of {x_share:.1f}% of world output.", ["Key1"], "ch01-a", **basis)
    assert entry["evidence"] == "A share of 41.3% of world output."
    assert entry["grade"] == "A" and entry["rules"] == ["R1"]
    with pytest.raises(ledger.LedgerError, match="typed"):
        ledger.record("C03", "supported", "About 40% of world output.", ["Key1"], "ch01-a", **basis)
    with pytest.raises(ledger.LedgerError, match="not glued"):
        ledger.record("C03", "supported", "A share of {y_share}.", ["Key1"], "ch01-a", **basis)
    with pytest.raises(ledger.LedgerError, match="verdict"):
        ledger.record("C03", "true", "A share of {x_share}.", ["Key1"], "ch01-a", **basis)
    with pytest.raises(ledger.LedgerError, match="BibTeX"):
        ledger.record("C03", "supported", "A share of {x_share}.", [], "ch01-a", **basis)
    with pytest.raises(ledger.LedgerError, match="claim id"):
        ledger.record("C21", "supported", "A share of {x_share}.", ["Key1"], "ch01-a", **basis)
    with pytest.raises(ledger.LedgerError, match="R4"):
        ledger.record("C12", "supported", "A share of {x_share}.", ["Key1"], "ch03-a",
                      rules=["R4"], data=["uranium_mine_production"])
    with pytest.raises(ledger.LedgerError, match="grade D"):
        ledger.record("C16", "contradicted", "A share of {x_share}.", ["Key1"], "ch01-a",
                      rules=["R2"], data=["uranium_resources"])
    with pytest.raises(ledger.LedgerError, match="verdicts"):
        ledger.record("C03", "supported", "A share of {x_share}.", ["Key1"], "ch01-verdicts", **basis)
