"""Build benchmark: `make bench`.

Measures, on this machine, the median of several runs of: a clean HTML build
(every chapter executed), a rebuild with no change, a rebuild after editing
one chapter's code (and which chapters re-executed), a PDF build (when TeX is
installed), each chapter's execution time, and the weight of the HTML output
and of its heaviest page with the assets it loads. Writes
``benchmarks/results.json`` and prints a table. Targets come from issue 9.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from conftest import build_html, copy_book  # noqa: E402  (one copy and build routine for tests and benchmark)

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TARGETS = {"clean_html_s": 60, "no_change_s": 8, "one_chapter_s": 20, "heaviest_page_mb": 1.5}
EXECUTED = re.compile(r"(\S+\.(?:md|ipynb)): Executing notebook")


def build(root: Path, builder: str = "html") -> tuple[float, list[str]]:
    """Run the cache guard as `make book` does, then time one build; return the
    seconds and the chapters that executed."""
    env = {**os.environ, "KZBOOK_ROOT": str(root)}
    subprocess.run([sys.executable, "-m", "kzbook.cache_guard", str(root / "_build")], env=env, check=True,
                   capture_output=True)
    start = time.perf_counter()
    out = build_html(root, builder)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{builder} build failed:\n{(out.stdout + out.stderr)[-3000:]}")
    return elapsed, sorted(Path(p).stem for p in EXECUTED.findall(out.stdout + out.stderr))


def chapter_seconds(root: Path) -> dict[str, float]:
    from jupyter_cache import get_cache
    cache = get_cache(root / "_build" / ".jupyter_cache")
    times = {}
    for record in cache.list_cache_records():
        uri = record.uri if hasattr(record, "uri") else ""
        seconds = (record.data or {}).get("execution_seconds")
        if seconds is not None:
            times[Path(uri).stem or str(record.pk)] = round(seconds, 2)
    if not times:  # cache records key on hashes; fall back to the project table
        for nb in cache.list_project_records():
            rec = cache.get_cached_project_nb(nb.uri)
            if rec is not None and rec.data.get("execution_seconds") is not None:
                times[Path(nb.uri).stem] = round(rec.data["execution_seconds"], 2)
    return dict(sorted(times.items()))


def page_weights(html_root: Path, compressed: bool = False) -> dict[str, float]:
    """Bytes of each page plus the local assets it loads; ``compressed`` counts
    each file gzip-compressed, as a static server with compression sends it."""
    def size(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), 6)) if compressed else path.stat().st_size

    asset = re.compile(r'(?:src|href)="([^"#?]+)(?:\?[^"]*)?"')
    weights = {}
    for page in html_root.rglob("*.html"):
        total = size(page)
        text = page.read_text(errors="replace")
        seen = set()
        for ref in asset.findall(text):
            if ref.startswith(("http:", "https:", "mailto:")) or ref.endswith(".html"):
                continue
            target = (page.parent / ref).resolve()
            if target.is_file() and target not in seen and target.suffix not in (".csv", ".ipynb", ".md", ".pdf"):
                seen.add(target)
                total += size(target)
                if target.suffix == ".css":  # fonts and images the stylesheet pulls in
                    for url in re.findall(r"url\(['\"]?([^'\")?#]+)", target.read_text(errors="replace")):
                        font = (target.parent / url).resolve()
                        if font.is_file() and font not in seen and font.suffix in (".woff2",):
                            seen.add(font)
                            total += size(font)
        weights[str(page.relative_to(html_root))] = total
    return weights


def main() -> int:
    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                 "cpus": os.cpu_count()}, "runs": RUNS}
    clean, nochange, one = [], [], []
    one_executed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(RUNS):
            root = copy_book(Path(tmp) / f"book{run}")
            t, _ = build(root)
            clean.append(t)
            t, _ = build(root)
            nochange.append(t)
            chapter = root / "chapters" / "02-industrial-projects.md"
            text = chapter.read_text()
            cell = re.search(r"```\{code-cell\}[^\n]*\n", text).start()
            end = text.index("\n```\n", cell)  # end of the first code cell: add a comment line
            chapter.write_text(text[:end] + f"\n# benchmark edit {run}" + text[end:])
            t, one_executed = build(root)
            one.append(t)
        results["chapter_execution_s"] = chapter_seconds(root)
        weights = page_weights(root / "_build" / "html")
        heaviest = max(weights, key=weights.get)
        gz = page_weights(root / "_build" / "html", compressed=True)
        html_bytes = sum(p.stat().st_size for p in (root / "_build" / "html").rglob("*") if p.is_file())
        pdf_s = None
        if shutil.which("xelatex") and shutil.which("latexmk"):
            pdf_s = round(build(root, "pdflatex")[0], 1)
    results.update({
        "clean_html_s": round(statistics.median(clean), 1),
        "no_change_s": round(statistics.median(nochange), 1),
        "one_chapter_s": round(statistics.median(one), 1),
        "one_chapter_executed": one_executed,
        "pdf_s": pdf_s,
        "html_output_mb": round(html_bytes / 1e6, 2),
        "heaviest_page": heaviest,
        "heaviest_page_mb": round(weights[heaviest] / 1e6, 2),
        "heaviest_page_gzip_mb": round(gz[heaviest] / 1e6, 2),
        "targets": TARGETS,
    })
    (REPO / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    rows = [("clean HTML build", f"{results['clean_html_s']} s", f"≤ {TARGETS['clean_html_s']} s"),
            ("no-change rebuild", f"{results['no_change_s']} s", f"≤ {TARGETS['no_change_s']} s"),
            ("one-chapter rebuild", f"{results['one_chapter_s']} s (executed: {', '.join(one_executed) or 'none'})",
             f"≤ {TARGETS['one_chapter_s']} s"),
            ("PDF build (cache warm)", f"{pdf_s} s" if pdf_s is not None else "skipped (no TeX)", "—"),
            ("HTML output", f"{results['html_output_mb']} MB", "—"),
            ("heaviest page + assets", f"{results['heaviest_page_mb']} MB raw, "
             f"{results['heaviest_page_gzip_mb']} MB gzip ({heaviest})", f"≤ {TARGETS['heaviest_page_mb']} MB")]
    rows += [(f"execute {name}", f"{secs} s", "—") for name, secs in results["chapter_execution_s"].items()]
    width = max(len(r[0]) for r in rows)
    print(f"Median of {RUNS} runs on {results['machine']['cpus']} CPUs, Python {results['machine']['python']}")
    for label, value, target in rows:
        print(f"{label:<{width}}  {value:<60} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
