"""Reuse: the data package as one zip that validates and holds every resource,
every dataset downloadable, and every table of the book with a CSV download and
a resource descriptor naming its sources and licences."""

from __future__ import annotations

import json
import zipfile

from bs4 import BeautifulSoup
from frictionless import Package, validate

from conftest import REPO


def test_data_package_zip_validates_and_holds_every_resource(built_book, tmp_path):
    archive = built_book / "chapters" / "_generated" / "us-kazakhstan-data-package.zip"
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path)
    report = validate(str(tmp_path / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    expected = {r["name"] for r in json.loads((REPO / "data" / "datapackage.json").read_text())["resources"]}
    assert {r.name for r in Package(str(tmp_path / "data" / "datapackage.json")).resources} == expected


def test_reuse_page_offers_the_zip_and_every_dataset(built_book):
    page = (built_book / "_build" / "html" / "chapters" / "11-reuse.html").read_text(encoding="utf-8")
    links = [a["href"] for a in BeautifulSoup(page, "html.parser").select("a.download")]
    assert any(h.endswith("us-kazakhstan-data-package.zip") for h in links), links
    for resource in json.loads((REPO / "data" / "datapackage.json").read_text())["resources"]:
        assert any(h.endswith("/" + resource["path"]) for h in links), f"no download of {resource['path']}"


def test_every_table_has_a_csv_download_and_a_descriptor(built_book):
    generated = built_book / "chapters" / "_generated"
    records = [json.loads(p.read_text()) for p in (generated / "provenance").glob("tbl-*.json")]
    assert len(records) >= 20
    pages: dict[str, BeautifulSoup] = {}
    missing = []
    for record in records:
        label = record["label"]
        soup = pages.setdefault(record["chapter"], BeautifulSoup(
            (built_book / "_build" / "html" / f"{record['chapter']}.html").read_text(encoding="utf-8"), "html.parser"))
        if not any(a["href"].endswith(f"/{label}.csv") for a in soup.select("a.download")):
            missing.append(label)
        descriptor = json.loads((generated / f"{label}.resource.json").read_text())
        assert descriptor["path"] == f"{label}.csv" and descriptor["licenses"], label
        assert (generated / descriptor["path"]).is_file(), label
    assert not missing, f"tables without a CSV download: {missing}"
