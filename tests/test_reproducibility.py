"""The reproducibility appendix is generated at build and tells the truth:
its map names every figure and table of the book, with files that exist; its
package table is requirements.txt with the versions actually installed; its
execution table lists every page with code. The helpers behind it refuse bad
input with a message naming what is wrong."""

from __future__ import annotations

import json
import re
from importlib import metadata

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from test_html_build import toc_files

PAGE = "chapters/07-reproducibility"


def soup_of(root, name: str) -> BeautifulSoup:
    return BeautifulSoup((root / "_build" / "html" / f"{name}.html").read_text(), "html.parser")


def table_rows(soup: BeautifulSoup, label: str) -> list[list]:
    table = soup.find("table", id=label)
    assert table is not None, f"no table {label}"
    return [row.find_all("td") for row in table.find("tbody").find_all("tr")]


def test_map_lists_every_figure_and_table_once(built_book):
    in_book = set()
    for name in toc_files():
        main = soup_of(built_book, name).find("main")
        in_book |= {f["id"] for f in main.select("figure[id]") if f["id"].startswith("fig-")}
        in_book |= {t["id"] for t in main.select("table[id]") if t["id"].startswith("tbl-")}
    assert len(in_book) > 20, in_book
    rows = table_rows(soup_of(built_book, PAGE), "tbl-ch07-map")
    mapped = [row[0].find("a")["href"].split("#", 1)[1] for row in rows]
    assert len(mapped) == len(set(mapped)), "an item is mapped twice"
    assert set(mapped) == in_book, (
        f"missing from the map: {sorted(in_book - set(mapped))}; not in the book: {sorted(set(mapped) - in_book)}")


def test_map_rows_link_to_their_chapter_and_name_existing_files(built_book):
    package = json.loads((REPO / "data" / "datapackage.json").read_text())
    data_files = {r["path"] for r in package["resources"]}
    for row in table_rows(soup_of(built_book, PAGE), "tbl-ch07-map"):
        target = row[0].find("a")["href"]
        label = target.split("#", 1)[1]
        chapter_number = re.match(r"(fig|tbl)-ch(\d\d)-", label).group(2)
        here = chapter_number == "07"  # links within this page are fragments
        for link in (target, row[1].find("a")["href"]):
            assert link.startswith("#" if here else f"{chapter_number}-"), f"{label} links to {link}"
        for item in row[2].get_text(strip=True).split("; "):
            assert item in data_files or (built_book / item).exists(), f"{label}: input {item} not found"
        figure_data = row[3].get_text(strip=True)  # figures and tables both offer their data as CSV
        assert (built_book / "chapters" / "_generated" / figure_data).is_file(), label
        assert figure_data == f"{label}.csv"


def test_map_inputs_include_the_datasets_each_figure_credits(built_book):
    """A figure's source line credits datasets (``source_line("a", "b")``); its
    record must name at least those as inputs, and its own data file."""
    package = json.loads((REPO / "data" / "datapackage.json").read_text())
    path_of = {r["name"]: f"data/{r['path']}" for r in package["resources"]}
    records = {p.stem: json.loads(p.read_text())
               for p in (built_book / "chapters" / "_generated" / "provenance").glob("fig-*.json")}
    checked = 0
    for label, record in records.items():
        assert record["data"] == f"chapters/_generated/{label}.csv"
        chapter = (REPO / f"{record['chapter']}.md").read_text()
        # the cell that draws it, or, for the key figures drawn in both languages,
        # the function of kzbook/keyfigures.py that does
        shared = (REPO / "kzbook" / "keyfigures.py").read_text().split("\ndef ")
        cell = next((c for c in chapter.split("```{code-cell}") if f'"{label}"' in c
                     and ("save_data(" in c or "charts.finish(" in c)), None) or next(
            f for f in shared if f'"{label}"' in f and "_finish(" in f)
        credited = [name for call in re.findall(r"source_line\(([^)]*)\)", cell)
                    for name in re.findall(r'"([a-z0-9_]+)"', call)]
        missing = {path_of[n] for n in credited} - set(record["inputs"])
        assert not missing, f"{label} credits {sorted(missing)} but does not record them as inputs"
        checked += bool(credited)
    assert checked >= 10, checked


