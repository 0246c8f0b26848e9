"""Verdicts follow the published rubric, come from one record, and name their
basis: rules applied, evidence grade, qualifier, key phrase of the original."""

from __future__ import annotations

import csv
import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from kzbook import ledger, rubric

GRADE_ORDER = "ABCD"


def records(built_book) -> dict[str, dict]:
    folder = built_book / "chapters" / "_generated" / "ledger"
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("C*.json"))}


def text_of(node) -> str:
    """Visible text, spaces normalised and typographic apostrophes made plain."""
    return plain(node.get_text(" "))


def plain(text: str) -> str:
    """Spaces normalised, typographic quotes (Sphinx's smart quotes) made straight."""
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).strip()


def section(soup: BeautifulSoup, label: str):
    """The section a MyST label names (Sphinx writes the label as a span before it)."""
    anchor = soup.find(id=label)
    assert anchor is not None, f"no label {label}"
    return anchor if anchor.name == "section" else anchor.find_parent("section")


def page(built_book, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / "_build" / "html" / "chapters" / f"{name}.html").read_text(), "html.parser")


# --- the rubric itself --------------------------------------------------------

def test_rubric_refuses_verdicts_it_can_check(monkeypatch, tmp_path):
    with pytest.raises(rubric.RubricError, match="R4"):
        rubric.check("C12", "supported", ["R4"], "A", corroborated=False)
    with pytest.raises(rubric.RubricError, match="R10"):
        rubric.check("C01", "partly supported", ["R10"], "A", corroborated=False)
    with pytest.raises(rubric.RubricError, match="R9"):
        rubric.check("C16", "contradicted", ["R2"], "D", corroborated=False)
    with pytest.raises(rubric.RubricError, match="R9"):
        rubric.check("C16", "supported", ["R2"], "C", corroborated=False)
    with pytest.raises(rubric.RubricError, match="rules"):
        rubric.check("C03", "supported", [], "A", corroborated=False)
    with pytest.raises(rubric.RubricError, match="co-movement"):
        rubric.check("C14", "partly supported", ["R4"], "A", corroborated=False)
    rubric.check("C14", "partly supported", ["R4"], "A", corroborated=False, qualifier="as co-movement")
    rubric.check("C16", "contradicted", ["R2"], "D", corroborated=True)  # a second publisher agrees
    rubric.check("C03", "supported", ["R1"], "A", corroborated=False)
    assert rubric.weakest(["A", "D", "B"]) == "D"


def test_evidence_grade_is_the_weakest_source_of_the_rows_used():
    package = json.loads((REPO / "data" / "datapackage.json").read_text())
    register = next(r for r in package["resources"] if r["name"] == "us_projects_register")
    grades = {s["id"]: s["x-grade"] for s in register["sources"]}
    some = [i for i, g in grades.items() if g == "B"][:2]
    assert ledger.evidence_grade({"us_projects_register": some}) == "B"
    assert ledger.evidence_grade(["us_projects_register"]) == max(grades.values())
    with pytest.raises(ledger.LedgerError):
        ledger.evidence_grade({"us_projects_register": ["no-such-source"]})


def test_every_source_has_a_grade():
    package = json.loads((REPO / "data" / "datapackage.json").read_text())
    for resource in package["resources"]:
        for source in resource["sources"]:
            assert source.get("x-grade") in rubric.GRADES, (resource["name"], source["id"])


# --- the records ------------------------------------------------------------------

def test_every_record_names_rules_grade_and_a_valid_qualifier(built_book):
    package = json.loads((REPO / "data" / "datapackage.json").read_text())
    sources = {r["name"]: {s["id"]: s["x-grade"] for s in r["sources"]} for r in package["resources"]}
    for claim, entry in records(built_book).items():
        assert entry["rules"] and set(entry["rules"]) <= set(rubric.RULES), claim
        assert entry["qualifier"] in (None, *ledger.QUALIFIERS), claim
        # the grade recomputed from the package: weakest among the datasets named
        data = entry["data"]
        grades = ([g for name in data for g in sources[name].values()] if isinstance(data, list)
                  else [sources[name][i] for name, ids in data.items() for i in ids])
        assert entry["grade"] == max(grades, key=GRADE_ORDER.index), claim
        rubric.check(claim, entry["verdict"], entry["rules"], entry["grade"], corroborated=True,
                     qualifier=entry["qualifier"])
        assert not entry["section"].endswith("-verdicts"), f"{claim} links a bare verdicts section"


