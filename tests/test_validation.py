"""Bad input gives one clear error naming the file, the row and the field.

Each test builds a corrupted copy of the data in a temporary folder and points
the helper package at it with KZBOOK_ROOT; data/ itself is never edited.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kzbook import data
from kzbook.data import DataValidationError

from conftest import REPO

NAME = "uranium_mine_production"
FILE = "uranium_mine_production.csv"


@pytest.fixture
def book(tmp_path, monkeypatch) -> Path:
    """A temporary book root holding a copy of data/."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    return tmp_path


def lines(book: Path, file: str = FILE) -> list[str]:
    return (book / "data" / file).read_text().splitlines()


def write(book: Path, rows: list[str], file: str = FILE) -> None:
    (book / "data" / file).write_text("\n".join(rows) + "\n")


def set_cell(book: Path, row: int, field: str, value: str) -> None:
    """Set ``field`` on file line ``row`` (the header is row 1)."""
    rows = lines(book)
    header = rows[0].split(",")
    cells = rows[row - 1].split(",")
    cells[header.index(field)] = value
    rows[row - 1] = ",".join(cells)
    write(book, rows)


def expect_error(name: str, file: str, row: int | None, field: str | None, words: str) -> str:
    with pytest.raises(DataValidationError) as caught:
        data.load(name)
    message = str(caught.value)
    where = f"{file}, " + (f"row {row}" if row is not None else "whole file")
    if field is not None:
        where += f", field '{field}'"
    matching = [line for line in message.splitlines() if where in line]
    assert matching, f"no problem reported at '{where}' in:\n{message}"
    assert any(re.search(words, line) for line in matching), message
    return message


# --- corruptions of the real uranium file ---------------------------------

def test_missing_column(book):
    rows = [",".join(c for i, c in enumerate(r.split(",")) if i != 4) for r in lines(book)]
    write(book, rows)
    expect_error(NAME, FILE, 1, "unit", "column is missing")


def test_wrong_type(book):
    set_cell(book, 5, "year", "20x5")
    expect_error(NAME, FILE, 5, "year", "type-error")


def test_negative_quantity(book):
    set_cell(book, 3, "production", "-5")
    expect_error(NAME, FILE, 3, "production", "minimum")


def test_duplicate_primary_key(book):
    rows = lines(book)
    write(book, rows + [rows[7]])
    expect_error(NAME, FILE, len(rows) + 1, "iso3, year, edition", "duplicate primary key")


def test_unknown_country(book):
    set_cell(book, 4, "country", "Atlantis")
    set_cell(book, 4, "iso3", "ATL")
    message = expect_error(NAME, FILE, 4, "iso3", "unknown country code 'ATL'")
    assert f"{FILE}, row 4, field 'country': unknown country 'Atlantis'" in message


def test_country_and_code_disagree(book):
    set_cell(book, 2, "iso3", "NZL")  # row 2 is Australia
    expect_error(NAME, FILE, 2, "country", "is AUS, but the row's iso3 is 'NZL'")


def test_empty_file(book):
    (book / "data" / FILE).write_text("")
    expect_error(NAME, FILE, None, None, "file is empty")


def test_header_without_rows(book):
    write(book, lines(book)[:1])
    expect_error(NAME, FILE, None, None, "header but no data rows")


def test_unknown_unit_in_a_row(book):
    set_cell(book, 6, "unit", "furlongs")
    expect_error(NAME, FILE, 6, "unit", "unknown unit 'furlongs'")


def test_unit_mismatch_in_a_row(book):
    set_cell(book, 6, "unit", "lb U3O8e")
    expect_error(NAME, FILE, 6, "unit", "does not match the unit of 'production'")


def test_unknown_unit_declared_in_schema(book):
    path = book / "data" / "datapackage.json"
    package = json.loads(path.read_text())
    for field in package["resources"][0]["schema"]["fields"]:
        if field["name"] == "production":
            field["unit"] = "kilo-somethings"
    path.write_text(json.dumps(package))
    expect_error(NAME, FILE, 1, "production", "unknown unit 'kilo-somethings'")


def test_malformed_row_with_extra_cell(book):
    rows = lines(book)
    rows[9] += ",surplus"
    write(book, rows)
    expect_error(NAME, FILE, 10, None, "extra-cell")


def test_year_outside_plausible_range(book):
    set_cell(book, 8, "year", "1850")
    expect_error(NAME, FILE, 8, "year", "outside the plausible range")


def test_missing_provenance(book):
    path = book / "data" / "datapackage.json"
    package = json.loads(path.read_text())
    del package["resources"][0]["sources"][0]["accessed"]
    path.write_text(json.dumps(package))
    expect_error(NAME, FILE, None, None, "source 1 lacks 'accessed'")


# --- domain rules without schema constraints (a synthetic resource) -------

SHARES = "shares.csv"


