"""What the reproducibility appendix reports about the build that made it.

* :func:`packages`: every package pinned in ``requirements.txt``, with the
  version installed in the kernel (a mismatch is shown, not hidden);
* :func:`machine`: Python, operating system, processor, cores and memory;
* :func:`executions`: how each page was executed in the last build that read
  it (records written by :mod:`kzbook.sphinxext`), in table-of-contents order;
* :func:`elapsed`: seconds since the build started, when run inside one.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
import time
from importlib import metadata
from pathlib import Path

import pandas as pd
import yaml

from kzbook.paths import book_root, generated_dir

_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-\[\]]+)\s*==\s*([^\s;#]+)")


class BuildInfoError(ValueError):
    pass


REQUIREMENTS = ("requirements.txt", "requirements-nodeps.txt")


def pins(requirements: Path | None = None) -> list[tuple[str, str]]:
    """(name, version) of every ``name==version`` line of the requirements
    files (``requirements.txt``, then ``requirements-nodeps.txt``)."""
    if requirements is None:
        return [pin for name in REQUIREMENTS for pin in pins(book_root() / name)]
    path = requirements
    if not path.exists():
        raise BuildInfoError(f"{path}: not found (the pinned requirements of the book)")
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        match = _PIN.match(text)
        if not match:
            raise BuildInfoError(f"{path.name}, line {number}: {line.strip()!r} is not pinned as name==version")
        found.append((match.group(1), match.group(2)))
    return found


def installed(name: str) -> str | None:
    try:
        return metadata.version(name.split("[")[0])
    except metadata.PackageNotFoundError:
        return None


def packages(requirements: Path | None = None) -> pd.DataFrame:
    rows = []
    for name, pinned in pins(requirements):
        have = installed(name)
        rows.append({"package": name, "pinned": pinned, "installed": have or "not installed",
                     "matches": have == pinned})
    return pd.DataFrame(rows, columns=["package", "pinned", "installed", "matches"])


def _first(path: str, pattern: str) -> str | None:
    try:
        match = re.search(pattern, Path(path).read_text(), re.MULTILINE)
    except OSError:
        return None
    return match.group(1).strip() if match else None


def machine() -> dict[str, object]:
    """The interpreter and the machine this kernel runs on."""
    try:
        system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    except OSError:
        system = platform.platform()
    memory_kb = _first("/proc/meminfo", r"^MemTotal:\s+(\d+) kB")
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": system,
        "kernel": f"{platform.system()} {platform.release()}",
        "architecture": platform.machine(),
        "processor": _first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory_kb) / 1024 ** 2, 1) if memory_kb else None,
        "executable": sys.executable,
    }


def _page(page: str) -> tuple[Path, str]:
    path = book_root() / f"{page}.md"
    return path, path.read_text()


def page_label(page: str, source: tuple[Path, str] | None = None) -> str:
    """The label of a page's title (its first ``(label)=`` line)."""
    path, text = source or _page(page)
    match = re.search(r"^\(([a-z0-9-]+)\)=$", text, re.MULTILINE)
    if not match:
        raise BuildInfoError(f"{path.name}: no (label)= before its title")
    return match.group(1)


def short_title(page: str, source: tuple[Path, str] | None = None) -> str:
    """A page's title up to its first colon ("Resources: uranium and tungsten" -> "Resources")."""
    path, text = source or _page(page)
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    if not match:
        raise BuildInfoError(f"{path.name}: no '# title' line")
    return match.group(1).split(":", 1)[0].strip()


def page_reference(page: str) -> str:
    """``"Short title <label>"``, for :func:`kzbook.gluing.reference` (the page read once)."""
    source = _page(page)
    return f"{short_title(page, source)} <{page_label(page, source)}>"


def toc_pages() -> list[str]:
    toc = yaml.safe_load((book_root() / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def execution_dir() -> Path:
    """Where the book build records how each page was executed (empty until
    the book is built: a chapter run on its own in Jupyter records nothing)."""
    return generated_dir("execution")


def executions() -> pd.DataFrame:
    """Execution records of the pages in the table of contents, in its order."""
    order = toc_pages()
    rows = [json.loads(p.read_text()) for p in sorted(execution_dir().glob("*.json"))]
    frame = pd.DataFrame(rows, columns=["page", "method", "from_cache", "succeeded", "runtime", "mtime", "error"])
    frame = frame[frame["page"].isin(order)]
    frame = frame.assign(order=frame["page"].map(order.index)).sort_values("order")
    return frame.drop(columns="order").reset_index(drop=True)


def elapsed() -> float | None:
    """Seconds since the build started (None outside a build, e.g. in Jupyter)."""
    started = os.environ.get("KZBOOK_BUILD_STARTED")
    return time.time() - float(started) if started else None


def builder() -> str | None:
    return os.environ.get("KZBOOK_BUILDER")