def test_each_chapter_prints_the_ledgers_verdict_text(built_book):
    """The verdict a chapter prints is the ledger record, word for word."""
    for claim, entry in records(built_book).items():
        chapter = next((REPO / "chapters").glob(entry["section"][2:4] + "-*.md")).stem
        soup = page(built_book, chapter)
        verdicts = section(soup, f"ch{entry['section'][2:4]}-verdicts")
        items = [text_of(li) for li in verdicts.find_all("li") if text_of(li).startswith(claim + " ")]
        assert len(items) == 1, f"{claim}: {len(items)} verdict bullets in {chapter}"
        printed = re.sub(r"\s+([,.;:%)])", r"\1", items[0])
        assert f"{ledger.verdict_text(entry)}." in printed, (claim, printed[:120])
        assert plain(entry["evidence"]) in printed, (claim, printed)
        assert f"Rubric: {', '.join(entry['rules'])}." in printed
        assert f"Evidence grade {entry['grade']}" in printed


def test_the_ledger_table_shows_the_same_records(built_book):
    soup = page(built_book, "05-claims-ledger")
    rows = soup.find(id="tbl-ch05-ledger").find("tbody").find_all("tr")
    found = records(built_book)
    assert len(rows) == len(found) == 20
    for row in rows:
        cells = [re.sub(r"\s+([,.;:%)])", r"\1", text_of(td)) for td in row.find_all("td")]
        entry = found[cells[0]]
        assert cells[2] == ledger.verdict_text(entry)
        assert cells[3] == re.sub(r"\s+([,.;:%)])", r"\1", plain(entry["evidence"]))
        assert cells[4] == f"{', '.join(entry['rules'])}; {entry['grade']}"
        assert row.find_all("td")[6].find("a"), "the analysis is linked"


def test_no_verdict_is_typed_in_a_chapter():
    """Verdict bullets are generated from the records, never written in Markdown."""
    for source in sorted((REPO / "chapters").glob("0[1-4]-*.md")):
        prose = re.sub(r"```\{code-cell\}.*?```", "", source.read_text(), flags=re.S)
        typed = re.findall(r"^\s*- \*\*C\d\d\b", prose, flags=re.M)
        assert not typed, f"{source.name} types verdicts: {typed}"


# --- the commentary, its key phrases and the bibliography ---------------------------

def test_key_phrases_are_short_verbatim_quotations():
    original = (REPO / "commentary" / "commentary.ru.txt").read_text(encoding="utf-8")
    rows = list(csv.DictReader((REPO / "data" / "claims.csv").open(encoding="utf-8")))
    assert len(rows) == 20
    for row in rows:
        phrase = row["key_phrase_ru"]
        assert phrase in original, f"{row['id']}: not in the commentary: {phrase}"
        assert len(phrase.split()) <= 12, f"{row['id']}: quotation too long"


def test_the_ledger_shows_each_key_phrase(built_book):
    table = page(built_book, "05-claims-ledger").find(id="tbl-ch05-ledger")
    shown = text_of(table)
    for row in csv.DictReader((REPO / "data" / "claims.csv").open(encoding="utf-8")):
        assert f"«{row['key_phrase_ru']}»" in shown, row["id"]


def test_bibliography_has_no_internal_wording():
    bib = (REPO / "references.bib").read_text()
    for phrase in ("project brief", "Paraphrased in", "as paraphrased"):
        assert phrase not in bib, phrase
    entry = re.search(r"@misc\{CommentaryND,.*?\n\}", bib, flags=re.S).group(0)
    assert "commentary/commentary.ru.txt" in entry and "November 2025" in entry


# --- the introduction --------------------------------------------------------------

def test_bottom_line_counts_equal_the_records(built_book):
    found = records(built_book)
    counts = {v: sum(e["verdict"] == v for e in found.values()) for v in rubric.VERDICTS}
    words = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
             8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen",
             14: "fourteen", 15: "fifteen", 16: "sixteen"}
    soup = page(built_book, "00-introduction")
    text = text_of(section(soup, "ch00-bottom-line"))
    assert "Of the commentary’s twenty claims" in text or "Of the commentary's twenty claims" in text
    for verdict, n in counts.items():
        if n:
            assert re.search(rf"\b{words[n]} (are |is )?{re.escape(verdict.split(' with')[0].replace('not testable', 'cannot be tested'))}", text), (verdict, n, text[:300])
    assert len(re.findall(r"[.!?](\s|$)", text)) >= 5, "about five sentences"


def test_key_findings_link_sections_by_name(built_book):
    soup = page(built_book, "00-introduction")
    items = section(soup, "ch00-key-findings").find_all("li")
    assert len(items) >= 8
    for li in items:
        link = li.find("a", class_="reference")
        assert link is not None
        label = text_of(link)
        assert ":" in label and "Verdicts" not in label, label
