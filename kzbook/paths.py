"""Where the book's files live.

``KZBOOK_DATA_DIR`` overrides the data folder (used by tests that build
corrupted copies in temporary folders; ``data/`` itself is never edited).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding ``datapackage.json`` and the CSV files."""
    override = os.environ.get("KZBOOK_DATA_DIR")
    return Path(override).resolve() if override else ROOT / "data"


def generated_dir() -> Path:
    """Folder for files the chapters write at build time (figure data)."""
    path = ROOT / "chapters" / "_generated"
    path.mkdir(parents=True, exist_ok=True)
    return path
