"""The build refuses broken chapters, and never serves stale cached results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kzbook import cache_guard

from conftest import build_html, copy_book


def test_a_chapter_that_raises_fails_the_build(tmp_path):
    root = copy_book(tmp_path / "book")
    chapter = root / "chapters" / "02-industrial-projects.md"
    chapter.write_text(chapter.read_text() + "\n```{code-cell} ipython3\nraise RuntimeError('boom')\n```\n")
    result = build_html(root)
    assert result.returncode != 0
    assert "boom" in result.stdout + result.stderr


def test_changed_data_clears_the_execution_cache(tmp_path, monkeypatch):
    root = copy_book(tmp_path / "book")
    monkeypatch.setenv("KZBOOK_ROOT", str(root))
    build = root / "_build"
    cache = build / ".jupyter_cache"
    (root / "chapters" / "_generated" / "provenance").mkdir(parents=True)
    (root / "chapters" / "_generated" / "fig.csv").write_text("x\n1\n")
    (root / "chapters" / "_generated" / "provenance" / "fig.json").write_text("{}\n")

    doctrees = build / ".doctrees"
    assert cache_guard.guard(build) is True  # first build: nothing recorded yet
    cache.mkdir()
    doctrees.mkdir()
    assert cache_guard.guard(build) is False  # nothing changed: cache kept
    assert cache.exists() and doctrees.exists()

    csv = root / "data" / "uranium_mine_production.csv"
    csv.write_text(csv.read_text().replace("23270", "23271"))
    assert cache_guard.guard(build) is True  # a data value changed
    assert not cache.exists()
    assert not doctrees.exists()  # or Sphinx would not even re-read the chapters


def test_missing_figure_data_clears_the_execution_cache(tmp_path, monkeypatch):
    root = copy_book(tmp_path / "book")
    monkeypatch.setenv("KZBOOK_ROOT", str(root))
    build: Path = root / "_build"
    generated = root / "chapters" / "_generated"
    (generated / "provenance").mkdir(parents=True)
    for missing in (generated / "fig.csv", generated / "provenance" / "fig.json"):
        (generated / "fig.csv").write_text("x\n1\n")
        (generated / "provenance" / "fig.json").write_text("{}\n")
        cache_guard.guard(build)
        (build / ".jupyter_cache").mkdir()
        assert cache_guard.guard(build) is False
        missing.unlink()  # figure data, or the provenance records the appendix reads
        assert cache_guard.guard(build) is True, missing.name
        assert not (build / ".jupyter_cache").exists()


def test_rebuild_after_a_data_change_shows_the_new_number(tmp_path, monkeypatch):
    """End to end, as `make book` runs it: build, change a value in data/,
    run the guard, rebuild, and find the new number on the page."""
    root = copy_book(tmp_path / "book")
    monkeypatch.setenv("KZBOOK_ROOT", str(root))
    guard = [sys.executable, "-m", "kzbook.cache_guard", str(root / "_build")]
    subprocess.run(guard, check=True, env=dict(os.environ))
    assert build_html(root).returncode == 0
    page = root / "_build" / "html" / "chapters" / "01-resources.html"
    assert "23,270" in page.read_text()

    csv = root / "data" / "uranium_mine_production.csv"
    csv.write_text(csv.read_text().replace("Kazakhstan,KAZ,2024,23270", "Kazakhstan,KAZ,2024,23280"))
    subprocess.run(guard, check=True, env=dict(os.environ))
    assert build_html(root).returncode == 0
    text = page.read_text()
    assert "23,280" in text and "23,270" not in text
