"""The GitHub Actions workflow that tests, deploys and releases the book is
valid (actionlint), and the check can fail: a broken copy is rejected."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "book.yml"


def actionlint() -> str:
    found = Path(sys.executable).parent / "actionlint"
    if not found.exists():
        found = shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: it is pinned in requirements.txt (make setup)")
    return str(found)


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True, cwd=path.parent)


def test_workflow_passes_actionlint():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "book.yml"
    text = WORKFLOW.read_text().replace("needs: test", "needs: tests-that-do-not-exist", 1)
    broken.write_text(text.replace("${{ github.token }}", "${{ github.tokn }}"))
    result = lint(broken)
    assert result.returncode != 0
    assert "tests-that-do-not-exist" in result.stdout


def test_workflow_tests_deploys_and_releases_on_main():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    steps = " ".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in jobs["test"]["steps"])
    assert ".ci/run" in steps and "make book" in steps and "make pdf" in steps
    assert any("deploy-pages" in str(step.get("uses")) for step in jobs["deploy"]["steps"])
    assert "refs/heads/main" in jobs["deploy"]["if"] and "refs/heads/main" in jobs["release"]["if"]
    release = " ".join(str(step.get("run", "")) for step in jobs["release"]["steps"])
    assert "gh release" in release and "CITATION.cff" in release