@pytest.fixture
def shares(book) -> Path:
    """Add a resource whose schema has no numeric constraints, so that only
    the domain rules (declared units) stand between bad data and a figure."""
    path = book / "data" / "datapackage.json"
    package = json.loads(path.read_text())
    template = package["resources"][0]
    package["resources"].append({
        "name": "shares",
        "path": SHARES,
        "sources": template["sources"],
        "licenses": template["licenses"],
        "schema": {"fields": [
            {"name": "iso3", "type": "string", "role": "iso3"},
            {"name": "year", "type": "integer", "unit": "year"},
            {"name": "share", "type": "number", "unit": "%"},
            {"name": "tonnes", "type": "number", "unit": "t"},
        ], "primaryKey": ["iso3", "year"]},
    })
    path.write_text(json.dumps(package))
    write(book, ["iso3,year,share,tonnes", "KAZ,2023,38.8,10", "CAN,2023,20.2,5"], SHARES)
    assert len(data.load("shares")) == 2  # the clean fixture passes
    return book


def test_share_above_100(shares):
    write(shares, ["iso3,year,share,tonnes", "KAZ,2023,138.8,10", "CAN,2023,20.2,5"], SHARES)
    expect_error("shares", SHARES, 2, "share", "above 100")


def test_negative_share(shares):
    write(shares, ["iso3,year,share,tonnes", "KAZ,2023,38.8,10", "CAN,2023,-0.1,5"], SHARES)
    expect_error("shares", SHARES, 3, "share", "below 0")


def test_negative_quantity_caught_by_domain_rule(shares):
    write(shares, ["iso3,year,share,tonnes", "KAZ,2023,38.8,-10", "CAN,2023,20.2,5"], SHARES)
    expect_error("shares", SHARES, 2, "tonnes", "cannot be negative")


def test_every_problem_is_reported_not_only_the_first(shares):
    write(shares, ["iso3,year,share,tonnes", "KAZ,2023,138.8,-10", "XXX,2023,20.2,5"], SHARES)
    with pytest.raises(DataValidationError) as caught:
        data.load("shares")
    assert len(caught.value.problems) == 3


def test_row_citing_an_unknown_source(book):
    path = book / "data" / "us_uranium_purchases_total.csv"
    rows = path.read_text().splitlines()
    rows[2] = rows[2].replace("eia-umar-2020", "a-blog-somewhere")
    path.write_text("\n".join(rows) + "\n")
    expect_error("us_uranium_purchases_total", "us_uranium_purchases_total.csv", 3, "source",
                 "not the 'id' of any source")


def test_unknown_publication_date_needs_a_note(book):
    path = book / "data" / "datapackage.json"
    package = json.loads(path.read_text())
    package["resources"][0]["sources"][0]["published"] = "unknown"
    package["resources"][0]["sources"][0].pop("x-note", None)
    path.write_text(json.dumps(package))
    expect_error(NAME, FILE, None, None, "unknown publication date but no 'x-note'")


REGISTER = "us_projects_register"
REGISTER_FILE = "us_projects_register.csv"


def edit_register(book: Path, row: int, **cells: str) -> None:
    """Change fields on file line ``row`` of the project register (CSV-aware)."""
    import csv
    import io
    path = book / "data" / REGISTER_FILE
    rows = list(csv.reader(io.StringIO(path.read_text())))
    header = rows[0]
    for field, value in cells.items():
        rows[row - 1][header.index(field)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())


@pytest.mark.parametrize("row, cells, field, words", [
    (3, {"lat": "41.3", "lon": "69.2"}, "lat", "outside KAZ"),               # Tashkent
    (4, {"lat": "76.9115", "lon": "43.25249"}, "lat", "outside KAZ"),         # swapped
    (2, {"lon": ""}, "lon", "together"),
    (2, {"amount_usd_million": "-160"}, "amount_usd_million", "below 0"),
    (2, {"date": "14 June 2024"}, "date", "type"),
    (5, {"source": ""}, "source", "constraint|required"),
    (2, {"us_stake_pct": "170"}, "us_stake_pct", "above 100"),
    (2, {"capacity_unit": ""}, "capacity_unit", "has a value but no unit"),      # 16,000 of what?
    (4, {"capacity_unit": "t per year"}, "capacity_value", "no value"),            # a unit without a number
    (2, {"capacity_unit": "tonnes"}, "capacity_unit", "unknown unit|constraint"),
    (2, {"capacity_value": "16,000 t"}, "capacity_value", "type"),               # a number written as text
], ids=["outside-kazakhstan", "swapped-coordinates", "latitude-alone", "negative-amount",
        "unparseable-date", "no-source", "stake-above-100", "capacity-without-unit", "unit-without-capacity",
        "unknown-capacity-unit", "capacity-as-text"])
def test_register_bad_cell(book, row, cells, field, words):
    edit_register(book, row, **cells)
    expect_error(REGISTER, REGISTER_FILE, row, field, words)


@pytest.mark.parametrize("name, part, whole", [
    ("exports_to_us_wits", "exports_to_us", "total_exports"),
    ("us_aid_split", "military_usd", "total_usd"),
])
def test_a_part_above_its_whole_is_refused(book, name, part, whole):
    """Exports to the US above all exports (a share above 100%) names file, row and field."""
    file = f"{name}.csv"
    rows = lines(book, file)
    header = rows[0].split(",")
    cells = rows[2].split(",")  # file row 3
    cells[header.index(part)] = str(float(cells[header.index(whole)]) * 1.5)
    rows[2] = ",".join(cells)
    write(book, rows, file)
    expect_error(name, file, 3, part, f"exceeds '{whole}'")
