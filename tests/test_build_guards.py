"""The build refuses broken chapters, and never serves stale cached results."""

from __future__ import annotations

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
    (root / "chapters" / "_generated").mkdir(parents=True)
    (root / "chapters" / "_generated" / "fig.csv").write_text("x\n1\n")

    assert cache_guard.guard(build) is True  # first build: nothing recorded yet
    cache.mkdir()
    assert cache_guard.guard(build) is False  # nothing changed: cache kept
    assert cache.exists()

    csv = root / "data" / "uranium_mine_production.csv"
    csv.write_text(csv.read_text().replace("23270", "23271"))
    assert cache_guard.guard(build) is True  # a data value changed
    assert not cache.exists()


def test_missing_figure_data_clears_the_execution_cache(tmp_path, monkeypatch):
    root = copy_book(tmp_path / "book")
    monkeypatch.setenv("KZBOOK_ROOT", str(root))
    build: Path = root / "_build"
    (root / "chapters" / "_generated").mkdir(parents=True)
    (root / "chapters" / "_generated" / "fig.csv").write_text("x\n1\n")
    cache_guard.guard(build)
    (build / ".jupyter_cache").mkdir()
    (root / "chapters" / "_generated" / "fig.csv").unlink()
    assert cache_guard.guard(build) is True
    assert not (build / ".jupyter_cache").exists()
