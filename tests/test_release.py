"""Editions: the changelog, the configuration, the Russian summary's
configuration and CITATION.cff agree on the latest edition; the release
command updates all of them; every page shows the edition; the "What changed"
page is the changelog."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import yaml

from conftest import REPO
from kzbook import release
from kzbook.sphinxext import edition_line
from test_html_build import toc_files

FILES = ["CHANGELOG.md", "_config.yml", "CITATION.cff", "README.md", "ru/_config.yml"]


def copy(tmp_path):
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, tmp_path / name)
    return tmp_path


def test_changelog_configuration_and_citation_agree_on_the_edition():
    assert release.disagreements(REPO) == []


def test_a_disagreeing_edition_is_reported(tmp_path):
    root = copy(tmp_path)
    text = (root / "CITATION.cff").read_text()
    (root / "CITATION.cff").write_text(re.sub(r"^version: .*$", "version: 9.9.9", text, flags=re.M))
    assert any("CITATION.cff version" in d for d in release.disagreements(root))


def test_release_sets_the_edition_everywhere(tmp_path):
    root = copy(tmp_path)
    changelog = (root / "CHANGELOG.md").read_text()
    (root / "CHANGELOG.md").write_text(changelog.replace("## [Unreleased]", "## [Unreleased]\n\n### Fixed\n\n- A test entry.", 1))
    latest = release.released(changelog)[0][0]
    major, minor, _ = (int(p) for p in latest.split("."))
    new = f"{major}.{minor + 1}.0"
    release.release(new, date(2031, 5, 4), root)
    assert release.disagreements(root) == []
    assert release.released((root / "CHANGELOG.md").read_text())[0] == (new, "2031-05-04")
    assert "## [Unreleased]" in (root / "CHANGELOG.md").read_text()
    readme = (root / "README.md").read_text()
    assert f"**Status (version {new}, released 4 May 2031" in readme and f"Version {new}" in readme
    assert yaml.safe_load((root / "ru" / "_config.yml").read_text())["sphinx"]["config"]["today"] == "4 мая 2031 г."


def test_release_refuses_an_older_edition_or_nothing_to_release(tmp_path):
    root = copy(tmp_path)
    text = (root / "CHANGELOG.md").read_text()
    (root / "CHANGELOG.md").write_text(text.replace("## [Unreleased]", "## [Unreleased]\n\n### Fixed\n\n- A test entry.", 1))
    with pytest.raises(release.ReleaseError, match="not newer"):
        release.release("0.0.1", date(2031, 1, 1), root)
    text = (root / "CHANGELOG.md").read_text()
    start = text.index("## [Unreleased]")
    end = text.index("\n## [", start + 5)
    (root / "CHANGELOG.md").write_text(text[:start] + "## [Unreleased]\n" + text[end:])
    with pytest.raises(release.ReleaseError, match="nothing to release"):
        release.release("99.0.0", date(2031, 1, 1), root)


def test_every_page_shows_the_edition_and_its_date(built_book):
    config = yaml.safe_load((REPO / "_config.yml").read_text())["sphinx"]["config"]
    line = edition_line(config["release"], config["today"], "en")
    site = built_book / "_build" / "html"
    missing = [name for name in toc_files() if line not in (site / f"{name}.html").read_text(encoding="utf-8")]
    assert not missing, f"pages without '{line}': {missing}"
    russian = yaml.safe_load((REPO / "ru" / "_config.yml").read_text())["sphinx"]["config"]
    assert edition_line(russian["release"], russian["today"], "ru") in (site / "ru" / "index.html").read_text()


def test_what_changed_page_lists_every_edition_of_the_changelog(built_book):
    page = (built_book / "_build" / "html" / "chapters" / "10-what-changed.html").read_text(encoding="utf-8")
    for version, day in release.released((REPO / "CHANGELOG.md").read_text()):
        assert f"[{version}] - {day}" in page, version
    assert "Unreleased" in page
