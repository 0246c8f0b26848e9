"""Build the Russian summary («Краткое изложение», the book in ``ru/``) after
the English book, from the records its chapters wrote.

    python -m kzbook.build_ru [--builder html|pdflatex] [ROOT]

The HTML is copied into the English site at ``_build/html/ru/`` (the summary
links to the English chapters as ``../chapters/…``, and the English
introduction to ``ru/index.html``); the PDF is copied beside the English one
in ``_build/latex/``. `make book` and `make pdf` call this, and so do the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kzbook.paths import book_root

PDF_NAME = "kratkoe-izlozhenie-ru.pdf"


def build(root: Path | None = None, builder: str = "html") -> subprocess.CompletedProcess:
    """Build ``root/ru`` with ``builder``; on success, copy the result into the
    English build folder. Warnings are errors, as for the English book. The
    build is incremental: the cache guard clears the summary's cache when
    ``data/`` or ``kzbook/`` change, and the summary's page is a collector
    (``kzbook_collectors`` in ``ru/_config.yml``), executed again only when the
    English records it reports change (see :mod:`kzbook.sphinxext`)."""
    root = Path(root or book_root()).resolve()
    source = root / "ru"
    if not (root / "chapters" / "_generated" / "ledger").exists():
        raise SystemExit("build the English book first (the summary reads its ledger records)")
    from kzbook import cache_guard
    before = os.environ.get("KZBOOK_ROOT")
    os.environ["KZBOOK_ROOT"] = str(root)  # the guard fingerprints this book's data/ and records
    try:
        cache_guard.guard(source / "_build")
    finally:
        os.environ.pop("KZBOOK_ROOT") if before is None else os.environ.update(KZBOOK_ROOT=before)
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jb), "build", str(source), "--path-output", str(source), "-W", "-n", "--keep-going",
         "--builder", builder],
        capture_output=True, text=True, env={**os.environ, "KZBOOK_ROOT": str(root)}, timeout=1800)
    if result.returncode != 0:
        return result
    if builder == "html":
        target = root / "_build" / "html" / "ru"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source / "_build" / "html", target)
    elif builder == "pdflatex":
        (root / "_build" / "latex").mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "_build" / "latex" / PDF_NAME, root / "_build" / "latex" / PDF_NAME)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", default=None)
    parser.add_argument("--builder", default="html", choices=["html", "pdflatex"])
    args = parser.parse_args()
    result = build(args.root, args.builder)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode:
        raise SystemExit(result.returncode)
    where = "_build/html/ru/index.html" if args.builder == "html" else f"_build/latex/{PDF_NAME}"
    print(f"\nThe Russian summary is at: {Path(args.root or book_root()).resolve() / where}")


if __name__ == "__main__":
    main()
