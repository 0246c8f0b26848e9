"""Shared fixtures: the repository, a copy of the book, and one HTML build of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BOOK_FILES = ["_config.yml", "_toc.yml", "references.bib", "CHANGELOG.md", "requirements.txt", "requirements-nodeps.txt", "CITATION.cff", "_static", "chapters", "data", "ru"]


def copy_book(target: Path) -> Path:
    """Copy what a build reads into ``target`` (no build outputs, no caches)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, target / name,
                            ignore=shutil.ignore_patterns("_generated", "_build", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, target / name)
    return target


def reader_pages(html_root: Path) -> list[Path]:
    """Every HTML page a reader can land on: not the theme's templates under
    ``_static``, not the sources, not Jupyter Book's one-line redirect at the root."""
    return sorted(p for p in html_root.rglob("*.html") if not {"_sources", "_static"} & set(p.parts)
                  and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:500])


def build_html(root: Path, builder: str = "html") -> subprocess.CompletedProcess:
    """Build the book at ``root`` as `make book` (or, with ``builder="pdflatex"``,
    `make pdf`) does: warnings are errors."""
    env = {**os.environ, "KZBOOK_ROOT": str(root)}
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run(
        [str(jb), "build", str(root), "--path-output", str(root),
         "-W", "-n", "--keep-going", "--builder", builder],
        capture_output=True, text=True, env=env, timeout=1800,
    )


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """A fresh copy of the book, built once for the whole session."""
    root = copy_book(tmp_path_factory.mktemp("book"))
    result = build_html(root)
    (root / "build.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        pytest.fail(f"book build failed (exit {result.returncode}):\n"
                    f"{(result.stdout + result.stderr)[-6000:]}")
    from kzbook.build_ru import build as build_russian  # as `make book` does, after the English book
    russian = build_russian(root, "html")
    (root / "build-ru.log").write_text(russian.stdout + russian.stderr)
    if russian.returncode != 0:
        pytest.fail(f"Russian summary build failed (exit {russian.returncode}):\n"
                    f"{(russian.stdout + russian.stderr)[-6000:]}")
    return root


def require_tool(*commands: str) -> None:
    """Skip when a system tool is absent, with the reason; under CI (where
    .ci/run installs them) a missing tool is a failure, never a skip."""
    missing = [c for c in commands if shutil.which(c) is None]
    if missing:
        message = f"needs {', '.join(missing)} (installed by .ci/run; see README)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def built_pdf(built_book) -> Path:
    """The PDF of the same copy of the book (reuses its execution cache)."""
    require_tool("xelatex", "latexmk")
    result = build_html(built_book, builder="pdflatex")
    (built_book / "pdf-build.log").write_text(result.stdout + result.stderr)
    pdf = built_book / "_build" / "latex" / "us-strategic-projects-kazakhstan.pdf"
    if result.returncode != 0 or not pdf.exists():
        pytest.fail(f"PDF build failed (exit {result.returncode}):\n"
                    f"{(result.stdout + result.stderr)[-6000:]}")
    return pdf


class _QuietHandler:
    """Factory for a static-file handler rooted at a folder, without logging."""

    def __new__(cls, folder: Path):
        import functools
        from http.server import SimpleHTTPRequestHandler

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

        return functools.partial(Handler, directory=str(folder))


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; returns (base_url, server)."""
    import threading
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler(folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (its own browser download cannot
    work offline, so ``executable_path`` points at the system browser)."""
    require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site(built_book):
    base, server = serve(built_book / "_build" / "html")
    yield base
    server.shutdown()


SCREENSHOTS = REPO / "test-output" / "screenshots"
