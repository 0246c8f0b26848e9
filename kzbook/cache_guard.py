"""Guard against stale cached results.

Jupyter Book's execution cache keys on the code cells only: a changed CSV in
``data/`` would not re-execute the chapters that read it, and the book would
silently show old numbers. Before each build, ``python -m kzbook.cache_guard
BUILD_DIR`` fingerprints ``data/`` and the ``kzbook`` package; when the
fingerprint differs from the one recorded at the last build (or the figure
data folder is missing), it clears the execution cache and Sphinx's saved
doctrees, so that every chapter is read and executed again (clearing the
cache alone is not enough: Sphinx skips unchanged source files).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from kzbook.paths import PACKAGE_ROOT, data_dir, generated_dir


def fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in (data_dir(), PACKAGE_ROOT / "kzbook"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def guard(build_dir: Path) -> bool:
    """Clear the execution cache if inputs changed; return True if they did."""
    cache = build_dir / ".jupyter_cache"
    doctrees = build_dir / ".doctrees"
    stamp = build_dir / ".inputs-fingerprint"
    current = fingerprint()
    figure_data_missing = not any(generated_dir().glob("*.csv")) or \
        not any(generated_dir().glob("provenance/*.json"))
    stale = not stamp.exists() or stamp.read_text().strip() != current or figure_data_missing
    if stale:
        for folder in (cache, doctrees):
            if folder.exists():
                shutil.rmtree(folder)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return stale


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "_build")
    changed = guard(target)
    print("cache guard: inputs changed, every chapter will be executed" if changed
          else "cache guard: inputs unchanged, execution cache kept")