def test_package_table_is_requirements_with_installed_versions(built_book):
    pins = [re.match(r"^([\w.\-]+)==(\S+)", line).groups()
            for name in ("requirements.txt", "requirements-nodeps.txt")
            for line in (REPO / name).read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    rows = [[c.get_text(strip=True) for c in row]
            for row in table_rows(soup_of(built_book, PAGE), "tbl-ch07-packages")]
    assert [(r[0], r[1]) for r in rows] == pins
    for name, _pinned, have, matches in rows:
        assert have == metadata.version(name), name
        assert matches == ("yes" if have == _pinned else "no"), name


def test_execution_table_lists_every_page_with_code(built_book):
    soup = soup_of(built_book, PAGE)
    rows = [[c.get_text(strip=True) for c in row] for row in table_rows(soup, "tbl-ch07-execution")]
    notebooks = [n for n in toc_files()
                 if "kernelspec:" in (REPO / f"{n}.md").read_text().split("\n---", 1)[0] and n != PAGE]
    assert len(rows) == len(notebooks), rows
    for page, how, status, runtime, when in rows:
        assert status == "succeeded", (page, status)
        assert float(runtime) > 0, page
        assert re.fullmatch(r"\d{1,2}\s[A-Z][a-z]{2}\s\d{4},\s\d\d:\d\d UTC", when), when
    # a clean build: every page executed, the collectors after the chapters
    collectors = {r[0] for r in rows if r[1] == "executed after the chapters"}
    assert collectors == {"US strategic projects in Kazakhstan", "Claims ledger", "Corrections"}
    assert {r[1] for r in rows} == {"executed", "executed after the chapters"}
    text = soup.find("main").get_text(" ", strip=True)
    total = sum(float(r[3]) for r in rows)
    stated = float(re.search(r"run times add up to ([\d.]+) seconds", text).group(1))
    assert abs(stated - total) < 0.05 * len(rows), (stated, total)
    assert re.search(r"This HTML build had been running for \d+ seconds", text)


# --- the helpers, on bad input -------------------------------------------------

@pytest.fixture
def book_copy(tmp_path, monkeypatch):
    from conftest import copy_book
    root = copy_book(tmp_path / "book")
    monkeypatch.setenv("KZBOOK_ROOT", str(root))
    from kzbook import data
    monkeypatch.setattr(data, "LOADED", [])
    return root


def test_record_refuses_bad_labels_and_inputs(book_copy):
    from kzbook import data, provenance
    with pytest.raises(provenance.ProvenanceError, match="not of the form"):
        provenance.record("figure-one", ["us_aid"])
    with pytest.raises(provenance.ProvenanceError, match="no single chapter"):
        provenance.record("fig-ch42-nothing", ["us_aid"])
    with pytest.raises(provenance.ProvenanceError, match="never loaded"):
        provenance.record("fig-ch03-relative", ["us_aid"])
    with pytest.raises(provenance.ProvenanceError, match="neither a resource"):
        provenance.record("fig-ch03-relative", ["no_such_data"])
    with pytest.raises(provenance.ProvenanceError, match="name the inputs"):
        provenance.record("fig-ch03-relative", "us_aid")
    with pytest.raises(provenance.ProvenanceError, match="name the inputs"):
        provenance.record("fig-ch03-relative", [])
    data.load("us_aid")
    entry = provenance.record("fig-ch03-relative", ["us_aid"])
    assert entry == {"label": "fig-ch03-relative", "kind": "figure",
                     "chapter": "chapters/03-historical-integration",
                     "inputs": ["data/us_aid.csv"], "data": None}


def test_records_drop_items_no_longer_in_their_chapter(book_copy):
    from kzbook import data, provenance
    data.load("us_aid")
    provenance.record("tbl-ch03-growth", ["us_aid"])
    provenance.record("fig-ch03-relative", ["us_aid"])
    assert list(provenance.records()["label"]) == ["fig-ch03-relative", "tbl-ch03-growth"]
    chapter = book_copy / "chapters" / "03-historical-integration.md"
    chapter.write_text(chapter.read_text().replace("tbl-ch03-growth", "tbl-ch03-renamed"))
    assert list(provenance.records()["label"]) == ["fig-ch03-relative"]


def test_unpinned_requirement_is_refused_with_its_line(tmp_path):
    from kzbook import buildinfo
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# pins\npandas==3.1.1\nnumpy>=2\n")
    with pytest.raises(buildinfo.BuildInfoError, match=r"requirements.txt, line 3: 'numpy>=2'"):
        buildinfo.pins(requirements)
    requirements.write_text("pandas==3.1.1  # data\nno-such-package-kzbook==1.0\n")
    table = buildinfo.packages(requirements)
    assert table.to_dict("records") == [
        {"package": "pandas", "pinned": "3.1.1", "installed": metadata.version("pandas"),
         "matches": metadata.version("pandas") == "3.1.1"},
        {"package": "no-such-package-kzbook", "pinned": "1.0", "installed": "not installed", "matches": False}]


def test_reference_text_is_checked():
    from kzbook.gluing import reference
    assert reference("fig-ch03-relative") == "{numref}`fig-ch03-relative`"
    assert reference("ch03-historical-integration") == "{ref}`ch03-historical-integration`"
    assert reference("Historical integration <ch03-historical-integration>") == \
        "{ref}`Historical integration <ch03-historical-integration>`"
    with pytest.raises(ValueError):
        reference("Bad `text` <ch03-historical-integration>")
    with pytest.raises(ValueError):
        reference("Text <Not A Label>")


def test_appendix_inputs_exist_before_any_build(book_copy):
    """Run on its own in Jupyter from a fresh clone (no build yet), the appendix
    finds no execution records, says so with an empty table, and does not fail."""
    from kzbook import buildinfo, provenance
    assert not (book_copy / "chapters" / "_generated" / "execution").exists()
    assert buildinfo.executions().empty
    entry = provenance.record("tbl-ch07-execution", ["chapters/_generated/execution"])
    assert entry["inputs"] == ["chapters/_generated/execution"]


def _expected_as_of(inputs: list[str], package: dict) -> str:
    """Recomputed without the helper package: the latest 'published' among the
    sources of the input resources, at its own precision."""
    by_path = {f"data/{r['path']}": r for r in package["resources"]}
    best = None
    for item in inputs:
        for src in by_path.get(item, {}).get("sources", []):
            published = src.get("published", "unknown")
            if published == "unknown":
                continue
            parts = [int(p) for p in published.split("-")]
            key = parts + [0] * (3 - len(parts))
            if best is None or key > best[0]:
                best = (key, parts)
    if best is None:
        return ""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    parts = best[1]
    text = (str(parts[0]) if len(parts) == 1 else f"{months[parts[1] - 1]} {parts[0]}" if len(parts) == 2
            else f"{parts[2]} {months[parts[1] - 1]} {parts[0]}")
    return f"Data as of {text}."


def test_every_figure_and_table_says_how_recent_its_data_are(built_book):
    package = json.loads((REPO / "data" / "datapackage.json").read_text())
    records = [json.loads(p.read_text()) for p in (built_book / "chapters" / "_generated" / "provenance").glob("*.json")]
    figures = {p.stem: json.loads(p.read_text())
               for p in (built_book / "chapters" / "_generated" / "figures").glob("fig-*.json")}
    pages: dict[str, str] = {}
    wrong, dated = [], 0
    for record in records:
        want = _expected_as_of(record["inputs"], package)
        dated += bool(want)
        if record["kind"] == "figure":
            source = " ".join(t["text"] for t in figures[record["label"]]["texts"] if t["role"] == "source")
            have = re.sub(r"\s+", " ", source)
        else:
            page = pages.setdefault(record["chapter"], (built_book / "_build" / "html" / f"{record['chapter']}.html")
                                    .read_text(encoding="utf-8"))
            caption = BeautifulSoup(page, "html.parser").find(id=f"{record['label']}-caption")
            have = re.sub(r"\s+", " ", caption.get_text(" ")) if caption else ""
        if want and want not in have:
            wrong.append(f"{record['label']}: expected '{want}'")
        if not want and "Data as of" in have:
            wrong.append(f"{record['label']}: a date is shown although no input records one")
    assert not wrong, "\n".join(wrong)
    assert dated >= 30, dated
