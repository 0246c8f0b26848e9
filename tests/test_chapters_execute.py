"""Every chapter runs top to bottom in a fresh Jupyter kernel, as a reader's would.

The MyST Markdown file is opened with jupytext (as Jupyter does) and executed
with nbclient from the chapters folder; any error output fails the test.
"""

from __future__ import annotations

import jupytext
import pytest
from nbclient import NotebookClient

from conftest import REPO

CHAPTERS = sorted((REPO / "chapters").glob("[0-9][0-9]-*.md"))
# The ledger, the introduction and the reproducibility appendix collect what
# the chapters record: like the book build, run them after the chapters, in
# the build's order (pytest keeps this order).
COLLECTORS = ("07-reproducibility", "00-introduction", "05-claims-ledger")
RUN_ORDER = [c for c in CHAPTERS if c.stem not in COLLECTORS] + \
    [c for name in reversed(COLLECTORS) for c in CHAPTERS if c.stem == name]


def is_notebook(path) -> bool:
    return "kernelspec:" in path.read_text().split("\n---", 1)[0]


@pytest.mark.parametrize("chapter", [c for c in RUN_ORDER if is_notebook(c)], ids=lambda p: p.stem)
def test_chapter_runs_in_a_fresh_kernel(chapter):
    notebook = jupytext.read(chapter)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(chapter.parent)}})
    client.execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", (
                f"{chapter.name}: {output.get('ename')}: {output.get('evalue')}")
            if output.get("name") == "stderr":
                assert "Traceback" not in output.get("text", "") and "Warning" not in output.get("text", ""), \
                    f"{chapter.name} writes to stderr: {output['text'][:300]}"


def test_every_toc_chapter_is_a_file_in_chapters(repo):
    import yaml

    toc = yaml.safe_load((repo / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for name in files:
        assert (repo / f"{name}.md").exists(), name
    listed = {f"{name}.md" for name in files}
    on_disk = {f"chapters/{p.name}" for p in CHAPTERS}
    assert on_disk == listed, "chapters not in the TOC, or TOC entries without a file"
