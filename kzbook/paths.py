"""Where the book's files live.

The book root is the folder holding ``data/`` and ``chapters/``: by default the
folder above this package; ``KZBOOK_ROOT`` overrides it, so that tests can
build a copy of the book, or load corrupted copies of the data, in temporary
folders (``data/`` itself is never edited by a test).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def book_root() -> Path:
    override = os.environ.get("KZBOOK_ROOT")
    return Path(override).resolve() if override else PACKAGE_ROOT


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` and the CSV files."""
    return book_root() / "data"


def generated_dir(*parts: str) -> Path:
    """Folder for files the chapters write at build time (figure data), or a
    subfolder of it (``generated_dir("ledger")``); created if missing."""
    path = book_root().joinpath("chapters", "_generated", *parts)
    path.mkdir(parents=True, exist_ok=True)
    return path
