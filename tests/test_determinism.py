"""Two clean builds of the same sources give the same book: the same text on
every page (but the reproducibility appendix, which reports the build's own
times) and byte-identical figure images and figure data."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from conftest import build_html, copy_book
from test_html_build import toc_files


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def page_text(root: Path, name: str) -> str:
    html = (root / "_build" / "html" / f"{name}.html").read_text()
    return re.sub(r"\?v=[0-9a-f]+", "", html)  # asset cache-busting hashes are content hashes anyway


def test_two_clean_builds_are_identical(built_book, tmp_path):
    second = copy_book(tmp_path / "book")
    result = build_html(second)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    for name in toc_files():
        if name == "chapters/07-reproducibility":  # reports this build's times and machine
            continue
        assert page_text(built_book, name) == page_text(second, name), f"{name} differs between builds"
    first_images = digests(built_book / "_build" / "html" / "_images")
    assert first_images, "no figure images"
    assert first_images == digests(second / "_build" / "html" / "_images")
    generated = [digests(root / "chapters" / "_generated") for root in (built_book, second)]
    for files in generated:  # execution records hold times
        # execution records and the reproducibility appendix's values hold times
        # (its tables' CSV files too: the execution table and the machine facts)
        for name in [n for n in files if n.startswith("execution/") or n == "values/ch07.json"
                     or re.match(r"tbl-ch07-(execution|machine|packages)\.", n)]:
            del files[name]
    assert generated[0] == generated[1]
