"""Release an edition: one command sets its number and date everywhere.

    python -m kzbook.release 0.8.0 [--date 2026-12-02]      (or: make release VERSION=0.8.0)

It moves the changelog's "Unreleased" entries under the new edition's heading
(and opens an empty "Unreleased" section above it), and writes the number and
the date into ``_config.yml`` (``release``, ``version``, ``today``: the one
place the book reads them from), the Russian summary's ``ru/_config.yml``,
``CITATION.cff``, and the README's status line and BibTeX entry (generated
from ``CITATION.cff`` by :mod:`kzbook.cite`). It refuses an edition that is not
newer than the last one, or an empty "Unreleased" section. Tests check that
all of these agree (tests/test_release.py).
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

import yaml

from kzbook.paths import book_root

UNRELEASED = "## [Unreleased]"
HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)
VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ReleaseError(ValueError):
    pass


def russian_today(day: date) -> str:
    """The release date as the Russian summary's ``today`` gives it («2 декабря 2026 г.»,
    plain spaces: YAML configuration, not typeset text)."""
    from kzbook import ru

    return ru.date_ru(day).replace(ru.NBSP, " ")


def released(changelog: str) -> list[tuple[str, str]]:
    """(edition, date) of every released edition in the changelog, newest first."""
    return HEADING.findall(changelog)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _set(text: str, pattern: str, value: str, path: Path) -> str:
    new, count = re.subn(pattern, lambda m: m.group(1) + value + m.group(2), text, flags=re.M)
    if count != 1:
        raise ReleaseError(f"{path.name}: expected one match of {pattern!r}, found {count}")
    return new


def release(version: str, day: date | None = None, root: Path | None = None) -> list[Path]:
    """Release ``version`` dated ``day`` (today by default); return the files written."""
    from kzbook import cite

    root = Path(root or book_root())
    day = day or date.today()
    if not VERSION.match(version):
        raise ReleaseError(f"not an edition number of the form x.y.z: {version!r}")
    changelog_path = root / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8")
    if UNRELEASED not in changelog:
        raise ReleaseError("CHANGELOG.md has no '## [Unreleased]' section")
    last = released(changelog)
    if last and _key(version) <= _key(last[0][0]):
        raise ReleaseError(f"edition {version} is not newer than the last one, {last[0][0]}")
    start = changelog.index(UNRELEASED) + len(UNRELEASED)
    following = HEADING.search(changelog, start)
    entries = changelog[start:following.start() if following else len(changelog)]
    if not re.search(r"^- ", entries, re.M):
        raise ReleaseError("the '## [Unreleased]' section lists no change: nothing to release")
    iso = day.isoformat()
    files = {}
    files[changelog_path] = changelog.replace(UNRELEASED, f"{UNRELEASED}\n\n## [{version}] - {iso}", 1)

    path = root / "_config.yml"
    text = path.read_text(encoding="utf-8")
    for key, value in (("release", version), ("version", version), ("today", iso)):
        text = _set(text, rf'^(    {key}: ")[^"]*(")', value, path)
    files[path] = text

    path = root / "ru" / "_config.yml"
    text = path.read_text(encoding="utf-8")
    for key, value in (("release", version), ("version", version), ("today", russian_today(day))):
        text = _set(text, rf'^(    {key}: ")[^"]*(")', value, path)
    files[path] = text

    path = root / "CITATION.cff"
    text = path.read_text(encoding="utf-8")
    text = _set(text, r"^(version: )\S+()$", version, path)
    text = _set(text, r'^(date-released: ")[^"]*(")$', iso, path)
    files[path] = text

    path = root / "README.md"
    text = path.read_text(encoding="utf-8")
    text = _set(text, r"^(\*\*Status \(version )\d+\.\d+\.\d+(, released )", version, path)
    text = re.sub(r"(\*\*Status \(version \d+\.\d+\.\d+, released )\d{1,2} \w+ \d{4}",
                  lambda m: m.group(1) + f"{day.day} {day:%B %Y}", text, count=1)
    meta = yaml.safe_load(files[root / "CITATION.cff"])
    text, count = re.subn(r"```bibtex\n.*?\n```", lambda m: "```bibtex\n" + cite.bibtex(meta) + "\n```",
                          text, count=1, flags=re.S)
    if count != 1:
        raise ReleaseError("README.md: no ```bibtex block to update")
    files[path] = text

    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version")
    parser.add_argument("--date", type=date.fromisoformat, default=None, help="release date (default: today)")
    args = parser.parse_args()
    for path in release(args.version, args.date):
        print(f"updated {path}")


if __name__ == "__main__":
    main()


def disagreements(root: Path | None = None) -> list[str]:
    """Where the edition's number or date differs between the changelog's latest
    release, ``_config.yml``, ``ru/_config.yml`` and ``CITATION.cff`` ([] when
    they agree)."""
    root = Path(root or book_root())
    editions = released((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    if not editions:
        return ["CHANGELOG.md lists no released edition"]
    version, iso = editions[0]
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    russian = yaml.safe_load((root / "ru" / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    found = {
        "_config.yml release": (str(config["release"]), version),
        "_config.yml version": (str(config["version"]), version),
        "_config.yml today": (str(config["today"]), iso),
        "ru/_config.yml release": (str(russian["release"]), version),
        "ru/_config.yml today": (str(russian["today"]), russian_today(date.fromisoformat(iso))),
        "CITATION.cff version": (str(citation["version"]), version),
        "CITATION.cff date-released": (str(citation["date-released"]), iso),
    }
    return [f"{where} is {have!r}, the changelog's latest edition says {want!r}"
            for where, (have, want) in found.items() if have != want]
