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


# --- collector pages execute only when the chapters' records change -------------

def executed(result) -> list[str]:
    import re
    return sorted(Path(p).stem for p in re.findall(r"(\S+\.md): Executing notebook", result.stdout + result.stderr))


def test_the_records_digest_skips_what_collectors_write(tmp_path, monkeypatch):
    from kzbook import sphinxext
    monkeypatch.setenv("KZBOOK_ROOT", str(tmp_path))
    records = tmp_path / "chapters" / "_generated"
    (records / "values").mkdir(parents=True)
    (records / "values" / "ch02.json").write_text('{"ch02_total": 1}\n')
    first = sphinxext.records_digest()
    (records / "values" / "ch05.json").write_text('{"ch05_n": 20}\n')      # the ledger's own values
    (records / "fig-ch05-verdicts.csv").write_text("verdict,n\n")
    assert sphinxext.records_digest() == first
    (records / "values" / "ch02.json").write_text('{"ch02_total": 2}\n')   # a chapter's record
    assert sphinxext.records_digest() != first
    page = "---\nkernelspec: {}\n---\n# T\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\nx = 1\n```\n"
    stamped = sphinxext.with_digest(page, "abc")
    assert ":tags: [remove-cell]\n\n" + sphinxext.DIGEST_COMMENT + "abc\nx = 1\n" in stamped


def test_a_rebuild_executes_only_what_changed(built_book, tmp_path):
    """No change: nothing executes. A chapter's record changes: the collectors
    run again, and no chapter does."""
    import shutil

    from kzbook.sphinxext import COLLECTORS
    root = tmp_path / "book"
    shutil.copytree(built_book, root, symlinks=True)
    # the copy lives at a new path, so Sphinx reads every page once more there
    # (from the cache); after that, the book is where a rebuild finds it
    settle = build_html(root)
    assert settle.returncode == 0, (settle.stdout + settle.stderr)[-3000:]
    assert not [p for p in executed(settle) if p not in {Path(c).name for c in COLLECTORS}], \
        f"the copy's first build executed a chapter: {executed(settle)}"
    again = build_html(root)
    assert again.returncode == 0, (again.stdout + again.stderr)[-3000:]
    assert executed(again) == [], f"a rebuild with no change executed {executed(again)}"
    values = root / "chapters" / "_generated" / "values" / "ch02.json"
    values.write_text(values.read_text().replace("{", '{\n "ch02_benchmark_probe": 1,', 1))
    changed = build_html(root)
    assert changed.returncode == 0, (changed.stdout + changed.stderr)[-3000:]
    assert executed(changed) == sorted(Path(c).name for c in COLLECTORS)
